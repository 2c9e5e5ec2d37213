const { GetCommand, PutCommand, QueryCommand, DeleteCommand } = require('@aws-sdk/lib-dynamodb');
const { ddb } = require('./aws');

const TableName = process.env.BOOKS_TABLE;

async function findByIsbn(isbn) {
  const { Item } = await ddb.send(new GetCommand({ TableName, Key: { isbn } }));
  return Item;
}

async function listByAuthor(author) {
  const out = await ddb.send(new QueryCommand({
    TableName,
    IndexName: 'by-author',
    KeyConditionExpression: 'author = :a',
    ExpressionAttributeValues: { ':a': author },
  }));
  return out.Items || [];
}

async function save(book) {
  await ddb.send(new PutCommand({ TableName, Item: book }));
  return book;
}

// Kept for the admin tool; no route reaches it.
async function remove(isbn) {
  await ddb.send(new DeleteCommand({ TableName, Key: { isbn } }));
}

module.exports = { findByIsbn, listByAuthor, save, remove };
