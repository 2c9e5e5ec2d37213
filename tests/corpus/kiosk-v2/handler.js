'use strict';

const { v4: uuid } = require('uuid');
const { docClient, table, today } = require('./lib/db');

module.exports.checkIn = (event, context, callback) => {
  const body = JSON.parse(event.body || '{}');
  const item = { day: today(), visitId: uuid(), name: body.name, host: body.host, at: Date.now() };
  docClient.put({ TableName: table, Item: item }, (err) => {
    if (err) {
      console.error(err);
      return callback(null, { statusCode: 500, body: JSON.stringify({ message: 'could not check in' }) });
    }
    return callback(null, { statusCode: 201, body: JSON.stringify(item) });
  });
};

module.exports.visitsToday = async () => {
  const params = {
    TableName: table,
    KeyConditionExpression: '#d = :d',
    ExpressionAttributeNames: { '#d': 'day' },
    ExpressionAttributeValues: { ':d': today() },
  };
  const data = await docClient.query(params).promise();
  return { statusCode: 200, body: JSON.stringify(data.Items) };
};
