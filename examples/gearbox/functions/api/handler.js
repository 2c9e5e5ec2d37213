'use strict';

// HTTP API: GET /items/{id} and PUT /items/{id} against the items table.
const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const { DynamoDBDocumentClient, GetCommand, PutCommand } = require('@aws-sdk/lib-dynamodb');

const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
  marshallOptions: { removeUndefinedValues: true },
});
const TABLE_NAME = process.env.TABLE_NAME;

const reply = (statusCode, body) => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

async function getItem(id) {
  const { Item } = await doc.send(new GetCommand({ TableName: TABLE_NAME, Key: { pk: id } }));
  return Item ? reply(200, Item) : reply(404, { message: `item ${id} not found` });
}

async function putItem(id, rawBody, isBase64Encoded) {
  let data;
  try {
    const text = isBase64Encoded ? Buffer.from(rawBody || '', 'base64').toString('utf8') : rawBody;
    data = JSON.parse(text || '{}');
  } catch {
    return reply(400, { message: 'body must be JSON' });
  }
  const item = { ...data, pk: id, owner: data.owner || 'anonymous', updatedAt: new Date().toISOString() };
  await doc.send(new PutCommand({ TableName: TABLE_NAME, Item: item }));
  return reply(200, item);
}

exports.handler = async (event) => {
  const id = event.pathParameters && event.pathParameters.id;
  if (!id) return reply(400, { message: 'missing id' });
  const method = event.requestContext.http.method;
  try {
    if (method === 'GET') return await getItem(id);
    if (method === 'PUT') return await putItem(id, event.body, event.isBase64Encoded);
    return reply(405, { message: `${method} not allowed` });
  } catch (err) {
    console.error(JSON.stringify({ msg: 'api error', id, method, error: err.message }));
    return reply(500, { message: 'internal error' });
  }
};
