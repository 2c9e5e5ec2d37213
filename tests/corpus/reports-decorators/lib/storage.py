import json
import os

import boto3

s3 = boto3.client("s3")
BUCKET = os.environ["REPORTS_BUCKET"]


def save_report(tenant, report_id, rows):
    key = f"reports/{tenant}/{report_id}.json"
    s3.put_object(Bucket=BUCKET, Key=key, Body=json.dumps(rows).encode())
    return key


def report_link(tenant, report_id):
    return s3.generate_presigned_url(
        "get_object",
        Params={"Bucket": BUCKET, "Key": f"reports/{tenant}/{report_id}.json"},
        ExpiresIn=300,
    )
