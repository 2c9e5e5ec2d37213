import os

import boto3
from aws_lambda_powertools import Logger

from src.payments.events import emit

logger = Logger()
client = boto3.client("dynamodb")


@logger.inject_lambda_context
def handler(event, context):
    pending = 0
    paginator = client.get_paginator("scan")
    for page in paginator.paginate(
        TableName=os.environ["PAYMENTS_TABLE"],
        FilterExpression="#s = :p",
        ExpressionAttributeNames={"#s": "status"},
        ExpressionAttributeValues={":p": {"S": "PENDING"}},
    ):
        pending += page["Count"]
    emit("ReconcileFinished", {"pending": pending})
    logger.info("reconciled", extra={"pending": pending})
