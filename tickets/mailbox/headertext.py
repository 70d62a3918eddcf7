"""Header values as displayable text: 8-bit bytes and encoded words decoded, controls gone."""

from __future__ import annotations

import email.header
import re

from tickets.mailbox.charsets import decode_bytes, fix_c1

_HEADER_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]+")
_BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def clean_line(text: str, limit: int = 255) -> str:
    """One line of displayable text: no control or bidi-override characters, bounded."""
    text = _BIDI.sub("", _HEADER_CONTROL.sub(" ", fix_c1(text)))
    return " ".join(text.split())[:limit]


def unescape_8bit(raw: str) -> str:
    """A raw header value as text: its 8-bit bytes (surrogate escapes) decoded."""
    try:
        data = raw.encode("ascii", "surrogateescape")
    except UnicodeEncodeError:
        data = raw.encode("utf-8", "surrogateescape")
    return decode_bytes(data) if any(byte > 127 for byte in data) else raw


def decode_header_value(raw: str) -> str:
    """Decode a raw header (8-bit bytes, RFC 2047 words, bad charsets) to text."""
    text = unescape_8bit(raw)
    if "=?" not in text:
        return text
    try:
        chunks = email.header.decode_header(text)
    except Exception:  # noqa: BLE001  (a hostile header must not stop the parse)
        return text
    return "".join(chunk if isinstance(chunk, str) else decode_bytes(chunk, charset)
                   for chunk, charset in chunks)


def unfold(value: str) -> str:
    return re.sub(r"\r?\n(?=[ \t])", "", unescape_8bit(value))
