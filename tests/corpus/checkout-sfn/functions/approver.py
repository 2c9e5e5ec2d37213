import json
import os

from lib.sfn import client


def approve(order):
    return sum(i.get("price", 0) for i in order.get("items", [])) < 1000


def handler(event, context):
    task = client.get_activity_task(activityArn=os.environ["APPROVAL_ACTIVITY"], workerName="approver")
    token = task.get("taskToken")
    if not token:
        return {"idle": True}
    order = json.loads(task["input"])["order"]
    if approve(order):
        client.send_task_success(taskToken=token, output=json.dumps({"approved": True}))
    else:
        client.send_task_failure(taskToken=token, error="Rejected", cause="over the limit")
    return {"idle": False}
