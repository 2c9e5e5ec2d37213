import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { ScheduledEvent } from 'aws-lambda';
import type { AlertRule } from '../lib/types';
import { documentClient, sqs } from '../lib/aws';

const loadRule = async (id: string, TableName = process.env.RULES_TABLE): Promise<AlertRule | undefined> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName, Key: { id } }));
  return Item as AlertRule | undefined;
};

export const handler = async (_event: ScheduledEvent) => {
  const ids = (process.env.WATCHED_RULES ?? '').split(',').filter(Boolean);
  const rules = await Promise.all(ids.map((id) => loadRule(id)));
  await sqs.send(new SendMessageCommand({
    QueueUrl: process.env.DIGEST_QUEUE_URL,
    MessageBody: JSON.stringify({ at: new Date().toISOString(), rules: rules.filter(Boolean) }),
  }));
};
