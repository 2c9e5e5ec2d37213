import os

from pynamodb.attributes import NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model


class AccountIndex(GlobalSecondaryIndex):
    class Meta:
        index_name = "account-posted-index"
        projection = AllProjection()

    account_id = UnicodeAttribute(hash_key=True)
    posted_at = UTCDateTimeAttribute(range_key=True)


class Entry(Model):
    class Meta:
        table_name = os.environ["ENTRIES_TABLE"]
        region = "us-east-1"

    entry_id = UnicodeAttribute(hash_key=True)
    account_id = UnicodeAttribute()
    posted_at = UTCDateTimeAttribute()
    amount = NumberAttribute()
    memo = UnicodeAttribute(null=True)

    by_account = AccountIndex()
