"""Attachments of request messages: stored by hash, listed with safe names."""

from __future__ import annotations

from portal.extensions import db
from tickets.blobs import put_blob
from tickets.mailbox.parse import ParsedAttachment, clean_line, safe_filename
from tickets.models import Attachment, TicketMessage


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
