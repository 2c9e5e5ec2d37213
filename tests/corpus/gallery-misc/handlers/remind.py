import json
import os
import uuid

import boto3

scheduler = boto3.client("scheduler")


def handler(event, context):
    body = json.loads(event["body"])
    name = f"reminder-{uuid.uuid4()}"
    scheduler.create_schedule(
        Name=name,
        ScheduleExpression=f"at({body['at']})",
        FlexibleTimeWindow={"Mode": "OFF"},
        ActionAfterCompletion="DELETE",
        Target={
            "Arn": os.environ["REMINDER_QUEUE_ARN"],
            "RoleArn": os.environ["SCHEDULER_ROLE_ARN"],
            "Input": json.dumps({"text": body["text"]}),
        },
    )
    return {"statusCode": 201, "body": json.dumps({"name": name})}
