import json
import os

from lib.sfn import client

REGION = os.environ["AWS_REGION"]


def handler(event, context):
    account = context.invoked_function_arn.split(":")[4]
    machine = os.environ["CHECKOUT_MACHINE_NAME"]
    execution_id = event["pathParameters"]["executionId"]
    arn = f"arn:aws:states:{REGION}:{account}:execution:{machine}:{execution_id}"
    desc = client.describe_execution(executionArn=arn)
    return {"statusCode": 200, "body": json.dumps({"status": desc["status"]})}
