'use strict';

const AWS = require('aws-sdk');
const { docClient, table } = require('./lib/db');

const s3 = new AWS.S3();

function scanAll(params, acc = []) {
  return docClient.scan(params).promise().then((page) => {
    const items = acc.concat(page.Items);
    if (!page.LastEvaluatedKey) return items;
    return scanAll({ ...params, ExclusiveStartKey: page.LastEvaluatedKey }, items);
  });
}

exports.run = async () => {
  const items = await scanAll({ TableName: table });
  const csv = items.map((v) => [v.day, v.visitId, v.name, v.host].join(',')).join('\n');
  await s3.putObject({
    Bucket: process.env.EXPORT_BUCKET,
    Key: `visits/${new Date().toISOString().slice(0, 10)}.csv`,
    Body: csv,
    ContentType: 'text/csv',
  }).promise();
  return { exported: items.length };
};
