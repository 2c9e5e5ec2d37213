import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { UpdateItemCommand, $add } from 'dynamodb-toolbox';
import { StockItem } from '../db/stock-item';

export const handler = async (event: APIGatewayProxyEventV2) => {
  const warehouse = event.pathParameters!.warehouse as string;
  const { sku, quantity } = JSON.parse(event.body ?? '{}');
  await StockItem.build(UpdateItemCommand).item({ warehouse, sku, quantity: $add(quantity) }).send();
  return { statusCode: 204 };
};
