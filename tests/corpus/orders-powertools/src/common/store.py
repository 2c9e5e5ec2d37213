import os

import boto3

_table = boto3.resource("dynamodb").Table(os.environ["ORDERS_TABLE"])


def load_order(order_id):
    return _table.get_item(Key={"order_id": order_id}).get("Item")


def put_order(order):
    _table.put_item(Item=order, ConditionExpression="attribute_not_exists(order_id)")


def mark_paid(order_id, charge_id):
    _table.update_item(
        Key={"order_id": order_id},
        UpdateExpression="SET charge_id = :c, #s = :s",
        ExpressionAttributeNames={"#s": "status"},
        ExpressionAttributeValues={":c": charge_id, ":s": "PAID"},
    )
