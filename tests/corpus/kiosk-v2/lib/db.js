'use strict';

const AWS = require('aws-sdk');

const docClient = new AWS.DynamoDB.DocumentClient({ convertEmptyValues: true });

module.exports = {
  docClient,
  table: process.env.VISITS_TABLE,
  today: () => new Date().toISOString().slice(0, 10),
};
