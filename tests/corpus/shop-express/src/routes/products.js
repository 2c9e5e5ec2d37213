'use strict';
const { Router } = require('express');
const { GetCommand, QueryCommand } = require('@aws-sdk/lib-dynamodb');
const { doc, PRODUCTS } = require('../lib/db');

const router = Router();

router.get('/', async (req, res) => {
  const out = await doc.send(new QueryCommand({
    TableName: PRODUCTS,
    IndexName: 'byCategory',
    KeyConditionExpression: 'category = :c',
    ExpressionAttributeValues: { ':c': req.query.category || 'all' },
  }));
  res.json(out.Items);
});

router.get('/:id', async (req, res) => {
  const out = await doc.send(new GetCommand({ TableName: PRODUCTS, Key: { id: req.params.id } }));
  if (!out.Item) return res.status(404).end();
  return res.json(out.Item);
});

module.exports = router;
