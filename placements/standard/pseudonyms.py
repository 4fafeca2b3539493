"""The standard's `childId`: an integer pseudonym, the same for a child in every export.

An HMAC-SHA256 of the child's public id keyed by `settings.PLACEMENTS_STANDARD_PSEUDONYM_KEY`,
cut to 48 bits (a positive integer any spreadsheet or JavaScript reader keeps exactly). Without
the key no one can go from the number back to the child, nor guess it from the public id; the
same key in every borough's export makes a child the same number across boroughs, as a
Regional Care Co-operative pooling them needs.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings


def _key() -> bytes:
    key = getattr(settings, "PLACEMENTS_STANDARD_PSEUDONYM_KEY", "") or (
        "placements-standard:" + settings.SECRET_KEY
    )
    return key.encode()


def child_id(child) -> int:
    """The child's pseudonym in the standard's exports (a child or its public id)."""
    public_id = getattr(child, "public_id", child)
    digest = hmac.new(_key(), str(public_id).encode(), hashlib.sha256).digest()
    return int.from_bytes(digest[:6], "big")
