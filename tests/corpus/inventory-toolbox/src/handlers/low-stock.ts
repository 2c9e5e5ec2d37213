import { QueryCommand } from 'dynamodb-toolbox';
import { SNSClient, PublishCommand } from '@aws-sdk/client-sns';
import { InventoryTable } from '../db/table';
import { StockItem } from '../db/stock-item';

const sns = new SNSClient({});

export const handler = async () => {
  const { Items = [] } = await InventoryTable.build(QueryCommand)
    .entities(StockItem)
    .query({ index: 'byLevel', partition: 'low' })
    .send();
  if (Items.length) {
    await sns.send(new PublishCommand({
      TopicArn: process.env.LOW_STOCK_TOPIC,
      Subject: 'Low stock',
      Message: Items.map((i) => `${i.warehouse}/${i.sku}: ${i.quantity}`).join('\n'),
    }));
  }
};
