import { FirehoseClient, PutRecordBatchCommand } from '@aws-sdk/client-firehose';

const firehose = new FirehoseClient({});

export const handler = async (event) => {
  const items = JSON.parse(event.body ?? '[]');
  const out = await firehose.send(new PutRecordBatchCommand({
    DeliveryStreamName: process.env.ARCHIVE_STREAM,
    Records: items.map((i) => ({ Data: Buffer.from(`${JSON.stringify(i)}\n`) })),
  }));
  return { statusCode: out.FailedPutCount ? 207 : 202 };
};
