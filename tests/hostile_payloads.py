"""Hostile input for the escaping tests: the payloads, a browser-like form filler, the checks."""

from __future__ import annotations

import base64
import csv
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from io import BytesIO, StringIO
from itertools import count, product
from urllib.parse import quote

from portal.extensions import db

RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE: "facture\u202efdp.exe" displays as "factureexe.pdf"
IMG = "<img src=x onerror=alert(1)>"
SVG = '"><svg onload=alert(2)>'
TEMPLATE = "{{7*7}}"
JS_URL = "javascript:alert(3)"
NUL = "\x00"
LONG = "x" * 10_000
# The payload set. hostile() joins the first six in one text; NUL and LONG go on their own.
PAYLOADS = {"formula": '=HYPERLINK("%(tag)s")', "img": IMG, "svg": SVG, "template": TEMPLATE,
            "rtl": f"{RLO}gnp.exe", "markdown_js": f" [lien]({JS_URL})", "nul": NUL,
            "long": LONG}
# What must never reach a page, a mail or a PDF as markup.
RAW_MARKUP = ("<img src=x onerror", "<svg onload", "<script>alert")
_ACTIVE_URL = re.compile(r"""(?:href|src|action|formaction)\s*=\s*["']?\s*javascript:""", re.I)
_SPREADSHEET_FORMULA = ("=", "+", "-", "@")


def hostile(tag: str) -> str:
    """Every payload in one text, starting like a formula and carrying a tag to find it by."""
    parts = ("formula", "img", "svg", "template", "rtl", "markdown_js")
    return "".join(PAYLOADS[part] for part in parts).replace("%(tag)s", tag)


class Tags:
    """Hand out one tag per filled field, to tell later on which page each field shows."""

    def __init__(self) -> None:
        self._numbers = count(1)
        self.fields: dict[str, str] = {}
        self.seen: list[str] = []  # every page, mail and file read back

    def new(self, where: str) -> str:
        tag = f"hx{next(self._numbers):03d}"
        self.fields[tag] = where
        return tag

    def missing(self) -> set[str]:
        """The fields none of whose tags was seen anywhere."""
        seen = "\n".join(self.seen)
        shown = {where for tag, where in self.fields.items() if tag in seen}
        return set(self.fields.values()) - shown


# ----- checks -----------------------------------------------------------------------------

def assert_html_safe(body: str, where: str) -> None:
    """No payload is interpreted: no live markup, no javascript: link, no evaluated template."""
    for raw in RAW_MARKUP:
        assert raw not in body, f"{where}: unescaped {raw!r}"
    assert not _ACTIVE_URL.search(body), f"{where}: javascript: URL in an attribute"
    assert "alert(2)&gt;49" not in body, f"{where}: {TEMPLATE} was evaluated"
    assert RLO not in body, f"{where}: a bidi override is printed"


def assert_text_literal(text: str, where: str) -> None:
    """A plain-text rendering (mail, PDF) shows the payload as written, not evaluated."""
    assert "alert(2)>49" not in text, f"{where}: {TEMPLATE} was evaluated"
    assert "&lt;img" not in text, f"{where}: HTML entities in a text rendering"
    assert RLO not in text, f"{where}: a bidi override is printed"


def assert_cells_neutralised(rows: list[list], where: str) -> None:
    """No spreadsheet cell is a formula: text starting with = + - @ is prefixed with '."""
    for row in rows:
        for cell in row:
            assert RLO not in str(cell), f"{where}: a bidi override in {cell!r}"
            if isinstance(cell, str) and cell.startswith(_SPREADSHEET_FORMULA):
                assert re.fullmatch(r"-?\d[\d\s.,]*%?", cell), f"{where}: formula cell {cell!r}"


def assert_header_clean(raw: bytes, where: str) -> None:
    """Every header line of a generated mail is a real header: no injected line."""
    head = raw.split(b"\r\n\r\n", 1)[0] if b"\r\n\r\n" in raw else raw.split(b"\n\n", 1)[0]
    for line in head.splitlines():
        assert line[:1] in (b" ", b"\t") or re.match(rb"^[A-Za-z0-9-]+:", line), (
            f"{where}: injected header line {line[:80]!r}")
        assert not line.lower().startswith((b"bcc:", b"x-injected")), where


# ----- a mail from an attacker ------------------------------------------------------------

MAIL_HTML = (f"<p>{IMG}{SVG}<script>alert(4)</script>{TEMPLATE}"
             f'<a href="{JS_URL}">lien</a><form action="{JS_URL}"><input></form></p>')
ATTACHMENT_NAMES = (f"facture{RLO}fdp.exe", "../../etc/passwd", "a\x00b.txt", f"{IMG}.html")


def _encoded_word(text: str) -> str:
    return "=?utf-8?b?" + base64.b64encode(text.encode()).decode() + "?="


def _part(content_type: str, data: bytes, name: str | None = None) -> str:
    head = f"Content-Type: {content_type}\r\nContent-Transfer-Encoding: base64\r\n"
    if name is not None:
        head += f"Content-Disposition: attachment; filename*=utf-8''{quote(name)}\r\n"
    return head + "\r\n" + base64.encodebytes(data).decode().replace("\n", "\r\n")


def hostile_mail(sender: str, tags: Tags, html: bool = True) -> bytes:
    """A mail whose display name, subject, body and attachment names are all payloads."""
    kind = "html" if html else "text"
    name, subject = hostile(tags.new(f"mail.{kind}.from_name")), hostile(
        tags.new(f"mail.{kind}.subject"))
    if html:
        body = _part("text/html; charset=utf-8",
                     (hostile(tags.new("mail.html.body")) + MAIL_HTML).encode())
    else:
        body = _part("text/plain; charset=utf-8", hostile(tags.new("mail.text.body")).encode())
    parts = [body] + [_part("application/octet-stream", b"<svg onload=alert(1)>", attachment)
                      for attachment in ATTACHMENT_NAMES]
    body = "".join(f"--HX\r\n{part}\r\n" for part in parts) + "--HX--\r\n"
    injected = subject + "\r\nBcc: victime@evil.example"
    head = (f"From: {_encoded_word(name)} <{sender}>\r\nTo: relations.dsi@exemple.fr\r\n"
            f"Subject: {_encoded_word(injected)}\r\nMessage-ID: <hostile-{kind}@client.example>"
            "\r\nDate: Mon, 23 Nov 2026 10:00:00 +0100\r\nMIME-Version: 1.0\r\n"
            'Content-Type: multipart/mixed; boundary="HX"\r\n\r\n')
    return (head + body).encode()


# ----- a browser's view of a form -----------------------------------------------------------

@dataclass
class Control:
    name: str
    kind: str  # the input type, or "textarea" / "select"
    value: str = ""
    options: list[str] = field(default_factory=list)
    maxlength: int | None = None


@dataclass
class PageForm:
    action: str
    method: str
    controls: list[Control] = field(default_factory=list)


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[PageForm] = []
        self._text: Control | None = None
        self._select: Control | None = None

    def handle_starttag(self, tag, attrs):
        attr = {key: value or "" for key, value in attrs}
        if tag == "form":
            self.forms.append(PageForm(attr.get("action", ""), attr.get("method", "get").lower()))
        elif not self.forms or not attr.get("name") and tag != "option":
            return
        elif tag in ("input", "textarea", "select"):
            kind = attr.get("type", "text").lower() if tag == "input" else tag
            control = Control(attr["name"], kind, attr.get("value", ""),
                              maxlength=int(attr["maxlength"]) if "maxlength" in attr else None)
            if kind in ("checkbox", "radio") and "checked" not in attr:
                control.options, control.value = [control.value or "y"], ""
            self.forms[-1].controls.append(control)
            self._text = control if tag == "textarea" else None
            self._select = control if tag == "select" else None
        elif tag == "option" and self._select is not None:
            self._select.options.append(attr.get("value", ""))

    def handle_endtag(self, tag):
        if tag in ("textarea", "select"):
            self._text = self._select = None

    def handle_data(self, data):
        if self._text is not None:
            self._text.value += data


def find_form(html: str, action: str) -> PageForm | None:
    """The POST form of the page whose action is this path (or the page itself, if blank)."""
    parser = _FormParser()
    parser.feed(html)
    forms = [form for form in parser.forms if form.method == "post"
             and (form.action.split("?")[0] == action or not form.action)]
    return max(forms, key=lambda form: len(form.controls)) if forms else None


_emails = count(1)
FIXED = {"date": "2026-11-05", "datetime-local": "2026-11-05T10:00", "password": "",
         "number": "1", "file": None, "submit": None, "button": None}


def fill(form: PageForm, text_for, truncate: bool = True) -> dict:
    """What a user would send: every text field hostile, the other fields valid.

    Like a browser, text is cut at the field's maxlength, unless ``truncate`` is false (a
    script posting to the portal ignores maxlength).
    """
    data: dict = {}
    for control in form.controls:
        name, kind = control.name, control.kind
        if kind in ("text", "search", "tel", "url", "textarea"):
            value = text_for(name)[:control.maxlength if truncate else None]
        elif kind == "email":
            value = f"hostile.{next(_emails)}@exemple.fr"
        elif kind in ("checkbox", "radio"):
            value = control.value or control.options[0]
            if kind == "radio" and name in data:
                continue
        elif kind == "select":
            chosen = [option for option in control.options if option not in ("", "0")]
            value = (chosen or control.options or [None])[0]
        elif kind in ("hidden", "number"):
            value = control.value or FIXED.get(kind, "")
        else:
            value = FIXED.get(kind, control.value)
        if value is None:
            continue
        if kind == "checkbox" and name in data:
            data[name] = [*([data[name]] if isinstance(data[name], str) else data[name]), value]
        else:
            data[name] = value
    return data


class Browser:
    """A test client driven like a person: read the form on the page, fill it, send it.

    Every page read and every answer to a post is checked with assert_html_safe and kept in
    ``tags.seen``, to tell afterwards whether each tagged field was shown.
    """

    def __init__(self, app, tags: Tags, password: str):
        self.app, self.client, self.tags, self.password = app, app.test_client(), tags, password
        self.sent: list[tuple[str, str, str, dict]] = []  # (page, action, form, fixed)

    def open(self, url: str, method: str = "GET", **kwargs):
        """One request in its own app context: its own session and its own signed-in user."""
        with self.app.app_context(), self.client.open(url, method=method, **kwargs) as response:
            response.get_data()
        db.session.expire_all()  # the test's own session sees what the request committed
        return response

    def login(self, user) -> Browser:
        response = self.open("/connexion", "POST", data={"email": user.email,
                                                         "password": self.password})
        assert response.status_code == 302, "login failed"
        return self

    def get(self, url: str, **kwargs):
        response = self.open(url, **kwargs)
        assert response.status_code < 500, f"GET {url}: {response.status_code}"
        if response.mimetype == "text/html":
            assert_html_safe(response.text, url)
            self.tags.seen.append(response.text)
        return response

    def post(self, action: str, data: dict, expect: int | tuple = (200, 302, 422)):
        response = self.open(action, "POST", data=data, content_type="multipart/form-data")
        assert response.status_code < 500, f"POST {action}: {response.status_code}"
        assert_html_safe(response.text, f"POST {action}")
        self.tags.seen.append(response.text)
        expected = expect if isinstance(expect, tuple) else (expect,)
        assert response.status_code in expected, (action, response.status_code,
                                                  form_errors(response.text))
        return response

    def submit(self, page: str, form: str, action: str | None = None, expect: int = 302,
               text: Callable[[str], str] | None = None, needed: bool = True, **fixed):
        """Fill the form of the page, every text field hostile unless fixed, and post it."""
        action = action or page
        found = find_form(self.get(page).text, action)
        if found is None and not needed:
            return None
        assert found is not None, f"no form posting to {action} on {page}"
        truncate, text = text is None, text or (
            lambda name: hostile(self.tags.new(f"{form}.{name}")))
        data = fill(found, lambda name: "" if name in fixed else text(name), truncate)
        for name, value in fixed.items():
            while isinstance(value, str) and "@H" in value:  # a hostile part in a valid value
                value = value.replace("@H", text(name), 1)
            if value is None:
                data.pop(name, None)
            else:
                data[name] = value
        if truncate:  # the world's own posts, kept (files as bytes) to be posted again
            self.sent.append((page, action, form, {
                name: (value[0].getvalue(), value[1]) if isinstance(value, tuple) else value
                for name, value in fixed.items()}))
        return self.post(action, data, expect)


def form_errors(html: str) -> list[str]:
    """The messages shown next to the fields, to say why a post was refused."""
    return re.findall(r'id="([^"]+)-errors"[^>]*>(.{0,120})', html)[:5]


# ----- every page of the portal --------------------------------------------------------------

def page_urls(app, values: dict[str, list], skip: Callable[[str], bool]) -> dict[str, str]:
    """Every GET route of the URL map, once per combination of the given path values."""
    from flask import url_for

    urls = {}
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if "GET" not in rule.methods or skip(rule.endpoint):
                continue
            choices = {arg: values[f"{rule.endpoint}:{arg}"] if f"{rule.endpoint}:{arg}"
                       in values else values[arg] for arg in rule.arguments}
            for combination in product(*choices.values()):
                path = dict(zip(choices, combination, strict=True))
                urls[url_for(rule.endpoint, **path)] = rule.endpoint
    return urls  # url -> endpoint


# The names the views read from the query string, and common ones they might.
QUERY_NAMES = (
    "q tri statut priorite service famille entite agent delai vue inline resultat niveau "
    "responsable etat retard canal du au periode debut par segment type role entity status "
    "page recu heures version modele next sort order dir per_page year month start end tab "
    "mailbox assignee priority channel period board").split()
QUERY_VALUES = ('"', "' OR 1=1 --", "1; DROP TABLE users", "%_", NUL, "-1", "0",
                "99999999999999999999", "2147483648", "-2147483649", "1e309", "nan", "²",
                "x" * 2000, f"é中文{RLO}", "[]", "2026-13-45", "9999-12-31T99:99")


# ----- what the portal has ------------------------------------------------------------------

def portal_form_classes() -> set[type]:
    """Every FlaskForm of the portal's packages."""
    from flask_wtf import FlaskForm

    import catalog.forms  # noqa: F401
    import committees.forms  # noqa: F401
    import committees.relations_forms  # noqa: F401
    import indicators.surveys.admin_forms  # noqa: F401
    import portal.calendar_forms  # noqa: F401
    import portal.forms  # noqa: F401
    import tickets.forms  # noqa: F401

    found, todo = set(), [FlaskForm]
    while todo:
        for subclass in todo.pop().__subclasses__():
            todo.append(subclass)
            if subclass.__module__.split(".")[0] in {"portal", "catalog", "tickets",
                                                      "committees", "indicators"}:
                found.add(subclass)
    return found


def text_fields(form_class, prefix: str = "") -> set[str]:
    """The names of a form class's free-text fields (not e-mail, not password)."""
    from wtforms import EmailField, FieldList, PasswordField, StringField
    from wtforms.fields.core import UnboundField

    names = set()
    for name in dir(form_class):
        unbound = getattr(form_class, name)
        if not isinstance(unbound, UnboundField):
            continue
        if issubclass(unbound.field_class, FieldList):  # FieldList(FormField(SubForm))
            subform, entries = unbound.args[0].args[0], unbound.kwargs.get("min_entries", 1)
            names |= {field for index in range(entries)
                      for field in text_fields(subform, f"{prefix}{name}-{index}-")}
        elif issubclass(unbound.field_class, StringField) and not issubclass(
                unbound.field_class, EmailField | PasswordField):
            names.add(prefix + name)
    return names


def pdf_text(data: bytes) -> str:
    """The text of a PDF, its lines joined (WeasyPrint wraps anywhere)."""
    from pypdf import PdfReader

    assert data.startswith(b"%PDF")
    return " ".join(" ".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)
                    .split())


def spreadsheet_cells(response) -> list[list]:
    """The cells of a CSV or XLSX download."""
    from openpyxl import load_workbook

    assert response.status_code == 200
    if response.mimetype == "text/csv":
        text = response.get_data(as_text=True).lstrip("\ufeff")
        return list(csv.reader(StringIO(text), delimiter=";"))
    sheet = load_workbook(BytesIO(response.data), read_only=True).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]
