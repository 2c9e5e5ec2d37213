import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { Task } from '../entities/task';

export const handler = async (event: APIGatewayProxyEventV2WithJWTAuthorizer) => {
  const me = event.requestContext.authorizer.jwt.claims.sub as string;
  const { data } = await Task.query.byAssignee({ assignee: me, status: 'open' }).go();
  return { statusCode: 200, body: JSON.stringify(data) };
};
