"""Message-IDs of the notices the portal mails, signed so that replies thread without a lookup.

An acknowledgment's Message-ID carries its request number and an HMAC of it: a reply quoting
it in In-Reply-To or References finds its request, and nobody can forge one for another
request without the secret key.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

from flask import current_app

from portal.outbox import message_id_domain

_NOTICE = re.compile(r"<([A-Za-z]+-\d{4}-\d{5,})\.([0-9a-f]{8})\.([0-9a-f]{20})@([^>]+)>")


def _signature(number: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"notice:{number}".encode(), hashlib.sha256).hexdigest()[:20]


def notice_id(number: str) -> str:
    """A fresh Message-ID for a notice about this request."""
    return f"<{number}.{secrets.token_hex(4)}.{_signature(number)}@{message_id_domain()}>"


def number_from_notices(message_ids: list[str]) -> str | None:
    """The request number of the last genuine notice among quoted Message-IDs."""
    domain = message_id_domain()
    for message_id in reversed(message_ids):
        found = _NOTICE.fullmatch(message_id)
        if found and found.group(4) == domain and hmac.compare_digest(
                found.group(3), _signature(found.group(1))):
            return found.group(1)
    return None
