import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { Task } from '../entities/task';

export const handler = async (event: APIGatewayProxyEventV2) => {
  const { data } = await Task.query.byProject({ project: event.pathParameters!.project! }).go({ pages: 'all' });
  return { statusCode: 200, body: JSON.stringify(data) };
};
