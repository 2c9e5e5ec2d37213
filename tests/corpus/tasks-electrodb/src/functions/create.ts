import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { Task } from '../entities/task';

export const handler = async (event: APIGatewayProxyEventV2) => {
  const body = JSON.parse(event.body ?? '{}');
  const { data } = await Task.create({
    project: event.pathParameters!.project!,
    taskId: randomUUID(),
    title: body.title,
    assignee: body.assignee,
  }).go();
  return { statusCode: 201, body: JSON.stringify(data) };
};
