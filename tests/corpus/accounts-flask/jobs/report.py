import os

import boto3

dynamodb = boto3.client("dynamodb")


def handler(event, context):
    paginator = dynamodb.get_paginator("scan")
    total = 0
    for page in paginator.paginate(TableName=os.environ["USERS_TABLE"], Select="COUNT"):
        total += page["Count"]
    print({"users": total})
    return total
