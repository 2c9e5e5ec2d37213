import json
import uuid
from datetime import datetime, timezone

from ledger.models import Account, Entry


def handler(event, context):
    account_id = event["pathParameters"]["account_id"]
    body = json.loads(event["body"])
    entry = Entry(
        str(uuid.uuid4()),
        account_id=account_id,
        posted_at=datetime.now(timezone.utc),
        amount=body["amount"],
        memo=body.get("memo"),
    )
    entry.save()
    account = Account(account_id)
    account.update(actions=[Account.balance.add(body["amount"])])
    return {"statusCode": 201, "body": json.dumps({"entry_id": entry.entry_id})}
