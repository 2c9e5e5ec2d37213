import os

from pynamodb.attributes import NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.models import Model

from models.base import REGION


class Note(Model):
    class Meta:
        table_name = os.environ["NOTES_TABLE"]
        region = REGION

    owner = UnicodeAttribute(hash_key=True)
    note_id = UnicodeAttribute(range_key=True)
    body = UnicodeAttribute()
    version = NumberAttribute(default=1)
    updated_at = UTCDateTimeAttribute()


class ArchivedNote(Model):
    class Meta:
        table_name = os.environ["ARCHIVE_TABLE"]
        region = REGION

    owner = UnicodeAttribute(hash_key=True)
    note_id = UnicodeAttribute(range_key=True)
    body = UnicodeAttribute()
