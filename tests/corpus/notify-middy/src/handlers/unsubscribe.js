import middy from '@middy/core';
import httpErrorHandler from '@middy/http-error-handler';
import { DeleteItemCommand } from '@aws-sdk/client-dynamodb';
import { dynamo } from '../lib/clients.js';

const unsubscribe = async (event) => {
  await dynamo.send(new DeleteItemCommand({
    TableName: process.env.PREFS_TABLE,
    Key: { userId: { S: event.pathParameters.userId } },
  }));
  return { statusCode: 204 };
};

export const handler = middy(unsubscribe).use(httpErrorHandler());
