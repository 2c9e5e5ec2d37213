import json
import os

import boto3

sns = boto3.client("sns")


def announce_shipment(order_id, tracking):
    sns.publish(
        TopicArn=os.environ["SHIPPED_TOPIC_ARN"],
        Message=json.dumps({"order_id": order_id, "tracking": tracking}),
        MessageAttributes={"kind": {"DataType": "String", "StringValue": "shipped"}},
    )
