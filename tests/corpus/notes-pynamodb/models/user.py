import os

from pynamodb.attributes import NumberAttribute, UnicodeAttribute
from pynamodb.models import Model

from models.base import REGION


class User(Model):
    class Meta:
        table_name = os.environ["USERS_TABLE"]
        region = REGION

    user_id = UnicodeAttribute(hash_key=True)
    email = UnicodeAttribute()
    note_count = NumberAttribute(default=0)
