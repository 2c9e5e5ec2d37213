'use strict';
const AWS = require('aws-sdk');

const documentClient = new AWS.DynamoDB.DocumentClient();
const TableName = process.env.CONNECTIONS_TABLE;

exports.saveConnection = (connectionId) =>
  documentClient.put({ TableName, Item: { connectionId, at: Date.now() } }).promise();

exports.removeConnection = (connectionId) =>
  documentClient.delete({ TableName, Key: { connectionId } }).promise();

exports.allConnections = async () => {
  const out = await documentClient.scan({ TableName, ProjectionExpression: 'connectionId' }).promise();
  return out.Items.map((i) => i.connectionId);
};
