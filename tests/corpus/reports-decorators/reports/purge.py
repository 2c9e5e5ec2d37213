from lib.decorators import audited
from lib.storage import BUCKET, s3


@audited("purge-reports")
def handler(event, context):
    pages = s3.get_paginator("list_objects_v2").paginate(Bucket=BUCKET, Prefix="reports/")
    removed = 0
    for page in pages:
        keys = [{"Key": o["Key"]} for o in page.get("Contents", [])]
        if keys:
            s3.delete_objects(Bucket=BUCKET, Delete={"Objects": keys, "Quiet": True})
            removed += len(keys)
    return {"removed": removed}
