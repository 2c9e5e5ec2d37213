import middy from '@middy/core';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import httpErrorHandler from '@middy/http-error-handler';
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { dynamo } from '../lib/clients.js';

const TABLE = process.env.PREFS_TABLE;

const preferences = async (event) => {
  const userId = event.pathParameters.userId;
  if (event.requestContext.http.method === 'PUT') {
    await dynamo.send(new PutItemCommand({
      TableName: TABLE,
      Item: { userId: { S: userId }, channels: { SS: event.body.channels } },
    }));
    return { statusCode: 204 };
  }
  const out = await dynamo.send(new GetItemCommand({ TableName: TABLE, Key: { userId: { S: userId } } }));
  return { statusCode: out.Item ? 200 : 404, body: JSON.stringify(out.Item ?? {}) };
};

export const handler = middy()
  .use(httpJsonBodyParser({ disableContentTypeError: true }))
  .use(httpErrorHandler())
  .handler(preferences);
