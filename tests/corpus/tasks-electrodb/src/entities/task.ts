import { Entity } from 'electrodb';
import { client, table } from './client';

export const Task = new Entity(
  {
    model: { entity: 'task', version: '1', service: 'tasks' },
    attributes: {
      project: { type: 'string', required: true },
      taskId: { type: 'string', required: true },
      title: { type: 'string', required: true },
      assignee: { type: 'string' },
      status: { type: ['open', 'done'] as const, default: 'open' },
    },
    indexes: {
      byProject: {
        pk: { field: 'pk', composite: ['project'] },
        sk: { field: 'sk', composite: ['taskId'] },
      },
      byAssignee: {
        index: 'gsi1',
        pk: { field: 'gsi1pk', composite: ['assignee'] },
        sk: { field: 'gsi1sk', composite: ['status', 'taskId'] },
      },
    },
  },
  { client, table },
);
