import json
import uuid
from datetime import datetime, timezone

from handlers.http import respond
from models import Note, User


def handler(event, context):
    data = json.loads(event["body"])
    owner = data["owner"]
    try:
        user = User.get(owner)
    except User.DoesNotExist:
        return respond(404, {"error": f"no user {owner}"})
    note = Note(owner, str(uuid.uuid4()), body=data["body"], updated_at=datetime.now(timezone.utc))
    note.save()
    user.update(actions=[User.note_count.add(1)])
    return respond(201, {"noteId": note.note_id})
