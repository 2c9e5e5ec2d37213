import json

from lib.sfn import client


def handler(event, context):
    for record in event["Records"]:
        message = json.loads(record["body"])
        client.send_task_heartbeat(taskToken=message["token"])
        client.send_task_success(taskToken=message["token"], output=json.dumps({"paid": True}))
