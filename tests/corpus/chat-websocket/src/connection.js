'use strict';
const { saveConnection, removeConnection } = require('./db');

exports.connect = async (event) => {
  await saveConnection(event.requestContext.connectionId);
  return { statusCode: 200 };
};

exports.disconnect = async (event) => {
  await removeConnection(event.requestContext.connectionId);
  return { statusCode: 200 };
};
