import io
import posixpath
from urllib.parse import unquote_plus

from media.aws import BUCKET, s3


def shrink(data: bytes) -> bytes:
    # Image resizing is out of scope here; keep the first 64 KiB as a stand-in.
    return io.BytesIO(data).read(65536)


def handler(event, context):
    for record in event["Records"]:
        key = unquote_plus(record["s3"]["object"]["key"])
        source = s3.Object(BUCKET, key)
        data = source.get()["Body"].read()
        name = posixpath.basename(key)
        s3.Object(BUCKET, f"thumbs/{name}").put(Body=shrink(data), ContentType="image/jpeg")
