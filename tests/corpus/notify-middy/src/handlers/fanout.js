import middy from '@middy/core';
import sqsPartialBatchFailure from '@middy/sqs-partial-batch-failure';
import { PublishCommand } from '@aws-sdk/client-sns';
import { sns } from '../lib/clients.js';

const fanout = async (event) =>
  Promise.allSettled(
    event.Records.map((record) =>
      sns.send(new PublishCommand({
        TopicArn: process.env.ALERTS_TOPIC_ARN,
        Message: record.body,
        MessageAttributes: { kind: { DataType: 'String', StringValue: 'alert' } },
      })),
    ),
  );

export const handler = middy(fanout).use(sqsPartialBatchFailure());
