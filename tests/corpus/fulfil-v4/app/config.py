"""Settings read once when the container starts."""
import os
from dataclasses import dataclass

import boto3


@dataclass(frozen=True)
class Settings:
    stage: str
    receipts_bucket: str
    max_parcels: int


def _load():
    stage = os.environ.get("STAGE", "dev")
    ssm = boto3.client("ssm")
    limit = ssm.get_parameter(Name=f"/fulfil/{stage}/max-parcels")["Parameter"]["Value"]
    return Settings(stage=stage, receipts_bucket=os.environ["RECEIPTS_BUCKET"], max_parcels=int(limit))


settings = _load()
