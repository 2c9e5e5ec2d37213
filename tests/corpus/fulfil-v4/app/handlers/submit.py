import json

from app.config import settings
from app.services import start_fulfilment


def handler(event, context):
    order = json.loads(event["body"])
    if len(order.get("parcels", [])) > settings.max_parcels:
        return {"statusCode": 400, "body": json.dumps({"message": "too many parcels"})}
    arn = start_fulfilment(order)
    return {"statusCode": 202, "body": json.dumps({"execution": arn})}
