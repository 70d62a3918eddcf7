"""Repair a header block the stdlib would cut short, the way mail clients read it."""

from __future__ import annotations

import re

# The stdlib ends the headers at the first line that is neither "Name:" nor a continuation,
# and everything after it (From, Subject, Message-ID...) becomes body text.
_HEADER = re.compile(rb"^[\x21-\x39\x3b-\x7e]+:")
_SPACED_NAME = re.compile(rb"^([A-Za-z][A-Za-z0-9-]{0,60})[ \t]+:")
_SEPARATOR = re.compile(rb"\r?\n\r?\n")
_LINE = re.compile(rb"[^\n]*\n|[^\n]+")
# A stray line after one of these must not join it: an address or an id would change.
_STRUCTURED = {b"from", b"sender", b"to", b"cc", b"bcc", b"reply-to", b"message-id",
               b"in-reply-to", b"references", b"return-path", b"content-type",
               b"content-transfer-encoding", b"content-disposition", b"mime-version"}
# Names a body line is unlikely to start with ("Erreur: 404" is not one of them).
_KNOWN = {b"from", b"to", b"cc", b"bcc", b"subject", b"date", b"sender", b"received",
          b"references", b"importance", b"priority", b"organization", b"keywords", b"comments"}
MAX_HEADER_BLOCK = 1024 * 1024


def _known_header(line: bytes) -> bool:
    name = line.split(b":", 1)[0].strip().lower()
    return b"-" in name or name in _KNOWN


def _kind(line: bytes) -> str:
    if _HEADER.match(line):
        return "header"
    if line[:1] in (b" ", b"\t"):
        return "continuation"
    if _SPACED_NAME.match(line):
        return "spaced"
    return "bad"


def repair_header_block(raw: bytes) -> tuple[bytes, bool]:
    """The raw with the lines that would end the headers early mended; True if any was.

    Only lines followed by a real header line further down are mended: a message whose body
    starts without a blank line keeps the stdlib's reading.
    """
    found = _SEPARATOR.search(raw, 0, MAX_HEADER_BLOCK)
    if found is None:
        return raw, False
    end = raw.index(b"\n", found.start()) + 1
    block, rest = raw[:end], raw[end:]
    lines = _LINE.findall(block)
    if lines and lines[0].startswith(b"From ") and not _SPACED_NAME.match(lines[0]):
        unixfrom, lines = [lines[0]], lines[1:]
    else:
        unixfrom = []
    kinds = [_kind(line) for line in lines]
    last_header = max((i for i, kind in enumerate(kinds)
                       if kind in ("header", "spaced") and _known_header(lines[i])),
                      default=-1)
    if all(kind in ("header", "continuation") for kind in kinds[:last_header + 1]) \
            and kinds[:1] != ["continuation"]:
        return raw, False
    mended, current = [], b""
    for index, (line, kind) in enumerate(zip(lines, kinds, strict=True)):
        if index > last_header or kind == "header":
            current = line.split(b":", 1)[0].strip().lower() if kind == "header" else current
            mended.append(line)
        elif kind == "spaced":  # "Subject : ..." as French keyboards type it
            current = _SPACED_NAME.match(line).group(1).lower()
            mended.append(_SPACED_NAME.sub(rb"\1:", line, count=1))
        elif kind == "continuation":
            if current:  # a continuation before any header has nothing to continue
                mended.append(line)
        elif current and current not in _STRUCTURED:
            # A folded line that lost its leading space (a broken client's folding); after an
            # address or an id it is dropped: it must not change who wrote or what it answers.
            mended.append(b" " + line.lstrip())
    return b"".join(unixfrom + mended) + rest, True
