"""Scheduled DLQ redrive: UploadsDLQ -> UploadsQueue.

A message is deleted from the DLQ only after its send_message_batch
entry succeeded, so a failed send leaves it for the next run.
"""

import os

import boto3

sqs = boto3.client("sqs")
MAX_BATCHES = int(os.environ.get("MAX_BATCHES", "10"))


def _redrive_once(dlq_url: str, queue_url: str) -> tuple[int, int]:
    resp = sqs.receive_message(
        QueueUrl=dlq_url,
        MaxNumberOfMessages=10,
        WaitTimeSeconds=1,
        MessageAttributeNames=["All"],
    )
    messages = resp.get("Messages", [])
    if not messages:
        return 0, 0

    entries = [{"Id": str(i), "MessageBody": m["Body"]} for i, m in enumerate(messages)]
    for entry, msg in zip(entries, messages):
        if msg.get("MessageAttributes"):
            entry["MessageAttributes"] = msg["MessageAttributes"]
    sent = sqs.send_message_batch(QueueUrl=queue_url, Entries=entries)

    ok_ids = {s["Id"] for s in sent.get("Successful", [])}
    for failed in sent.get("Failed", []):
        print(f"redrive send failed id={failed['Id']} code={failed.get('Code')}")
    to_delete = [
        {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]}
        for i, m in enumerate(messages)
        if str(i) in ok_ids
    ]
    if to_delete:
        sqs.delete_message_batch(QueueUrl=dlq_url, Entries=to_delete)
    return len(to_delete), len(sent.get("Failed", []))


def handle(event, context):
    dlq_url, queue_url = os.environ["DLQ_URL"], os.environ["QUEUE_URL"]
    moved = failed = 0
    for _ in range(MAX_BATCHES):
        ok, bad = _redrive_once(dlq_url, queue_url)
        moved, failed = moved + ok, failed + bad
        if ok == 0 and bad == 0:
            break
    print(f"redrive done moved={moved} failed={failed}")
    return {"moved": moved, "failed": failed}
