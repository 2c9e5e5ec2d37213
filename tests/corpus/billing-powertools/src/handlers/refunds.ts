import type { SQSEvent, SQSRecord, Context } from 'aws-lambda';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';

const processor = new BatchProcessor(EventType.SQS);
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));

const recordHandler = async (record: SQSRecord) => {
  const refund = JSON.parse(record.body);
  await doc.send(new UpdateCommand({
    TableName: process.env.LEDGER_TABLE,
    Key: { accountId: refund.accountId },
    UpdateExpression: 'ADD balance :amount',
    ExpressionAttributeValues: { ':amount': refund.amount },
  }));
};

export const handler = async (event: SQSEvent, context: Context) =>
  processPartialResponse(event, recordHandler, processor, { context });
