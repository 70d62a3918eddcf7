"""Hypothesis strategies for hostile raw e-mail: bad headers, charsets, nesting and sizes.

Everything is built as bytes, the way a broken or malicious mailer would write them: encoded
words hiding CR/LF, unknown charsets, 8-bit headers, `Message-ID: <<>>`, bad dates, huge
lines, hundreds of Received, multiparts with wrong or missing boundaries, message/rfc822
nesting, broken transfer encodings and attachment names meant to hurt.
"""

from __future__ import annotations

import base64
import binascii
import quopri

from hypothesis import strategies as st

INJECTION = b"=?utf-8?q?x=0D=0ABcc:_victime@exemple.fr?="  # CR/LF once decoded
CHARSETS = st.sampled_from([
    "utf-8", "UTF-8", "iso-8859-1", "iso-8859-15", "windows-1252", "us-ascii", "utf-7",
    "x-unknown", "iso-gb2312", "gb2312", "koi8-r", "shift_jis", "utf-16", "rot13", "base64",
    "", "utf-8*fr", '"utf-8"', "unicode-1-1-utf-7", "x-user-defined", "a" * 80])
HOSTILE = st.sampled_from([
    "\r\n", "\n", "\r", "\r\nBcc: victime@exemple.fr", "\x00", "\u202e", "\u200f", "\t",
    "\x1b[31m", "\ufeff", "\ud7ff", "=?", "?=", '"', "<", ">", ";", ":", "\\", "%00",
    "../../etc/passwd", "[DSI-2026-00001]", "Re: ", "Automatic reply: "])
TEXT = st.text(max_size=40)
ASCII = st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=60)
WORDS = st.lists(st.one_of(TEXT, HOSTILE), max_size=4).map("".join)


def _encode(text: str, charset: str) -> bytes:
    try:
        return text.encode(charset.strip('"'), "replace")
    except (LookupError, UnicodeError, TypeError):
        return text.encode("utf-8", "surrogatepass")


@st.composite
def encoded_word(draw) -> bytes:
    """An RFC 2047 word, well-formed or not, whose text may hold CR/LF and controls."""
    charset = draw(CHARSETS)
    data = draw(st.one_of(WORDS.map(lambda text: _encode(text, charset or "utf-8")),
                          st.binary(max_size=30)))
    mode = draw(st.sampled_from("BbQq"))
    if mode in "Bb":
        payload = base64.b64encode(data)
        if draw(st.booleans()):
            payload = draw(st.sampled_from([payload.rstrip(b"="), payload + b"!", payload[1:]]))
    else:
        payload = quopri.encodestring(data, header=True).replace(b"\n", b"")
        if draw(st.booleans()):
            payload += b"=Z"
    return b"=?" + charset.encode() + b"?" + mode.encode() + b"?" + payload + b"?="


RAW_8BIT = st.one_of(
    WORDS.map(lambda text: text.encode("latin-1", "replace")),
    WORDS.map(lambda text: text.encode("utf-8", "surrogatepass")),
    st.binary(max_size=40).map(lambda data: data.replace(b"\n", b" ").replace(b"\r", b" ")))
HEADER_TEXT = st.lists(st.one_of(ASCII.map(str.encode), encoded_word(), RAW_8BIT,
                                 HOSTILE.map(lambda text: text.encode("utf-8", "surrogatepass"))),
                       min_size=0, max_size=4).map(b" ".join)
MESSAGE_IDS = st.one_of(
    st.sampled_from([b"<<>>", b"<>", b"", b"<", b">", b"<a@b> <c@d>", b"sans-chevrons@x",
                     b"<x@y", b"<" + b"i" * 400 + b"@exemple.fr>", b"<\xc3\xa9t\xc3\xa9@x>",
                     b"<DSI-2026-00001.deadbeef.0123456789abcdef0123@portail.exemple.fr>",
                     b"<fuzz@portail.exemple.fr>", b"<a@b>\r\n\t<c@d>"]),
    st.builds(lambda local, domain: b"<%s@%s>" % (local.encode(), domain.encode()),
              st.from_regex(r"[A-Za-z0-9.$_-]{1,30}", fullmatch=True),
              st.sampled_from(["mail.exemple.fr", "gmail.com", "x"])),
    HEADER_TEXT)
DATES = st.one_of(
    st.sampled_from([b"pas une date", b"", b"Mon, 99 Foo 9999 99:99:99 +9999",
                     b"Thu, 01 Jan 1970 00:00:00 +0000", b"Fri, 31 Dec 9999 23:59:59 -2400",
                     b"0", b"Tue, 3 Mar 2026 25:61:61 GMT", b"2026-03-03T10:00:00Z",
                     b"Wed, 4 Mar 2026 09:12:00 +0100 (CET)"]),
    HEADER_TEXT)
REQUESTERS = st.sampled_from([
    b"claire.martin@exemple.fr", b"Claire <claire.martin@exemple.fr>",
    b'"Martin, Claire" <claire.martin@exemple.fr>, autre@exemple.fr',
    b"=?utf-8?b?w4lsb2RpZQ==?= <elodie@exemple.fr>", b"<Paul.Girard@Exemple.FR>"])
ADDRESSES = st.one_of(
    REQUESTERS,
    st.builds(lambda name, local: name + b" <" + local.encode() + b"@partenaire.example>",
              HEADER_TEXT, st.from_regex(r"[a-z0-9.]{1,20}", fullmatch=True)),
    st.sampled_from([b"", b"<>", b"MAILER-DAEMON@mx.exemple.fr", b"postmaster@exemple.fr",
                     b"noreply@saas.example", b"undisclosed-recipients:;", b'"unbalanced <a@b>',
                     b"relations.dsi@exemple.fr", b"a@b@c", b"@", b"<@>"]),
    HEADER_TEXT)
SUBJECTS = st.one_of(
    HEADER_TEXT,
    st.builds(lambda number, rest: b"RE: [DSI-2026-%05d] " % number + rest,
              st.integers(1, 40), HEADER_TEXT),
    st.sampled_from([b"Imprimante en panne", b"", b"Automatic reply: absent",
                     b"=?utf-8?q?Acc=C3=A8s_VPN=0D=0ABcc:_victime@exemple.fr?=",
                     b"=?utf-8?b?" + base64.b64encode(INJECTION) + b"?=",  # decodes to a word
                     b"=?x-unknown?Q?=C2=80\r?=", b"VPN \xc2\x85 \xe2\x80\xa8 coup\xc3\xa9"]))
HEADER_NAMES = st.sampled_from([
    b"Subject", b"To", b"Cc", b"Reply-To", b"In-Reply-To", b"References", b"Return-Path",
    b"Auto-Submitted", b"Precedence", b"List-Id", b"List-Unsubscribe", b"X-Loop",
    b"X-Auto-Response-Suppress", b"X-Failed-Recipients", b"Content-Type", b"MIME-Version",
    b"Content-Transfer-Encoding", b"Sender", b"Bcc", b"X-Mailer", b"Subject ",
    b"X-\xc3\xa9t\xc3\xa9", b"", b"From", b"Message-ID", b"Date"])
HTML = st.sampled_from([
    "<p>Bonjour</p>", "<script>alert(1)</script>", '<img src="x" onerror="alert(1)">',
    '<a href="javascript:alert(1)">clic</a>', "<svg onload=alert(1)>", '<base href="//evil">',
    '<meta http-equiv="refresh" content="0;url=//evil">', "<form action=//evil><input></form>",
    '<img src="https://track.example/p.gif" width=1 height=1>', '<img src="cid:img1@x">',
    '<a href="https://exemple.fr/">lien</a>' * 50, "<table><tr><td>" * 30, "<!--", "&#0;",
    "<p>nul\x00octet</p>", "\r<b>\x0b\x1b</b>", "<p>\ud7ff\ufffe</p>"])
FILENAMES = st.one_of(
    st.sampled_from(["", "../../etc/passwd", "..\\..\\windows\\system32", "/etc/shadow",
                     "facture\u202efdp.exe", "nul\x00byte.pdf", "a" * 300 + ".pdf", ".htaccess",
                     "report.svg", "page.html", "winmail.dat", "CON", "  .  ", "é" * 120]),
    TEXT)
LEAF_TYPES = st.sampled_from([
    b"text/plain", b"text/html", b"text/plain", b"text/html", b"text/html",
    b"application/octet-stream", b"application/pdf", b"image/png",
    b"text/calendar", b"application/ms-tnef", b"application/pkcs7-mime",
    b"application/pgp-encrypted", b"message/delivery-status", b"text/rfc822-headers",
    b"multipart/mixed", b"TEXT/PLAIN", b"text", b"", b"x/\xff\xfe", b"message/rfc822"])
TRANSFER = st.sampled_from(["7bit", "8bit", "binary", "base64", "quoted-printable",
                            "x-uuencode", "x-bogus", "BASE64", None])


@st.composite
def content(draw, ctype: bytes = b"") -> bytes:
    """A payload: text in some charset, hostile HTML, random bytes or filler up to 300 KB.

    Mostly what the type announces, sometimes not (mislabelled parts exist too).
    """
    kinds = ["text", "html", "bytes", "filler"]
    if ctype.lower().startswith(b"text/"):
        kinds = [b"html" in ctype.lower() and "html" or "text"] * 4 + kinds
    kind = draw(st.sampled_from(kinds))
    if kind == "text":
        return _encode(draw(WORDS), draw(CHARSETS) or "utf-8")
    if kind == "html":
        return "".join(draw(st.lists(HTML, min_size=1, max_size=6))).encode(
            "utf-8", "surrogatepass")
    if kind == "bytes":
        return draw(st.binary(max_size=200))
    chunk = draw(st.binary(min_size=1, max_size=16))
    size = draw(st.sampled_from([10, 4_000, 70_000, 150_000, 270_000])) + draw(
        st.integers(0, 1000))
    return (chunk * (size // len(chunk) + 1))[:size]


def _transfer_encode(data: bytes, transfer: str | None, broken: bool) -> bytes:
    kind = (transfer or "").lower()
    if kind == "base64":
        encoded = base64.encodebytes(data)
        return encoded[: len(encoded) // 2] + b"!!*" if broken else encoded
    if kind == "quoted-printable":
        return quopri.encodestring(data) + (b"=G\n=" if broken else b"")
    if kind == "x-uuencode":
        lines = [binascii.b2a_uu(data[i:i + 45]) for i in range(0, min(len(data), 4500), 45)]
        return b"begin 644 fichier.bin\n" + b"".join(lines) + (b"" if broken else b"`\nend\n")
    return data


def _filename_param(name: str, style: str) -> bytes:
    if style == "raw":
        return b'; filename="' + name.encode("utf-8", "surrogatepass") + b'"'
    if style == "2231":
        quoted = "".join(f"%{byte:02X}" for byte in name.encode("utf-8", "surrogatepass"))
        return b"; filename*=utf-8''" + quoted.encode()
    if style == "word":
        data = base64.b64encode(name.encode("utf-8", "surrogatepass"))
        return b'; filename="=?utf-8?b?' + data + b'?="'
    return b"; filename=" + name.encode("latin-1", "replace")  # unquoted, maybe broken


@st.composite
def leaf(draw) -> tuple[list[bytes], bytes]:
    """One non-multipart part: (header lines, body)."""
    ctype = draw(LEAF_TYPES)
    params = b""
    if draw(st.booleans()):
        params += b"; charset=" + draw(CHARSETS).encode()
    if draw(st.integers(0, 3)) == 0:
        params += _filename_param(draw(FILENAMES), draw(st.sampled_from(
            ["raw", "2231", "word", "bare"]))).replace(b"filename", b"name", 1)
    headers = [b"Content-Type: " + ctype + params]
    transfer = draw(TRANSFER)
    if transfer:
        headers.append(b"Content-Transfer-Encoding: " + transfer.encode())
    if draw(st.integers(0, 2)) == 0:
        disposition = draw(st.sampled_from([b"attachment", b"inline", b"bogus", b""]))
        headers.append(b"Content-Disposition: " + disposition + _filename_param(
            draw(FILENAMES), draw(st.sampled_from(["raw", "2231", "word", "bare"]))))
    if draw(st.booleans()):
        headers.append(b"Content-ID: " + draw(MESSAGE_IDS))
    return headers, _transfer_encode(draw(content(ctype)), transfer, draw(st.booleans()))


def _render(part: tuple[list[bytes], bytes]) -> bytes:
    headers, body = part
    return b"\n".join(headers) + b"\n\n" + body


@st.composite
def multipart(draw, children) -> tuple[list[bytes], bytes]:
    """A multipart of generated parts, its boundary right, wrong, unused or missing."""
    parts = draw(st.lists(children, max_size=4))
    subtype = draw(st.sampled_from([b"mixed", b"alternative", b"related", b"report",
                                    b"signed", b"encrypted", b"digest", b"x-bogus"]))
    boundary = draw(st.sampled_from([b"b1", b"=_frontiere_42", b"----=_Part_0", b"a b", b"",
                                     b"x" * 200, b'"quoted"', b"--"]))
    mode = draw(st.sampled_from(["ok", "ok", "no-param", "mismatch", "no-close", "none-used"]))
    header = b"Content-Type: multipart/" + subtype
    if mode != "no-param":
        header += b'; boundary="' + boundary + b'"'
    if subtype == b"report":
        header += b"; report-type=" + draw(st.sampled_from(
            [b"delivery-status", b"disposition-notification", b"feedback-report", b"x"]))
    if subtype in (b"signed", b"encrypted"):
        header += b'; protocol="application/pkcs7-signature"'
    used = boundary + b"x" if mode == "mismatch" else boundary
    body = draw(st.sampled_from([b"", b"This is a multi-part message in MIME format.\n"]))
    if mode == "none-used":
        return [header], body + b"".join(_render(part) for part in parts)
    for part in parts:
        body += b"--" + used + b"\n" + _render(part) + b"\n"
    if mode != "no-close":
        body += b"--" + used + b"--\n" + draw(st.sampled_from([b"", b"epilogue\n"]))
    return [header], body


@st.composite
def rfc822(draw, children) -> tuple[list[bytes], bytes]:
    """A whole message nested as message/rfc822."""
    inner = draw(message(children))
    return [b"Content-Type: message/rfc822", b"Content-Disposition: attachment"], inner


@st.composite
def deep(draw) -> tuple[list[bytes], bytes]:
    """A leaf under 13 to 300 levels of multipart or message/rfc822 (the walker stops at 12)."""
    headers, body = draw(leaf())
    kind = draw(st.sampled_from([b"multipart", b"rfc822"]))
    for level in range(draw(st.sampled_from([13, 40, 150, 300]))):
        if kind == b"rfc822":
            headers, body = [b"Content-Type: message/rfc822"], b"From: a@b\nSubject: %d\n" % (
                level) + _render((headers, body))
        else:
            boundary = b"n%d" % level
            headers, body = [b'Content-Type: multipart/mixed; boundary="' + boundary + b'"'], (
                b"--" + boundary + b"\n" + _render((headers, body)) + b"\n--" + boundary + b"--\n")
    return headers, body


TREES = st.recursive(leaf(), lambda children: st.one_of(multipart(children),
                                                        rfc822(children)), max_leaves=8)
BODIES = st.integers(0, 7).flatmap(lambda roll: deep() if roll == 0 else TREES)


@st.composite
def message(draw, body=BODIES) -> bytes:
    """Header block (maybe broken) and a body tree, with LF line ends."""
    headers = [b"From: " + draw(ADDRESSES), b"Message-ID: " + draw(MESSAGE_IDS),
               b"Date: " + draw(DATES), b"Subject: " + draw(SUBJECTS)]
    names = st.one_of(HEADER_NAMES, st.binary(min_size=1, max_size=20).map(
        lambda name: name.replace(b":", b"").replace(b"\n", b"").replace(b"\r", b"")))
    for name, value in draw(st.lists(st.tuples(names, st.one_of(HEADER_TEXT, MESSAGE_IDS)),
                                     max_size=6)):
        headers.append(name + b": " + value)
    headers += [b"Received: from relais%d.exemple.fr by mx.exemple.fr; "
                b"Tue, 3 Mar 2026 10:00:00 +0100" % n
                for n in range(draw(st.one_of(st.just(0), st.integers(0, 250))))]
    if draw(st.integers(0, 9)) == 0:
        headers.append(b"X-Long: " + b"a" * draw(st.sampled_from([1000, 20_000, 200_000])))
    if draw(st.integers(0, 9)) == 0:
        headers.append(b"\tcontinuation without a header")
    headers = draw(st.permutations(headers))
    part_headers, part_body = draw(body)
    if draw(st.integers(0, 5)):
        headers.append(b"MIME-Version: 1.0")
    return b"\n".join(headers + part_headers) + b"\n\n" + part_body


def _line_ends(draw, raw: bytes) -> bytes:
    """CRLF, LF, a mix of both, or (rarely) bare CR."""
    ends = draw(st.sampled_from(["lf", "crlf", "crlf", "mixed", "cr"]))
    if ends == "crlf":
        return raw.replace(b"\n", b"\r\n")
    if ends == "mixed":
        return b"".join(line + (b"\r\n" if index % 3 else b"\n")
                        for index, line in enumerate(raw.split(b"\n")))
    if ends == "cr" and draw(st.integers(0, 9)) == 0:
        return raw.replace(b"\n", b"\r")
    return raw


@st.composite
def hostile_mail(draw) -> bytes:
    """A whole raw mail, hostile from its first header on; sometimes no header at all."""
    raw = draw(st.integers(0, 9).flatmap(lambda roll: st.just(b"") if roll == 0 else st.binary(
        max_size=300) if roll == 1 else message()))
    return _line_ends(draw, raw)


UNIQUE = b"FUZZID"  # the test puts the example's number there


@st.composite
def hostile_request(draw) -> bytes:
    """Plain headers from a known sender, so that a hostile body goes all the way to a request."""
    head = [b"From: " + draw(REQUESTERS), b"To: relations.dsi@exemple.fr",
            b"Subject: " + draw(SUBJECTS), b"Date: Tue, 3 Mar 2026 10:00:00 +0100",
            b"Message-ID: " + draw(st.sampled_from([b"<fuzz.FUZZID@client.example>",
                                                    b"<" + INJECTION + b".FUZZID>"])),
            b"MIME-Version: 1.0"]
    part_headers, body = draw(BODIES)
    return _line_ends(draw, b"\n".join(head + part_headers) + b"\n\n" + body)
