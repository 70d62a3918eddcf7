"""Attachments of request messages: stored by hash, listed with safe names."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from flask_babel import format_decimal
from flask_babel import gettext as _
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import User
from tickets.blobs import put_blob
from tickets.mailbox.parse import ParsedAttachment, clean_line, safe_filename
from tickets.models import Attachment, TicketMessage

QUOTA_WINDOW = timedelta(hours=24)


def from_upload(storage) -> ParsedAttachment | None:
    """Turn an uploaded file (werkzeug FileStorage) into an attachment to store."""
    if storage is None or not storage.filename:
        return None
    data = storage.read()
    ctype = clean_line(storage.mimetype or "application/octet-stream", 127)
    return ParsedAttachment(filename=safe_filename(storage.filename, ctype),
                            content_type=ctype, data=data)


def store_attachments(message: TicketMessage, attachments: list[ParsedAttachment]) -> None:
    """Write each file to the blob store and link it to the message."""
    for item in attachments:
        db.session.add(Attachment(
            message=message, filename=item.filename, content_type=item.content_type,
            size=len(item.data), sha256=put_blob(item.data), content_id=item.content_id,
            inline=item.inline))


def attached_since(user: User, since: datetime) -> int:
    """Bytes of the files the user attached on the portal since the given instant."""
    return db.session.scalar(select(func.coalesce(func.sum(Attachment.size), 0)).join(
        TicketMessage, TicketMessage.id == Attachment.message_id).where(
        TicketMessage.author_id == user.id, TicketMessage.created_at >= since)) or 0


def daily_quota(user: User) -> int:
    """The bytes a person may attach over 24 hours; 0 for no quota (configurable for staff)."""
    config = current_app.config
    return config["STAFF_ATTACHMENT_QUOTA_BYTES" if user.is_staff else "ATTACHMENT_QUOTA_BYTES"]


def upload_size(files) -> int:
    """The total size of the uploaded files (werkzeug FileStorage), read without consuming them."""
    total = 0
    for storage in files or []:
        if getattr(storage, "filename", ""):
            storage.stream.seek(0, 2)
            total += storage.stream.tell()
            storage.stream.seek(0)
    return total


def quota_refusal(user: User, files, now: datetime) -> str | None:
    """Why these files would pass the user's daily quota, or None when they fit."""
    quota = daily_quota(user)
    adding = upload_size(files)
    if not quota or not adding:
        return None
    used = attached_since(user, now - QUOTA_WINDOW)
    if used + adding <= quota:
        return None
    left = max(quota - used, 0)
    return _("Vous avez déjà joint %(used)s Mo de fichiers en 24 heures, sur %(quota)s Mo "
             "permis : il vous reste %(left)s Mo. Retirez des fichiers, déposez-les sur un "
             "partage et collez le lien, ou réessayez demain.", used=_mb(used),
             quota=_mb(quota), left=_mb(left))


def _mb(size: int) -> str:
    return format_decimal(round(size / 1024 / 1024, 1))
