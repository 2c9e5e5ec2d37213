import os

from pynamodb.attributes import BooleanAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.models import Model


class Account(Model):
    class Meta:
        table_name = os.environ["ACCOUNTS_TABLE"]
        region = "us-east-1"

    account_id = UnicodeAttribute(hash_key=True)
    balance = NumberAttribute(default=0)
    closed = BooleanAttribute(default=False)
