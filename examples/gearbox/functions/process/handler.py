"""SQS UploadsQueue -> DynamoDB items table, with partial batch failures.

Messages that keep failing are moved to UploadsDLQ by the queue's
RedrivePolicy after maxReceiveCount receives.
"""

import json
from datetime import datetime, timezone

from lib.gearbox_common import log, table


def _item(body: dict) -> dict:
    bucket, key = body["bucket"], body["key"]
    return {
        "pk": f"s3://{bucket}/{key}",
        "owner": body.get("owner", "unknown"),
        "bucket": bucket,
        "key": key,
        "size": int(body.get("size", 0)),
        "etag": body.get("etag"),
        "uploadedAt": body.get("eventTime"),
        "processedAt": datetime.now(timezone.utc).isoformat(),
    }


def handle(event, context):
    items = table()
    failures = []
    for record in event.get("Records", []):
        message_id = record["messageId"]
        try:
            items.put_item(Item=_item(json.loads(record["body"])))
        except Exception as exc:  # report per message, keep the rest of the batch
            log("process failed", messageId=message_id, error=repr(exc))
            failures.append({"itemIdentifier": message_id})
    log("processed", total=len(event.get("Records", [])), failed=len(failures))
    return {"batchItemFailures": failures}
