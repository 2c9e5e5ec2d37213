import middy from '@middy/core';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import httpErrorHandler from '@middy/http-error-handler';
import ssm from '@middy/ssm';
import { PublishCommand } from '@aws-sdk/client-sns';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import type { RaisedAlert } from '../lib/types';
import { sns } from '../lib/aws';

type Ctx = Context & { minSeverity: string };

const raise = async (event: APIGatewayProxyEventV2 & { body: RaisedAlert }, context: Ctx) => {
  const { rule, value } = event.body;
  await sns.send(new PublishCommand({
    TopicArn: process.env.PAGER_TOPIC_ARN,
    Message: JSON.stringify({ rule, value, min: context.minSeverity }),
  }));
  return { statusCode: 202, body: '' };
};

export const handler = middy(raise)
  .use(httpJsonBodyParser())
  .use(ssm({
    fetchData: { minSeverity: '/alerts/dev/min-severity' },
    setToContext: true,
    cacheExpiry: 5 * 60 * 1000,
  }))
  .use(httpErrorHandler());
