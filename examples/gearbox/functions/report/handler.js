'use strict';

// Daily report: scan the items table and publish a summary to SNS.
const { DynamoDBClient, ScanCommand } = require('@aws-sdk/client-dynamodb');
const { SNSClient, PublishCommand } = require('@aws-sdk/client-sns');

const dynamo = new DynamoDBClient({});
const sns = new SNSClient({});

async function summarize(tableName) {
  const byOwner = {};
  let items = 0;
  let bytes = 0;
  let ExclusiveStartKey;
  do {
    const page = await dynamo.send(new ScanCommand({
      TableName: tableName,
      ProjectionExpression: '#o, #s',
      ExpressionAttributeNames: { '#o': 'owner', '#s': 'size' },
      ExclusiveStartKey,
    }));
    for (const item of page.Items || []) {
      const owner = (item.owner && item.owner.S) || 'unknown';
      byOwner[owner] = (byOwner[owner] || 0) + 1;
      bytes += Number((item.size && item.size.N) || 0);
      items += 1;
    }
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return { items, bytes, byOwner };
}

exports.handler = async () => {
  const summary = await summarize(process.env.TABLE_NAME);
  const stage = process.env.STAGE || 'dev';
  const result = await sns.send(new PublishCommand({
    TopicArn: process.env.REPORT_TOPIC_ARN,
    Subject: `gearbox ${stage} daily report`,
    Message: JSON.stringify({ generatedAt: new Date().toISOString(), ...summary }, null, 2),
  }));
  console.log(JSON.stringify({ msg: 'report published', messageId: result.MessageId, items: summary.items }));
  return { messageId: result.MessageId, ...summary };
};
