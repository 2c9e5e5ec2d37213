import json

from src.clients import results


def handler(event, context):
    item = results.get_item(Key={"import_id": event["pathParameters"]["importId"]}).get("Item")
    if not item:
        return {"statusCode": 404, "body": "{}"}
    return {"statusCode": 200, "body": json.dumps(item, default=str)}
