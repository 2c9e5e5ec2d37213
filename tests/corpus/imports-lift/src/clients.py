import os

import boto3

sqs = boto3.client("sqs")
s3 = boto3.client("s3")
results = boto3.resource("dynamodb").Table(os.environ["RESULTS_TABLE"])
BUCKET = os.environ["UPLOADS_BUCKET"]
QUEUE_URL = os.environ["JOBS_QUEUE_URL"]
