import os

import boto3

_s3 = boto3.client("s3")


def avatar_url(profile_id, expires=600):
    return _s3.generate_presigned_url(
        "get_object",
        Params={"Bucket": os.environ["AVATARS_BUCKET"], "Key": f"avatars/{profile_id}.png"},
        ExpiresIn=expires,
    )
