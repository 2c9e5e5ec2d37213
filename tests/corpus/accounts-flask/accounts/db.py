import os

import boto3

client = boto3.client("dynamodb")
TABLE = os.environ["USERS_TABLE"]


def find_user(user_id):
    item = client.get_item(TableName=TABLE, Key={"user_id": {"S": user_id}}).get("Item")
    return item and {k: list(v.values())[0] for k, v in item.items()}


def create_user(user_id, email):
    client.put_item(
        TableName=TABLE,
        Item={"user_id": {"S": user_id}, "email": {"S": email}},
        ConditionExpression="attribute_not_exists(user_id)",
    )
