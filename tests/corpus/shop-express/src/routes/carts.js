'use strict';
const { Router } = require('express');
const { GetCommand, UpdateCommand, DeleteCommand } = require('@aws-sdk/lib-dynamodb');
const { doc, CARTS } = require('../lib/db');

const router = Router();

router.get('/:cartId', async (req, res) => {
  const out = await doc.send(new GetCommand({ TableName: CARTS, Key: { cartId: req.params.cartId } }));
  res.json(out.Item || { cartId: req.params.cartId, items: [] });
});

router.post('/:cartId/items', async (req, res) => {
  await doc.send(new UpdateCommand({
    TableName: CARTS,
    Key: { cartId: req.params.cartId },
    UpdateExpression: 'SET #items = list_append(if_not_exists(#items, :empty), :item)',
    ExpressionAttributeNames: { '#items': 'items' },
    ExpressionAttributeValues: { ':item': [req.body], ':empty': [] },
  }));
  res.status(204).end();
});

router.delete('/:cartId', async (req, res) => {
  await doc.send(new DeleteCommand({ TableName: CARTS, Key: { cartId: req.params.cartId } }));
  res.status(204).end();
});

module.exports = router;
