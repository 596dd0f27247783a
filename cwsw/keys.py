"""The keyed hash that links a child's CIN census records to their education record without
keeping the UPN: HMAC-SHA256 with the LA's own secret (one LA's hashes mean nothing in
another's)."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from cwsw.models import CwswKey


def la_secret(la) -> bytes:
    key, _ = CwswKey.objects.get_or_create(la=la, defaults={"secret": secrets.token_hex(32)})
    return bytes.fromhex(key.secret)


def child_key(secret: bytes, upn: str, la_child_id: str = "") -> str:
    """From the UPN (upper case, spaces removed); a child with none (UPNunknown) from the LA's
    child id, marked apart so the two never collide, and then never joined to education."""
    upn = "".join(upn.split()).upper()
    value = f"upn:{upn}" if upn else f"la:{la_child_id.strip()}"
    return hmac.new(secret, value.encode(), hashlib.sha256).hexdigest()
