import json
from datetime import datetime, timezone

from handlers.http import path, respond
from models import Note


def handler(event, context):
    note = Note.get(path(event, "owner"), path(event, "noteId"))
    body = json.loads(event["body"])["body"]
    note.update(
        actions=[
            Note.body.set(body),
            Note.version.add(1),
            Note.updated_at.set(datetime.now(timezone.utc)),
        ],
        condition=Note.version == note.version,
    )
    return respond(200, {"version": note.version})
