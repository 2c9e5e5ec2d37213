import boto3

from app.config import settings


def receipt_link(order_id, *, expires_in=900):
    s3 = boto3.client("s3")
    return s3.generate_presigned_url(
        ClientMethod="get_object",
        Params={"Bucket": settings.receipts_bucket, "Key": f"receipts/{order_id}.pdf"},
        ExpiresIn=expires_in,
    )
