"""The file names of attached parts: decoded, displayable, never a path."""

from __future__ import annotations

import re
from email.message import Message

from tickets.mailbox.charsets import decode_bytes
from tickets.mailbox.headertext import clean_line, decode_header_value, unfold

_UNSAFE_NAME = re.compile(r'[<>:"/\\|?*]+')


def safe_filename(raw: str | None, content_type: str) -> str:
    """A displayable file name: decoded, no path, no control or bidi characters, bounded."""
    name = clean_line(decode_header_value(raw or ""), 500)
    name = re.split(r"[/\\]", name)[-1].lstrip(". ")
    if not name:
        extension = {"text/calendar": ".ics", "message/rfc822": ".eml",
                     "application/ms-tnef": ".dat"}.get(content_type, "")
        name = f"piece-jointe{extension}"
    if len(name) > 150:
        stem, dot, extension = name.rpartition(".")
        name = f"{stem[:140]}.{extension[:8]}" if dot and len(extension) <= 8 else name[:150]
    return name


def raw_header(part: Message, name: str) -> str | None:
    for key, value in part.raw_items():
        if str(key).strip().lower() == name:
            return value if isinstance(value, str) else str(value)
    return None


def filename_of(part: Message) -> str | None:
    """The file name of a part: 8-bit UTF-8 (RFC 6532), RFC 2231 or RFC 2047, decoded."""
    for header, param in (("content-disposition", "filename"), ("content-type", "name")):
        raw = raw_header(part, header)
        if raw is None:
            continue
        probe = Message()
        try:
            probe[header] = unfold(raw)  # 8-bit bytes read as UTF-8, else windows-1252
            value = probe.get_param(param, header=header)
        except Exception:  # noqa: BLE001
            continue
        if isinstance(value, tuple):  # RFC 2231: percent-decoded bytes of a named charset
            charset, _language, text = value
            try:
                value = decode_bytes(text.encode("latin-1"), charset or "utf-8")
            except UnicodeEncodeError:
                value = text
        if isinstance(value, str) and value.strip():
            return value
    return None


def message_name(part: Message) -> str:
    """An attached mail's file name from its subject, as mail clients save it."""
    try:
        inner = part.get_payload(0)
        subject = raw_header(inner, "subject") if isinstance(inner, Message) else None
    except Exception:  # noqa: BLE001
        subject = None
    name = clean_line(_UNSAFE_NAME.sub(" ", decode_header_value(subject or "")), 120)
    return f"{name.strip('. ') or 'message-sans-objet'}.eml"
