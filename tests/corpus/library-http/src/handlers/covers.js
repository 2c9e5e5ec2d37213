const { GetObjectCommand, PutObjectCommand } = require('@aws-sdk/client-s3');
const { s3 } = require('../lib/aws');

const Bucket = process.env.COVERS_BUCKET;

module.exports.handler = async (event) => {
  for (const record of event.Records) {
    const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
    const original = await s3.send(new GetObjectCommand({ Bucket, Key: key }));
    const body = await original.Body.transformToByteArray();
    const name = key.split('/').pop();
    await s3.send(new PutObjectCommand({
      Bucket,
      Key: `covers/${name}`,
      Body: body,
      ContentType: 'image/jpeg',
    }));
  }
};
