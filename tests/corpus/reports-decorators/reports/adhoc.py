import json
import uuid

from lib.decorators import audited, with_tenant
from lib.storage import save_report


@audited("adhoc-report")
@with_tenant
def handler(event, context, tenant, settings):
    rows = json.loads(event.get("body") or "[]")
    report_id = str(uuid.uuid4())
    save_report(tenant, report_id, rows)
    return {"statusCode": 202, "body": json.dumps({"reportId": report_id})}
