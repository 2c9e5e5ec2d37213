import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { eventBridge } from '../aws/index.mjs';

const LIMIT = 90;

export const handler = async (event) => {
  const hot = event.Records
    .map((r) => JSON.parse(Buffer.from(r.kinesis.data, 'base64').toString('utf8')))
    .filter((m) => m.value > LIMIT);
  if (!hot.length) return;
  await eventBridge.send(new PutEventsCommand({
    Entries: hot.slice(0, 10).map((m) => ({
      Source: 'telemetry',
      DetailType: 'ThresholdExceeded',
      Detail: JSON.stringify(m),
    })),
  }));
};
