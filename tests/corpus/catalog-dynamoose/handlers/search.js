'use strict';
const { Product } = require('../models');

module.exports.handler = async (event) => {
  const category = (event.queryStringParameters || {}).category;
  const items = category
    ? await Product.query('category').eq(category).using('byCategory').exec()
    : await Product.scan().limit(100).exec();
  return { statusCode: 200, body: JSON.stringify(items) };
};
