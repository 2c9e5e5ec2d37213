var clients = require('./lib/aws');

module.exports.run = async function (jobs) {
  var now = Date.now();
  var request = { RequestItems: {} };
  request.RequestItems[process.env.LEDGER_TABLE] = jobs.map(function (body, i) {
    return { PutRequest: { Item: { id: now + '-' + i, body: body } } };
  });
  request.RequestItems[process.env.AUDIT_TABLE] = [
    { PutRequest: { Item: { id: 'batch-' + now, size: jobs.length } } },
  ];
  await clients.db.batchWrite(request).promise();
  return jobs.length;
};
