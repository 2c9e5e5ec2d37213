import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Table } from 'dynamodb-toolbox';

const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export const InventoryTable = new Table({
  name: process.env.INVENTORY_TABLE,
  partitionKey: { name: 'pk', type: 'string' },
  sortKey: { name: 'sk', type: 'string' },
  indexes: {
    byLevel: { type: 'global', partitionKey: { name: 'level', type: 'string' } },
  },
  documentClient,
});
