from datetime import datetime, timedelta, timezone

from models import ArchivedNote, Note, User


def handler(event, context):
    cutoff = datetime.now(timezone.utc) - timedelta(days=365)
    old = list(Note.scan(Note.updated_at < cutoff))
    owners = {n.owner for n in old}
    known = {u.user_id for u in User.batch_get(list(owners))}
    with ArchivedNote.batch_write() as archive:
        for n in old:
            if n.owner in known:
                archive.save(ArchivedNote(n.owner, n.note_id, body=n.body))
    with Note.batch_write() as notes:
        for n in old:
            notes.delete(n)
    return {"archived": len(old)}
