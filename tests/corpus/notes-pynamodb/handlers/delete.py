from handlers.http import path, respond
from models import Note


def handler(event, context):
    Note(path(event, "owner"), path(event, "noteId")).delete()
    return respond(204, {})
