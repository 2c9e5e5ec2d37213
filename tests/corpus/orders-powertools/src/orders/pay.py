import json
import os

from aws_lambda_powertools.utilities import parameters
from aws_lambda_powertools.utilities.idempotency import (
    DynamoDBPersistenceLayer,
    IdempotencyConfig,
    idempotent_function,
)
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response

from src.common.store import mark_paid

persistence = DynamoDBPersistenceLayer(table_name=os.environ["IDEMPOTENCY_TABLE"])
config = IdempotencyConfig(expires_after_seconds=3600)
processor = BatchProcessor(event_type=EventType.SQS)


def charge(api_key, order):
    # The payment provider's client would go here; it needs the key only.
    return f"ch_{order['order_id']}"


@idempotent_function(data_keyword_argument="order", persistence_store=persistence, config=config)
def pay_order(order: dict) -> dict:
    api_key = parameters.get_secret(os.environ["STRIPE_SECRET"], max_age=300)
    charge_id = charge(api_key, order)
    mark_paid(order["order_id"], charge_id)
    return {"charge_id": charge_id}


def record_handler(record):
    return pay_order(order=json.loads(record.body))


def lambda_handler(event, context):
    config.register_lambda_context(context)
    return process_partial_response(
        event=event, record_handler=record_handler, processor=processor, context=context
    )
