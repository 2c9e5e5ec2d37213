const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const { DynamoDBDocumentClient, paginateScan } = require('@aws-sdk/lib-dynamodb');
const { S3Client, PutObjectCommand } = require('@aws-sdk/client-s3');

const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const s3 = new S3Client({});

async function collect(from, to) {
  const rows = [];
  const pages = paginateScan({ client: doc }, {
    TableName: process.env.SOURCE_TABLE,
    FilterExpression: '#at BETWEEN :from AND :to',
    ExpressionAttributeNames: { '#at': 'at' },
    ExpressionAttributeValues: { ':from': from, ':to': to },
  });
  for await (const page of pages) rows.push(...(page.Items || []));
  return rows;
}

module.exports.handler = async (event) => {
  for (const record of event.Records) {
    const job = JSON.parse(record.body);
    const rows = await collect(job.from, job.to);
    await s3.send(new PutObjectCommand({
      Bucket: process.env.EXPORTS_BUCKET,
      Key: `exports/${job.exportId}.json`,
      Body: JSON.stringify(rows),
    }));
  }
};
