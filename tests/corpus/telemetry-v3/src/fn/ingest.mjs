import { PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { kinesis } from '../aws/index.mjs';

const decode = (r) => JSON.parse(Buffer.from(r.kinesis.data, 'base64').toString('utf8'));

export const handler = async (event) => {
  const clean = event.Records.map(decode).filter((m) => m.deviceId && m.value !== undefined);
  if (!clean.length) return;
  await kinesis.send(new PutRecordsCommand({
    StreamName: process.env.CLEAN_STREAM,
    Records: clean.map((m) => ({ PartitionKey: m.deviceId, Data: Buffer.from(JSON.stringify(m)) })),
  }));
};
