import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { GetItemCommand } from 'dynamodb-toolbox';
import { StockItem } from '../db/stock-item';

export const handler = async (event: APIGatewayProxyEventV2) => {
  const { warehouse, sku } = event.pathParameters as { warehouse: string; sku: string };
  const { Item } = await StockItem.build(GetItemCommand).key({ warehouse, sku }).send();
  return { statusCode: Item ? 200 : 404, body: JSON.stringify(Item ?? {}) };
};
