import uuid

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import APIGatewayRestResolver
from aws_lambda_powertools.event_handler.exceptions import NotFoundError

from src.common.store import load_order, put_order

logger = Logger()
app = APIGatewayRestResolver()


@app.get("/orders/<order_id>")
def get_order(order_id: str):
    order = load_order(order_id)
    if order is None:
        raise NotFoundError(order_id)
    return order


@app.post("/orders")
def create_order():
    body = app.current_event.json_body
    order = {"order_id": str(uuid.uuid4()), "items": body["items"], "status": "NEW"}
    put_order(order)
    return order, 201


@logger.inject_lambda_context
def lambda_handler(event, context):
    return app.resolve(event, context)
