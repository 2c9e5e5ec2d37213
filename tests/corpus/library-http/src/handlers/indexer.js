const { PublishCommand } = require('@aws-sdk/client-sns');
const { unmarshall } = require('@aws-sdk/util-dynamodb');
const { sns } = require('../lib/aws');

module.exports.handler = async (event) => {
  const inserts = event.Records.filter((r) => r.eventName === 'INSERT');
  await Promise.all(inserts.map((r) => {
    const book = unmarshall(r.dynamodb.NewImage);
    return sns.send(new PublishCommand({
      TopicArn: process.env.NEW_BOOKS_TOPIC,
      Subject: 'New book',
      Message: JSON.stringify({ isbn: book.isbn, title: book.title }),
    }));
  }));
};
