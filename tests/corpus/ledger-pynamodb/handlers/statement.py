import json

from ledger.models import Entry


def handler(event, context):
    account_id = event["pathParameters"]["account_id"]
    rows = [
        {"id": e.entry_id, "amount": float(e.amount), "at": e.posted_at.isoformat()}
        for e in Entry.by_account.query(account_id, scan_index_forward=False, limit=100)
    ]
    return {"statusCode": 200, "body": json.dumps(rows)}
