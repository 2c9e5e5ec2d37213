import json
import os

import boto3
from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities import parameters

logger = Logger()
sfn = boto3.client("stepfunctions")

# Loaded once per container.
GATEWAY_KEY = parameters.get_secret("payments/dev/gateway-key")


@logger.inject_lambda_context(log_event=False)
def handler(event, context):
    payment_id = event["pathParameters"]["id"]
    execution = sfn.start_execution(
        stateMachineArn=os.environ["REFUND_MACHINE_ARN"],
        input=json.dumps({"payment_id": payment_id, "key_id": GATEWAY_KEY[:4]}),
    )
    return {"statusCode": 202, "body": json.dumps({"execution": execution["executionArn"]})}
