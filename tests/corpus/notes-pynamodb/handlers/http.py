import json


def respond(status, body):
    return {"statusCode": status, "body": json.dumps(body, default=str)}


def path(event, name):
    return (event.get("pathParameters") or {})[name]
