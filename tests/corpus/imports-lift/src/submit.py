import base64
import json
import uuid

from src.clients import BUCKET, QUEUE_URL, s3, sqs


def handler(event, context):
    import_id = str(uuid.uuid4())
    body = base64.b64decode(event["body"]) if event.get("isBase64Encoded") else event["body"].encode()
    key = f"incoming/{import_id}.csv"
    s3.put_object(Bucket=BUCKET, Key=key, Body=body)
    sqs.send_message(QueueUrl=QUEUE_URL, MessageBody=json.dumps({"id": import_id, "key": key}))
    return {"statusCode": 202, "body": json.dumps({"importId": import_id})}
