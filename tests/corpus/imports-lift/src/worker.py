import csv
import io
import json

from src.clients import BUCKET, results, s3


def handler(event, context):
    failures = []
    for record in event["Records"]:
        job = json.loads(record["body"])
        try:
            data = s3.get_object(Bucket=BUCKET, Key=job["key"])["Body"].read().decode()
            rows = list(csv.DictReader(io.StringIO(data)))
            results.put_item(Item={"import_id": job["id"], "rows": len(rows), "status": "DONE"})
        except Exception:
            failures.append({"itemIdentifier": record["messageId"]})
    return {"batchItemFailures": failures}
