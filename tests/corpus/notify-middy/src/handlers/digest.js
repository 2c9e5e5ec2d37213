import middy from '@middy/core';
import ssm from '@middy/ssm';
import secretsManager from '@middy/secrets-manager';
import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { sqs } from '../lib/clients.js';

const digest = async (event, context) => {
  const { recipients = [] } = context.digestConfig;
  const entries = recipients.slice(0, 10).map((to, i) => ({
    Id: String(i),
    MessageBody: JSON.stringify({ to, smtpUser: context.smtp.user }),
  }));
  if (entries.length) {
    await sqs.send(new SendMessageBatchCommand({ QueueUrl: process.env.DIGEST_QUEUE_URL, Entries: entries }));
  }
  return { queued: entries.length };
};

export const handler = middy(digest)
  .use(ssm({
    fetchData: { digestConfig: '/notify/dev/digest-config' },
    setToContext: true,
    cacheExpiry: 15 * 60 * 1000,
  }))
  .use(secretsManager({
    fetchData: { smtp: 'notify/dev/smtp' },
    setToContext: true,
  }));
