import json

from profiles.http import respond
from profiles.repository import ProfileRepository

ALLOWED = {"display_name", "team", "bio"}

repo = ProfileRepository()


def handler(event, context):
    body = json.loads(event.get("body") or "{}")
    fields = {k: v for k, v in body.items() if k in ALLOWED}
    if not fields:
        return respond(400, {"message": "nothing to update"})
    return respond(200, repo.update_fields(event["pathParameters"]["id"], fields))
