import json
import os

import boto3
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord

processor = BatchProcessor(event_type=EventType.DynamoDBStreams)
sqs = boto3.client("sqs")


def record_handler(record: DynamoDBRecord):
    image = record.dynamodb.new_image or {}
    if image.get("status") != "PAID":
        return
    sqs.send_message(
        QueueUrl=os.environ["FULFILMENT_QUEUE_URL"],
        MessageBody=json.dumps({"order_id": image["order_id"]}),
        MessageGroupId=image["order_id"],
    )


def lambda_handler(event, context):
    return process_partial_response(
        event=event, record_handler=record_handler, processor=processor, context=context
    )
