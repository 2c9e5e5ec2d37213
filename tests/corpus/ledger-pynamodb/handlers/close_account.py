import json

from pynamodb.exceptions import DoesNotExist

from ledger.models import Account


def handler(event, context):
    try:
        account = Account.get(event["pathParameters"]["account_id"])
    except DoesNotExist:
        return {"statusCode": 404, "body": json.dumps({"message": "no such account"})}
    if account.balance != 0:
        return {"statusCode": 409, "body": json.dumps({"message": "balance is not zero"})}
    account.update(actions=[Account.closed.set(True)])
    return {"statusCode": 204}
