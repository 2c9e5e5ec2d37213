from media.aws import bucket, catalog


def handler(event, context):
    table = catalog()
    count = 0
    with table.batch_writer(overwrite_by_pkeys=["key"]) as batch:
        for summary in bucket().objects.filter(Prefix="thumbs/"):
            batch.put_item(Item={"key": summary.key, "size": summary.size, "etag": summary.e_tag})
            count += 1
    return {"indexed": count}
