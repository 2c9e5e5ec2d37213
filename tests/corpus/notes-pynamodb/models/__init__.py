from models.note import ArchivedNote, Note
from models.user import User

__all__ = ["ArchivedNote", "Note", "User"]
