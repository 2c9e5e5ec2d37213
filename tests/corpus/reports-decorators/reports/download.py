from lib.decorators import with_tenant
from lib.storage import report_link


@with_tenant
def handler(event, context, tenant, settings):
    link = report_link(tenant, event["pathParameters"]["reportId"])
    return {"statusCode": 302, "headers": {"Location": link}}
