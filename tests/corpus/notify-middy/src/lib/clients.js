import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';

export const dynamo = new DynamoDBClient({});
export const sns = new SNSClient({});
export const sqs = new SQSClient({});
