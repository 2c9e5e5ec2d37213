'use strict';
const express = require('express');
const serverless = require('serverless-http');
const products = require('./routes/products');
const carts = require('./routes/carts');

const app = express();
app.use(express.json());
app.use('/products', products);
app.use('/carts', carts);
app.get('/health', (req, res) => res.json({ ok: true }));

module.exports.handler = serverless(app);
