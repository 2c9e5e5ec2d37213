"""S3 ObjectCreated (*.jpg) -> "thumbnail" in the thumbs bucket.

No image library is bundled: the resize is simulated by copying the
bytes through /tmp, which keeps the package small for gearctl's audit.
"""

import os
import urllib.parse
import uuid

import boto3

s3 = boto3.client("s3")
THUMB_SIZE = int(os.environ.get("THUMB_SIZE", "256"))


def _resize(src: str, dst: str, max_side: int) -> None:
    # Stand-in for PIL's Image.thumbnail((max_side, max_side)).
    with open(src, "rb") as fin, open(dst, "wb") as fout:
        while chunk := fin.read(1 << 20):
            fout.write(chunk)


def handle(event, context):
    thumbs_bucket = os.environ["THUMBS_BUCKET"]
    written = []
    for record in event.get("Records", []):
        bucket = record["s3"]["bucket"]["name"]
        key = urllib.parse.unquote_plus(record["s3"]["object"]["key"])
        tmp = f"/tmp/{uuid.uuid4().hex}"
        src, dst = f"{tmp}-src.jpg", f"{tmp}-thumb.jpg"
        try:
            s3.download_file(bucket, key, src)
            _resize(src, dst, THUMB_SIZE)
            out_key = f"{THUMB_SIZE}px/{key}"
            s3.upload_file(dst, thumbs_bucket, out_key,
                           ExtraArgs={"ContentType": "image/jpeg"})
            written.append(out_key)
        finally:
            for path in (src, dst):
                if os.path.exists(path):
                    os.remove(path)
    print(f"thumbnails written={written}")
    return {"written": written}
