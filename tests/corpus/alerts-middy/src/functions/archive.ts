import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { SQSEvent } from 'aws-lambda';
import { s3 } from '../lib/aws';

export async function handler({ Records }: SQSEvent): Promise<void> {
  for (const { messageId, body } of Records) {
    const { at } = JSON.parse(body) as { at: string };
    await s3.send(new PutObjectCommand({
      Bucket: process.env.ARCHIVE_BUCKET,
      Key: `digests/${at.slice(0, 10)}/${messageId}.json`,
      Body: body,
      ContentType: 'application/json',
    }));
  }
}
