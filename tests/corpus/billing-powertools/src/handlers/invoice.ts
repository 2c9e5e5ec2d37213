import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { makeIdempotent, IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';
import { persistenceStore } from '../shared/idempotency';

const s3 = new S3Client({});
const config = new IdempotencyConfig({ eventKeyJmesPath: 'powertools_json(body).invoiceId' });

const issue = async (event: APIGatewayProxyEventV2, _context: Context) => {
  const invoice = JSON.parse(event.body ?? '{}');
  const apiKey = await getSecret(process.env.PROVIDER_SECRET as string, { maxAge: 300 });
  const pdf = Buffer.from(`invoice ${invoice.invoiceId} signed with ${String(apiKey).length}`);
  await s3.send(new PutObjectCommand({
    Bucket: process.env.INVOICES_BUCKET,
    Key: `invoices/${invoice.customerId}/${invoice.invoiceId}.pdf`,
    Body: pdf,
    ContentType: 'application/pdf',
  }));
  return { statusCode: 201, body: JSON.stringify({ invoiceId: invoice.invoiceId }) };
};

export const handler = makeIdempotent(issue, { persistenceStore, config });
