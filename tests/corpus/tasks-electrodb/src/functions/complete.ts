import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { Task } from '../entities/task';

export const handler = async (event: APIGatewayProxyEventV2) => {
  const { project, taskId } = event.pathParameters as { project: string; taskId: string };
  await Task.patch({ project, taskId }).set({ status: 'done' }).go();
  return { statusCode: 204 };
};
