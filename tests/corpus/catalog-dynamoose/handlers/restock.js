'use strict';
const { Product } = require('../models');

module.exports.handler = async (event) => {
  const updates = event.Records.map((r) => JSON.parse(r.body));
  const known = await Product.batchGet(updates.map((u) => ({ id: u.id })));
  const ids = new Set(known.map((p) => p.id));
  for (const u of updates) {
    if (!ids.has(u.id)) continue;
    await Product.update({ id: u.id }, { $ADD: { stock: u.quantity } });
  }
  const discontinued = updates.filter((u) => u.discontinued);
  for (const u of discontinued) {
    await Product.delete({ id: u.id });
  }
};
