import json

from app.services import receipt_link


def handler(event, context):
    order_id = event["pathParameters"]["order_id"]
    return {"statusCode": 200, "body": json.dumps({"url": receipt_link(order_id)})}
