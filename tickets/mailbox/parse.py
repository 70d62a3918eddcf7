"""Read a raw e-mail into plain values, whatever it contains; never raises on bad input."""

from __future__ import annotations

import email
import email.header
import email.utils
import hashlib
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import policy
from email.message import Message
from email.parser import BytesHeaderParser

from tickets.mailbox.addresses import parse_addresses, single_mailbox
from tickets.mailbox.charsets import decode_bytes, fix_c1
from tickets.mailbox.headers import repair_header_block

MAX_DEPTH = 12
MAX_PARTS = 1000
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_HEADER_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]+")
_C1 = re.compile("[\x80-\x9f]")
_UNSAFE_NAME = re.compile(r'[<>:"/\\|?*]+')
_BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_MSGID = re.compile(r"<([^<>\s\x00-\x1f\x7f]+)>")
ENCRYPTED_TYPES = {"multipart/encrypted", "application/pgp-encrypted"}
RULE_HEADERS = (
    "auto-submitted", "precedence", "x-auto-response-suppress", "list-id", "list-unsubscribe",
    "x-autoreply", "x-autorespond", "x-auto-reply", "x-loop", "return-path",
    "x-ms-exchange-generated-message-source", "x-failed-recipients", "x-mailer",
)


@dataclass
class ParsedAttachment:
    filename: str
    content_type: str
    data: bytes
    content_id: str | None = None
    inline: bool = False


@dataclass
class ParsedMail:
    message_id: str
    has_message_id: bool
    subject: str = ""
    from_addr: str = ""
    from_name: str = ""
    to: list[tuple[str, str]] = field(default_factory=list)
    cc: list[tuple[str, str]] = field(default_factory=list)
    reply_to: str = ""
    date: datetime | None = None
    in_reply_to: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    headers: dict[str, list[str]] = field(default_factory=dict)
    content_type: str = "text/plain"
    report_type: str = ""
    text: str = ""
    html: str | None = None
    attachments: list[ParsedAttachment] = field(default_factory=list)
    skipped: list[tuple[str, int]] = field(default_factory=list)
    encrypted: bool = False
    signed: bool = False
    notes: list[str] = field(default_factory=list)

    def header(self, name: str) -> str:
        """First value of a header the rules look at, or ''."""
        values = self.headers.get(name.lower())
        return values[0] if values else ""


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


def _collect_headers(msg: Message) -> dict[str, list[str]]:
    headers: dict[str, list[str]] = {}
    for name, value in msg.raw_items():
        key = str(name).strip().lower()
        headers.setdefault(key, []).append(value if isinstance(value, str) else str(value))
    return headers


def _message_ids(raw: str) -> list[str]:
    # 8-bit ids (RFC 6532) are kept as text: a surrogate escape could not be stored.
    return [f"<{found}>" for found in _MSGID.findall(unescape_8bit(raw))][:100]


def _unfold(value: str) -> str:
    return re.sub(r"\r?\n(?=[ \t])", "", unescape_8bit(value))


def _named(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    # Names are decoded after the split: an address hidden in an encoded name
    # ("=?utf-8?b?...?= <x@evil>") must not be the sender.
    named = [(clean_line(decode_header_value(name), 160), clean_line(addr, 254).lower())
             for name, addr in pairs]
    # A decoded name that reads as an address would pass for the sender: show the address.
    return [("" if re.search(r"\S@\S", name) else name, addr) for name, addr in named]


def _addresses(values: list[str]) -> list[tuple[str, str]]:
    """Every valid mailbox of address headers (To, Cc, Reply-To); the rest is left out."""
    found: list[tuple[str, str]] = []
    for value in values:
        found += parse_addresses(_unfold(value))[0]
    return _named(found)[:200]


def _sender(values: list[str]) -> tuple[str, str] | None:
    """The one mailbox of From, or None: several, a group, or garbage give no sender."""
    mailbox = single_mailbox([_unfold(value) for value in values])
    return _named([mailbox])[0] if mailbox else None


def _date(raw: str) -> datetime | None:
    try:
        parsed = email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if parsed is None:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def synthetic_message_id(sha256: str) -> str:
    return f"<{sha256[:40]}@sans-message-id.invalid>"


def parse_message(raw: bytes, attachment_max_bytes: int = 15 * 1024 * 1024) -> ParsedMail:
    """Parse raw bytes into a ParsedMail; every header and part is read defensively."""
    readable, mended = repair_header_block(raw)  # the raw itself is kept as received
    try:
        msg, too_deep = email.message_from_bytes(readable, policy=policy.compat32), False
    except RecursionError:  # the stdlib parser recurses once per nested multipart
        msg, too_deep = BytesHeaderParser(policy=policy.compat32).parsebytes(readable), True
    headers = _collect_headers(msg)

    def first(name: str) -> str:
        values = headers.get(name)
        return values[0] if values else ""

    ids = _message_ids(first("message-id"))
    mail = ParsedMail(
        message_id=ids[0][:255] if ids else synthetic_message_id(hashlib.sha256(raw).hexdigest()),
        has_message_id=bool(ids),
        subject=clean_line(decode_header_value(first("subject"))),
        in_reply_to=_message_ids(first("in-reply-to")),
        references=_message_ids(" ".join(headers.get("references", []))),
        date=_date(first("date")),
        headers={name: [clean_line(decode_header_value(v), 500) for v in headers.get(name, [])]
                 for name in RULE_HEADERS if name in headers},
        to=_addresses(headers.get("to", [])),
        cc=_addresses(headers.get("cc", [])),
    )
    sender = _sender(headers.get("from", []))
    if sender:
        mail.from_name, mail.from_addr = sender
    replies = _addresses(headers.get("reply-to", []))
    mail.reply_to = replies[0][1] if replies else ""
    if mended:
        mail.notes.append("malformed header lines mended before reading the headers")
    if too_deep:
        mail.notes.append("MIME structure too deeply nested to read: kept in the raw")
    else:
        _read_body(mail, msg, attachment_max_bytes)
    return mail


def _param(part: Message, name: str) -> str:
    try:
        value = part.get_param(name)
    except Exception:  # noqa: BLE001
        return ""
    if isinstance(value, tuple):
        value = email.utils.collapse_rfc2231_value(value)
    return value if isinstance(value, str) else ""


def _read_body(mail: ParsedMail, msg: Message, attachment_max_bytes: int) -> None:
    mail.content_type = msg.get_content_type()
    mail.report_type = _param(msg, "report-type").lower()
    _PartWalker(mail, attachment_max_bytes).walk(msg, 0)
    mail.text = _CONTROL.sub("", fix_c1(mail.text))
    if mail.html is not None:  # a NUL is no HTML, and PostgreSQL refuses it in a text column
        mail.html = _C1.sub("", fix_c1(mail.html)).replace("\x00", "")


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


def _raw_header(part: Message, name: str) -> str | None:
    for key, value in part.raw_items():
        if str(key).strip().lower() == name:
            return value if isinstance(value, str) else str(value)
    return None


def _filename(part: Message) -> str | None:
    """The file name of a part: 8-bit UTF-8 (RFC 6532), RFC 2231 or RFC 2047, decoded."""
    for header, param in (("content-disposition", "filename"), ("content-type", "name")):
        raw = _raw_header(part, header)
        if raw is None:
            continue
        probe = Message()
        try:
            probe[header] = _unfold(raw)  # 8-bit bytes read as UTF-8, else windows-1252
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


def _message_name(part: Message) -> str:
    """An attached mail's file name from its subject, as mail clients save it."""
    try:
        inner = part.get_payload(0)
        subject = _raw_header(inner, "subject") if isinstance(inner, Message) else None
    except Exception:  # noqa: BLE001
        subject = None
    name = clean_line(_UNSAFE_NAME.sub(" ", decode_header_value(subject or "")), 120)
    return f"{name.strip('. ') or 'message-sans-objet'}.eml"


def _inner_bytes(part: Message) -> bytes:
    try:
        return part.get_payload(0).as_bytes()
    except Exception:  # noqa: BLE001
        payload = part.get_payload()
        return payload.encode("utf-8", "surrogateescape") if isinstance(payload, str) else b""


class _PartWalker:
    """Collect the body and attachments of a MIME tree, bounded in depth and part count."""

    def __init__(self, mail: ParsedMail, attachment_max_bytes: int) -> None:
        self.mail = mail
        self.limit = attachment_max_bytes
        self.parts = 0

    def walk(self, part: Message, depth: int) -> None:
        self.parts += 1
        if self.parts > MAX_PARTS:
            if self.parts == MAX_PARTS + 1:
                self.mail.notes.append(f"more than {MAX_PARTS} parts: the rest is in the raw")
            return
        ctype = part.get_content_type()
        if ctype in ENCRYPTED_TYPES or (ctype in ("application/pkcs7-mime",
                                                  "application/x-pkcs7-mime")
                                        and _param(part, "smime-type").lower() != "signed-data"):
            self.mail.encrypted = True
        if ctype == "multipart/signed":
            self.mail.signed = True
        if ctype == "message/rfc822":
            self._attach(part, ctype, _inner_bytes(part),
                         _filename(part) or _message_name(part), "attachment")
            return
        payload = self._children(part)
        if payload is not None and depth < MAX_DEPTH:
            for child in payload:
                self.walk(child, depth + 1)
            return
        if payload is not None:
            self.mail.notes.append(f"nesting deeper than {MAX_DEPTH}: kept in the raw")
            return
        self._leaf(part, ctype)

    @staticmethod
    def _children(part: Message) -> list[Message] | None:
        if not part.is_multipart():
            return None
        payload = part.get_payload()
        return [item for item in payload if isinstance(item, Message)] if isinstance(
            payload, list) else None

    def _leaf(self, part: Message, ctype: str) -> None:
        try:
            data = part.get_payload(decode=True)
        except Exception:  # noqa: BLE001
            data = None
        if data is None:
            payload = part.get_payload()
            data = payload.encode("utf-8", "surrogateescape") if isinstance(payload, str) else b""
        disposition = str(part.get("Content-Disposition") or "").split(";")[0].strip().lower()
        filename = _filename(part)
        # Text without a file name is what the person wrote, wherever it sits: Apple Mail puts
        # the text after an inline image or a file in parts of its own.
        if ctype in ("text/plain", "text/html") and not filename and disposition != "attachment":
            text = decode_bytes(data, _param(part, "charset"), self.mail.notes)
            if ctype == "text/plain":
                self.mail.text = f"{self.mail.text.rstrip()}\n\n{text}" \
                    if self.mail.text.strip() else text
            else:
                self.mail.html = text if self.mail.html is None else self.mail.html + text
            return
        self._attach(part, ctype, data, filename, disposition)

    def _attach(self, part: Message, ctype: str, data: bytes, filename: str | None,
                disposition: str) -> None:
        name = safe_filename(filename, ctype)
        if len(data) > self.limit:
            self.mail.skipped.append((name, len(data)))
            return
        content_id = _message_ids(str(part.get("Content-ID") or ""))
        self.mail.attachments.append(ParsedAttachment(
            filename=name, content_type=clean_line(unescape_8bit(ctype), 127), data=data,
            content_id=content_id[0][1:-1][:255] if content_id else None,
            inline=disposition == "inline" or (bool(content_id) and disposition != "attachment"),
        ))


def read_message_id(raw: bytes, sha256: str) -> str:
    """The Message-ID from the headers alone (cheap, for the unique key), or a synthetic one."""
    try:
        head = raw.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]
        headers = email.message_from_bytes(repair_header_block(head + b"\n\n")[0],
                                           policy=policy.compat32)
        ids = _message_ids(" ".join(str(v) for k, v in headers.raw_items()
                                    if k.lower() == "message-id")[:2000])
    except Exception:  # noqa: BLE001
        ids = []
    return ids[0][:255] if ids else synthetic_message_id(sha256)
