const { Router } = require('express');
const { listByAuthor } = require('../lib/bookRepository');

const router = Router();

router.get('/:author/books', async (req, res) => {
  res.json(await listByAuthor(req.params.author));
});

module.exports = router;
