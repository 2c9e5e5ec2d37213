"""Helpers shared by the gearbox Python functions.

Packaged into each Python function through the ``lib/**`` pattern in
serverless.yml, so handlers import it as ``lib.gearbox_common``.
"""

import json
import logging
import os
import time
from functools import lru_cache

import boto3

_logger = logging.getLogger("gearbox")
_logger.setLevel(os.environ.get("LOG_LEVEL", "INFO"))


def log(message: str, **fields) -> None:
    """Emit one structured JSON log line (CloudWatch Logs Insights friendly)."""
    record = {
        "ts": round(time.time(), 3),
        "stage": os.environ.get("STAGE", "dev"),
        "msg": message,
        **fields,
    }
    _logger.info(json.dumps(record, default=str))


@lru_cache(maxsize=1)
def table():
    """The items table, created once per execution environment."""
    return boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])
