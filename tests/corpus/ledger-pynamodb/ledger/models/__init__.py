from ledger.models.account import Account
from ledger.models.entry import Entry

__all__ = ["Account", "Entry"]
