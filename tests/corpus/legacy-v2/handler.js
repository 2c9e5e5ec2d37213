var clients = require('./lib/aws');

function shrink(buffer) {
  return buffer.slice(0, 32768);
}

module.exports.resize = function (event, context, callback) {
  var record = event.Records[0].s3;
  var key = decodeURIComponent(record.object.key.replace(/\+/g, ' '));
  clients.s3.getObject({ Bucket: record.bucket.name, Key: key }, function (err, data) {
    if (err) return callback(err);
    clients.s3.putObject(
      { Bucket: process.env.OUTPUT_BUCKET, Key: 'small/' + key, Body: shrink(data.Body) },
      callback
    );
  });
};

module.exports.enqueue = function (event, context, callback) {
  clients.sqs.sendMessage(
    { QueueUrl: process.env.JOBS_QUEUE_URL, MessageBody: event.body },
    function (err) {
      callback(null, { statusCode: err ? 500 : 202, body: '' });
    }
  );
};

module.exports.dispatch = function (event, context, callback) {
  clients.sqs.receiveMessage(
    { QueueUrl: process.env.JOBS_QUEUE_URL, MaxNumberOfMessages: 10 },
    function (err, data) {
      if (err) return callback(err);
      var messages = data.Messages || [];
      if (!messages.length) return callback(null, 0);
      clients.lambda.invoke(
        {
          FunctionName: 'legacy-dev-worker',
          InvocationType: 'Event',
          Payload: JSON.stringify(messages.map(function (m) { return m.Body; })),
        },
        function (invokeErr) {
          if (invokeErr) return callback(invokeErr);
          var entries = messages.map(function (m) {
            return { Id: m.MessageId, ReceiptHandle: m.ReceiptHandle };
          });
          clients.sqs.deleteMessageBatch({ QueueUrl: process.env.JOBS_QUEUE_URL, Entries: entries }, callback);
        }
      );
    }
  );
};
