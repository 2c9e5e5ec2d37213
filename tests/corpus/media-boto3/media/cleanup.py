from media.aws import bucket


def handler(event, context):
    stale = bucket().objects.filter(Prefix="tmp/")
    deleted = stale.delete()
    return {"batches": len(deleted)}
