'use strict';
const dynamoose = require('dynamoose');
const tableOptions = require('./options');

const schema = new dynamoose.Schema({
  id: { type: String, hashKey: true },
  category: {
    type: String,
    index: { name: 'byCategory', type: 'global' },
  },
  name: String,
  price: Number,
  stock: { type: Number, default: 0 },
}, { timestamps: true });

module.exports = dynamoose.model(process.env.PRODUCTS_TABLE, schema, tableOptions);
