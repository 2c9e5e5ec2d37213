"""Unit test for functions/process with the DynamoDB table stubbed out.

Run from examples/gearbox:  python -m pytest tests/
"""

import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
os.environ.setdefault("TABLE_NAME", "gearbox-test-items")
os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")

from functions.process import handler  # noqa: E402


class StubTable:
    def __init__(self, fail_keys=()):
        self.items = []
        self.fail_keys = set(fail_keys)

    def put_item(self, Item):
        if Item["key"] in self.fail_keys:
            raise RuntimeError("throttled")
        self.items.append(Item)


def _record(message_id, key):
    body = {"bucket": "gearbox-test-uploads", "key": key, "size": 42, "owner": "alice"}
    return {"messageId": message_id, "body": json.dumps(body)}


def test_writes_items_and_reports_failures():
    stub = StubTable(fail_keys={"bad.jpg"})
    original = handler.table
    handler.table = lambda: stub
    try:
        event = {"Records": [_record("m1", "a.jpg"), _record("m2", "bad.jpg"), _record("m3", "b.jpg")]}
        result = handler.handle(event, None)
    finally:
        handler.table = original

    assert result == {"batchItemFailures": [{"itemIdentifier": "m2"}]}
    assert [i["pk"] for i in stub.items] == [
        "s3://gearbox-test-uploads/a.jpg",
        "s3://gearbox-test-uploads/b.jpg",
    ]
    assert stub.items[0]["owner"] == "alice" and stub.items[0]["size"] == 42


if __name__ == "__main__":
    test_writes_items_and_reports_failures()
    print("ok")
