from app.services.orchestration import start_fulfilment
from app.services.receipts import receipt_link
from app.services.notifications import announce_shipment

__all__ = ["start_fulfilment", "receipt_link", "announce_shipment"]
