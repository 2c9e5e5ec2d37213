var AWS = require('aws-sdk');

module.exports = {
  s3: new AWS.S3({ signatureVersion: 'v4' }),
  sqs: new AWS.SQS(),
  lambda: new AWS.Lambda(),
  db: new AWS.DynamoDB.DocumentClient(),
};
