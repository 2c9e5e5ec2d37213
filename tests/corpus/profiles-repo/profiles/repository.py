import os

import boto3
from boto3.dynamodb.conditions import Key


class ProfileRepository:
    """All access to the profiles table goes through here."""

    def __init__(self, table_name=None, dynamodb=None):
        dynamodb = dynamodb or boto3.resource("dynamodb")
        self._table = dynamodb.Table(table_name or os.environ["PROFILES_TABLE"])

    def get(self, profile_id):
        return self._table.get_item(Key={"id": profile_id}).get("Item")

    def update_fields(self, profile_id, fields):
        names = {f"#{k}": k for k in fields}
        values = {f":{k}": v for k, v in fields.items()}
        expr = "SET " + ", ".join(f"#{k} = :{k}" for k in fields)
        resp = self._table.update_item(
            Key={"id": profile_id},
            UpdateExpression=expr,
            ExpressionAttributeNames=names,
            ExpressionAttributeValues=values,
            ConditionExpression="attribute_exists(id)",
            ReturnValues="ALL_NEW",
        )
        return resp["Attributes"]

    def by_team(self, team):
        resp = self._table.query(
            IndexName="team-index",
            KeyConditionExpression=Key("team").eq(team),
        )
        return resp["Items"]

    def delete(self, profile_id):
        self._table.delete_item(Key={"id": profile_id})

    def import_many(self, profiles):
        with self._table.batch_writer() as batch:
            for p in profiles:
                batch.put_item(Item=p)
