'use strict';
module.exports = {
  Product: require('./product'),
  Review: require('./review'),
};
