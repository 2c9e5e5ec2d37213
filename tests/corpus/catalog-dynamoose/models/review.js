'use strict';
const dynamoose = require('dynamoose');
const tableOptions = require('./options');

const schema = new dynamoose.Schema({
  productId: { type: String, hashKey: true },
  reviewId: { type: String, rangeKey: true },
  stars: Number,
});

module.exports = dynamoose.model(process.env.REVIEWS_TABLE, schema, tableOptions);
