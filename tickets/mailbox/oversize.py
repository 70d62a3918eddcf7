"""Read a mail larger than an attachment may be, in bounded memory: big parts left aside.

The raw is kept whole by its hash; what is parsed is a copy in which every long run of
base64 lines (the body of a large attachment) is replaced by a short marker, so a person's
25 MB attachment still lets the request exist, with a note that the file is in the raw.
"""

from __future__ import annotations

import base64
import re
from email.parser import BytesHeaderParser
from email.policy import compat32

from tickets.mailbox.parse import ParsedMail, parse_message

PARSE_BUDGET = 40 * 1024 * 1024  # the most given to the MIME parser in one piece
SMALL_RUN = 256 * 1024  # when still over budget, runs longer than this are left aside too
HEAD_LIMIT = 1024 * 1024
_BASE64 = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/="
_MARK = b"\x00LEFT-ASIDE:"
_BLANK = re.compile(rb"\r?\n\r?\n")


def human_size(size: int) -> str:
    """A size as people read it: '25 Mo', '340 Ko'."""
    if size >= 1024 * 1024:
        return f"{round(size / (1024 * 1024))} Mo"
    return f"{max(1, size // 1024)} Ko"


def left_aside_note(name: str, size: int) -> str:
    """The line added to a message for an attachment kept only in the original mail."""
    return (f"[Pièce jointe « {name} » ({human_size(size)}) trop volumineuse : "
            "conservée dans le message d'origine]")


def _marker(index: int) -> bytes:
    # 21 bytes: a multiple of 3, so the marker's base64 has no padding.
    return base64.b64encode(_MARK + b"%08d\x00" % index) + b"\r\n"


def _decoded_size(raw: bytes, start: int, end: int) -> int:
    breaks = raw.count(b"\n", start, end) + raw.count(b"\r", start, end)
    return (end - start - breaks) * 3 // 4 - raw.count(b"=", start, end)


def cut_runs(raw: bytes, threshold: int) -> tuple[bytes, list[int]]:
    """The raw with each run of base64 lines longer than ``threshold`` bytes replaced by a
    marker, and the decoded size of each run left aside, in order."""
    pieces, sizes = [], []
    kept = start = position = 0
    length = len(raw)
    while position < length:
        end = raw.find(b"\n", position)
        end = length if end < 0 else end + 1
        line = raw[position:end].rstrip(b"\r\n")
        if len(line) < 4 or line.translate(None, _BASE64):
            if position - start > threshold:
                pieces += [raw[kept:start], _marker(len(sizes))]
                sizes.append(_decoded_size(raw, start, position))
                kept = position
            start = end
        position = end
    if position - start > threshold:
        pieces += [raw[kept:start], _marker(len(sizes))]
        sizes.append(_decoded_size(raw, start, position))
        kept = length
    pieces.append(raw[kept:])
    return b"".join(pieces), sizes


def _headers_only(raw: bytes) -> ParsedMail:
    found = _BLANK.search(raw, 0, HEAD_LIMIT)
    head = raw[:found.start() if found else HEAD_LIMIT]
    try:
        BytesHeaderParser(policy=compat32).parsebytes(head)
    except Exception:  # noqa: BLE001  (the parse below reads what can be read)
        head = b""
    mail = parse_message(head + b"\r\n\r\n")
    mail.skipped.append(("contenu du message", len(raw)))
    mail.notes.append("body too large to read: kept in the raw")
    return mail


def read_large(raw: bytes, attachment_max_bytes: int) -> ParsedMail:
    """Parse a large mail: its headers and text, its attachments under the cap, the rest
    listed in ``skipped`` with their sizes."""
    slim, sizes = cut_runs(raw, attachment_max_bytes * 4 // 3)
    if len(slim) > PARSE_BUDGET:
        slim, sizes = cut_runs(raw, SMALL_RUN)
    if len(slim) > PARSE_BUDGET:
        return _headers_only(raw)
    mail = parse_message(slim, attachment_max_bytes)
    kept = []
    for attachment in mail.attachments:
        if attachment.data.startswith(_MARK):
            index = int(attachment.data[len(_MARK):len(_MARK) + 8] or 0)
            mail.skipped.append((attachment.filename, sizes[index] if index < len(sizes) else 0))
        else:
            kept.append(attachment)
    mail.attachments = kept
    if "LEFT-ASIDE:" in mail.text[:40]:  # a text part that large is left aside too
        mail.skipped.append(("texte du message", len(raw)))
        mail.text = ""
    return mail
