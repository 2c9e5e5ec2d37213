"""S3 ObjectCreated -> one SQS message per uploaded object."""

import json
import os
import urllib.parse

import boto3

sqs = boto3.client("sqs")


def _metadata(record: dict) -> dict:
    s3 = record["s3"]
    obj = s3["object"]
    return {
        "bucket": s3["bucket"]["name"],
        # Keys arrive URL-encoded ("+" for spaces) in S3 notifications.
        "key": urllib.parse.unquote_plus(obj["key"]),
        "size": obj.get("size", 0),
        "etag": obj.get("eTag"),
        "eventTime": record.get("eventTime"),
        "owner": record.get("userIdentity", {}).get("principalId", "unknown"),
    }


def handle(event, context):
    queue_url = os.environ["QUEUE_URL"]
    sent = 0
    for record in event.get("Records", []):
        if not record.get("eventName", "").startswith("ObjectCreated"):
            continue
        body = _metadata(record)
        sqs.send_message(QueueUrl=queue_url, MessageBody=json.dumps(body))
        sent += 1
    # Any exception above fails the async invocation; after Lambda's retries
    # the event lands on IngestFailuresQueue (destinations.onFailure).
    print(json.dumps({"msg": "ingested", "sent": sent}))
    return {"sent": sent}
