import os

import boto3

s3 = boto3.resource("s3")
dynamodb = boto3.resource("dynamodb")

BUCKET = os.environ["MEDIA_BUCKET"]


def bucket():
    return s3.Bucket(BUCKET)


def catalog():
    return dynamodb.Table(os.environ["CATALOG_TABLE"])
