from handlers.http import path, respond
from models import Note


def get_note(event, context):
    try:
        note = Note.get(path(event, "owner"), path(event, "noteId"))
    except Note.DoesNotExist:
        return respond(404, {"error": "not found"})
    return respond(200, note.attribute_values)


def list_notes(event, context):
    owner = path(event, "owner")
    notes = [n.attribute_values for n in Note.query(owner, limit=50)]
    return respond(200, {"total": Note.count(owner), "notes": notes})
