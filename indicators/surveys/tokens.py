"""The personal survey link: a signed token naming one invitation, usable once."""

import hashlib
import hmac

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from indicators.surveys.models import Invitation
from portal.extensions import db

SALT = "survey-invitation"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def make_token(invitation: Invitation) -> str:
    """The link's token; it carries the invitation's id and its random nonce."""
    return _serializer().dumps([invitation.id, invitation.nonce])


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation a genuine token names; None for a forged or mangled one."""
    try:
        invitation_id, nonce = _serializer().loads(token[:200])
    except (BadSignature, ValueError, TypeError):
        return None
    invitation = db.session.get(Invitation, invitation_id) if isinstance(
        invitation_id, int) else None
    if invitation is None or not hmac.compare_digest(invitation.nonce, str(nonce)):
        return None
    return invitation


def invitation_key(invitation: Invitation) -> str:
    """A key unique to the invitation that does not reveal it (anonymous responses keep it)."""
    secret = current_app.config["SECRET_KEY"].encode()
    message = f"{invitation.id}:{invitation.nonce}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()
