'use strict';
const { randomUUID } = require('crypto');
const { Product, Review } = require('../models');

module.exports.get = async (event) => {
  const product = await Product.get({ id: event.pathParameters.id });
  if (!product) return { statusCode: 404, body: '{}' };
  const reviews = await Review.query('productId').eq(product.id).limit(20).exec();
  return { statusCode: 200, body: JSON.stringify({ ...product, reviews }) };
};

module.exports.create = async (event) => {
  const body = JSON.parse(event.body);
  const product = await Product.create({ id: randomUUID(), ...body });
  return { statusCode: 201, body: JSON.stringify(product) };
};
