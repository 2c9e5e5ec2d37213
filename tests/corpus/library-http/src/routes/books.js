const { Router } = require('express');
const { GetObjectCommand } = require('@aws-sdk/client-s3');
const { getSignedUrl } = require('@aws-sdk/s3-request-presigner');
const repo = require('../lib/bookRepository');
const { s3 } = require('../lib/aws');

const router = Router();

router.get('/:isbn', async (req, res) => {
  const book = await repo.findByIsbn(req.params.isbn);
  if (!book) return res.status(404).json({ message: 'not found' });
  const coverUrl = await getSignedUrl(
    s3,
    new GetObjectCommand({ Bucket: process.env.COVERS_BUCKET, Key: `covers/${book.isbn}.jpg` }),
    { expiresIn: 300 },
  );
  return res.json({ ...book, coverUrl });
});

router.post('/', async (req, res) => {
  const { isbn, title, author } = req.body;
  res.status(201).json(await repo.save({ isbn, title, author }));
});

module.exports = router;
