from app.services.notifications import announce_shipment


def handler(event, context):
    detail = event["detail"]
    announce_shipment(detail["orderId"], detail["trackingNumber"])
