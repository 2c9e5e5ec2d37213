import os

import boto3
from flask import Blueprint, jsonify

bp = Blueprint("avatars", __name__)
s3 = boto3.client("s3")


@bp.post("/<user_id>/upload-url")
def upload_url(user_id):
    url = s3.generate_presigned_url(
        "put_object",
        Params={"Bucket": os.environ["AVATARS_BUCKET"], "Key": f"avatars/{user_id}.png"},
        ExpiresIn=900,
    )
    return jsonify({"url": url})
