import { Entity, item, string, number } from 'dynamodb-toolbox';
import { InventoryTable } from './table';

export const StockItem = new Entity({
  name: 'StockItem',
  table: InventoryTable,
  schema: item({
    warehouse: string().key().savedAs('pk'),
    sku: string().key().savedAs('sk'),
    quantity: number().default(0),
    level: string().default('ok'),
  }),
});
