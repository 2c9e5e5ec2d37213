import functools
import os
import time

import boto3

_audit = boto3.resource("dynamodb").Table(os.environ["AUDIT_TABLE"])
_ssm = boto3.client("ssm")


def audited(action):
    """Records every invocation of the wrapped handler in the audit table."""

    def wrap(fn):
        @functools.wraps(fn)
        def inner(event, context):
            started = time.time()
            result = fn(event, context)
            _audit.put_item(
                Item={
                    "request_id": context.aws_request_id,
                    "action": action,
                    "ms": int((time.time() - started) * 1000),
                }
            )
            return result

        return inner

    return wrap


def with_tenant(fn):
    """Loads the tenant's settings from Parameter Store and passes them on."""

    @functools.wraps(fn)
    def inner(event, context):
        tenant = (event.get("headers") or {}).get("x-tenant", "default")
        name = f"{os.environ['TENANT_PARAM_PREFIX']}/{tenant}"
        settings = _ssm.get_parameter(Name=name, WithDecryption=True)["Parameter"]["Value"]
        return fn(event, context, tenant=tenant, settings=settings)

    return inner
