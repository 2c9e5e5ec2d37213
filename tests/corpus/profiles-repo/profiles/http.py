import json


def respond(status, body):
    return {"statusCode": status, "body": json.dumps(body, default=str)}
