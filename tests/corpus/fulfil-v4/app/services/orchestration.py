import json
import os

import boto3


def start_fulfilment(order, client=None):
    client = client or boto3.client("stepfunctions")
    resp = client.start_execution(
        stateMachineArn=os.environ["FULFILMENT_MACHINE"],
        name=f"order-{order['id']}",
        input=json.dumps(order),
    )
    return resp["executionArn"]
