import json
import os

import boto3

_events = boto3.client("events")


def emit(detail_type, detail):
    _events.put_events(
        Entries=[
            {
                "EventBusName": os.environ["EVENT_BUS"],
                "Source": "payments",
                "DetailType": detail_type,
                "Detail": json.dumps(detail),
            }
        ]
    )
