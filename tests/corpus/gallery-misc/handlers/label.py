import os
from urllib.parse import unquote_plus

import boto3

rekognition = boto3.client("rekognition")
dynamodb = boto3.client("dynamodb")


def handler(event, context):
    for record in event["Records"]:
        bucket = record["s3"]["bucket"]["name"]
        key = unquote_plus(record["s3"]["object"]["key"])
        found = rekognition.detect_labels(
            Image={"S3Object": {"Bucket": bucket, "Name": key}}, MaxLabels=10, MinConfidence=80
        )
        names = [label["Name"] for label in found["Labels"]]
        dynamodb.batch_write_item(
            RequestItems={
                os.environ["PHOTOS_TABLE"]: [
                    {"PutRequest": {"Item": {"key": {"S": key}, "labels": {"SS": names or ["none"]}}}}
                ],
                os.environ["LABELS_TABLE"]: [
                    {"PutRequest": {"Item": {"label": {"S": n}, "key": {"S": key}}}} for n in names
                ],
            }
        )
