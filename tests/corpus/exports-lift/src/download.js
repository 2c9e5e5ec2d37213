const { S3Client, GetObjectCommand } = require('@aws-sdk/client-s3');
const { getSignedUrl } = require('@aws-sdk/s3-request-presigner');

const s3 = new S3Client({});

module.exports.handler = async (event) => {
  const url = await getSignedUrl(
    s3,
    new GetObjectCommand({
      Bucket: process.env.EXPORTS_BUCKET,
      Key: `exports/${event.pathParameters.exportId}.json`,
    }),
    { expiresIn: 600 },
  );
  return { statusCode: 200, body: JSON.stringify({ url }) };
};
