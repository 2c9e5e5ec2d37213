const express = require('express');
const serverless = require('serverless-http');
const books = require('./routes/books');
const authors = require('./routes/authors');

const app = express();
app.use(express.json());
app.use('/books', books);
app.use('/authors', authors);

module.exports.handler = serverless(app);
