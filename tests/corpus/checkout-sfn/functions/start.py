import json
import os
import uuid

from lib.sfn import client


def handler(event, context):
    order = json.loads(event["body"])
    run = client.start_execution(
        stateMachineArn=os.environ["CHECKOUT_STATE_MACHINE"],
        name=f"order-{uuid.uuid4()}",
        input=json.dumps({"order": order}),
    )
    return {"statusCode": 202, "body": json.dumps({"executionArn": run["executionArn"]})}
