'use strict';
const AWS = require('aws-sdk');
const { allConnections, removeConnection } = require('./db');

exports.handler = async (event) => {
  const { domainName, stage } = event.requestContext;
  const api = new AWS.ApiGatewayManagementApi({ endpoint: `${domainName}/${stage}` });
  const data = JSON.parse(event.body).data;
  const ids = await allConnections();
  await Promise.all(ids.map(async (ConnectionId) => {
    try {
      await api.postToConnection({ ConnectionId, Data: JSON.stringify(data) }).promise();
    } catch (err) {
      if (err.statusCode === 410) await removeConnection(ConnectionId);
      else throw err;
    }
  }));
  return { statusCode: 200 };
};
