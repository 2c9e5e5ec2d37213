'use strict';
const AWS = require('aws-sdk');

exports.handler = async (event) => {
  const { connectionId, domainName, stage } = event.requestContext;
  const api = new AWS.ApiGatewayManagementApi({
    apiVersion: '2018-11-29',
    endpoint: 'https://' + domainName + '/' + stage,
  });
  await api.postToConnection({ ConnectionId: connectionId, Data: event.body || '' }).promise();
  return { statusCode: 200 };
};
