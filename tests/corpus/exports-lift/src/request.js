const { randomUUID } = require('node:crypto');
const { SQSClient, SendMessageCommand } = require('@aws-sdk/client-sqs');

const sqs = new SQSClient({});

module.exports.handler = async (event) => {
  const exportId = randomUUID();
  const { from, to } = JSON.parse(event.body || '{}');
  await sqs.send(new SendMessageCommand({
    QueueUrl: process.env.REPORTS_QUEUE_URL,
    MessageBody: JSON.stringify({ exportId, from, to }),
  }));
  return { statusCode: 202, body: JSON.stringify({ exportId }) };
};
