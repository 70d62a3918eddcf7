"""Make message bodies safe to show: sanitised HTML, blocked remote images, folded quotes."""

from __future__ import annotations

import html
import re

import nh3
from markupsafe import Markup

MAX_LINKS = 500
ALLOWED_TAGS = nh3.ALLOWED_TAGS | {"font", "center", "span", "div"}
ALLOWED_ATTRIBUTES = {
    **{tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align"},
    "font": {"color"},
}
_REMOTE_IMG = re.compile(r"<img\b[^>]*?\bsrc\s*=\s*[\"']?\s*(?:https?:)?//", re.IGNORECASE)
_CID_SRC = re.compile(r'src="cid:([^"]+)"')
_LINK = re.compile(r"<a\s", re.IGNORECASE)
_EMPTY_IMG = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>")
# Where mail clients start the quoted history: Gmail, Outlook, Thunderbird, Apple Mail, others.
_QUOTE_START = re.compile(
    r"<div[^>]+class=[\"']?(gmail_quote|moz-cite-prefix|yahoo_quoted)|<div[^>]+id=[\"']?"
    r"(divRplyFwdMsg|appendonsend)|<blockquote[^>]*(type=[\"']?cite|class=[\"'][^\"']*quote)|<hr[^>]+id=[\"']?stopSpelling|"
    r"-----\s*(Original Message|Message d'origine)\s*-----", re.IGNORECASE)


def _keep_local_images(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src":
        return value if value.lower().startswith("cid:") else None
    return value


def count_remote_images(raw_html: str) -> int:
    return len(_REMOTE_IMG.findall(raw_html or ""))


def sanitize_html(raw_html: str, cid_urls: dict[str, str] | None = None) -> Markup:
    """Allow-list the HTML, drop remote images, point cid: images at their attachment."""
    def clean(tags: set[str]) -> str:
        return nh3.clean(raw_html, tags=tags, attributes=ALLOWED_ATTRIBUTES,
                         url_schemes={"http", "https", "mailto", "cid"},
                         link_rel="noopener noreferrer nofollow", url_relative="deny",
                         attribute_filter=_keep_local_images, strip_comments=True)

    cleaned = clean(ALLOWED_TAGS)
    if len(_LINK.findall(cleaned)) > MAX_LINKS:
        cleaned = clean(ALLOWED_TAGS - {"a"})
    mapping = {f"<{key.strip('<>')}>": url for key, url in (cid_urls or {}).items()}

    def to_url(match: re.Match) -> str:
        url = mapping.get(f"<{html.unescape(match.group(1))}>")
        return f'src="{html.escape(url)}"' if url else 'alt=""'

    return Markup(_EMPTY_IMG.sub("", _CID_SRC.sub(to_url, cleaned)))


def split_html_reply(raw_html: str, subject: str = "") -> str | None:
    """The HTML before the quoted history, or None when there is no history to fold."""
    found = _QUOTE_START.search(raw_html)
    if found is None or is_forward(subject):
        return None
    following = html_to_text(raw_html[found.start():found.start() + 4000]).splitlines()[:6]
    if any(_FORWARD.match(line) for line in following):
        return None  # a forward's content is what the person sends: never fold it
    latest = raw_html[: found.start()]
    return latest if html_to_text(latest).strip() else None


def html_to_text(raw_html: str) -> str:
    """The text of an HTML body, for search, previews and quoting."""
    text = nh3.clean(re.sub(r"<(br|/p|/div|/tr|/li|/h\d)\b[^>]*>", "\n", raw_html,
                            flags=re.IGNORECASE), tags=set())
    lines = (" ".join(line.split()) for line in html.unescape(text).splitlines())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


# What a mail client writes before the history it quotes, or before a signature.
_ATTRIBUTION_END = re.compile(r"(\sa\s+écrit|wrote|schrieb|escribió|ha\s+scritto|escreveu|"
                              r"schreef|skrev|napisał|написал\(?а?\)?)\s*:\s*$", re.IGNORECASE)
_ATTRIBUTION_START = re.compile(r"^\s*(Le|On|Am|El|Il|Em|Op|Den|W)\s|@|^\s*\d", re.IGNORECASE)
_ORIGINAL = re.compile(r"^\s*-{2,}\s*(Original Message|Message d'origine|Mensaje original|"
                       r"Ursprüngliche Nachricht)\s*-{2,}\s*$", re.IGNORECASE)
_FORWARD = re.compile(r"^\s*(-{2,}\s*(Forwarded message|Message transféré|Message transmis)"
                      r"\s*-{2,}|Début du message réexpédié\s*:|Begin forwarded message\s*:)",
                      re.IGNORECASE)
_HEADER_FIELD = re.compile(r"^\s*\*?(De|From|Envoyé|Sent|Date|À|A|To|Cc|Objet|Subject)\s*:",
                           re.IGNORECASE)
_FROM_FIELD = re.compile(r"^\s*\*?(De|From)\s*:\s*\*?\s*\S", re.IGNORECASE)
_RULE = re.compile(r"^\s*_{8,}\s*$")
_MOBILE = re.compile(r"^\s*((Envoy[ée]|Sent)\s+(de|depuis|à partir de|from)\s+(mon|ma|my)\s+"
                     r"(\S+\s+){0,3}(iPhone|iPad|Android|smartphone|mobile|téléphone|phone|"
                     r"appareil|device|tablette|tablet|Galaxy|Huawei|Xiaomi|BlackBerry)\b.{0,30}|"
                     r"(Télécharger|Obtenir|Get)\s+Outlook\s+(pour|for)\s+(iOS|Android)\S*)\s*$",
                     re.IGNORECASE)
_FORWARD_SUBJECT = re.compile(r"^\s*(tr|fwd?|transf|wg|rv)\s*:", re.IGNORECASE)
_SIGNATURE = "-- "


def is_forward(subject: str) -> bool:
    """A forwarded mail ("TR :", "Fwd:"): what it carries is the request, never history."""
    return bool(_FORWARD_SUBJECT.match(subject or ""))


def _is_quoted(line: str) -> bool:
    return line.lstrip().startswith(">")


def _attribution_at(lines: list[str], index: int) -> int | None:
    """The first line of a "Le … a écrit :" / "On … wrote:" ending at index (up to 3 lines)."""
    if not lines[index].rstrip().endswith(":") or _is_quoted(lines[index]):
        return None
    found = None
    for start in range(index, max(index - 3, -1), -1):
        if not lines[start].strip() or _is_quoted(lines[start]):
            break
        joined = " ".join(line.strip() for line in lines[start:index + 1])
        if _ATTRIBUTION_END.search(joined) and _ATTRIBUTION_START.search(lines[start]):
            found = start  # the earliest line that starts it: a wrapped attribution
    return found


def _header_block_at(lines: list[str], index: int) -> bool:
    """An Outlook "De : / Envoyé : / À : / Objet :" block starting at index."""
    if not _FROM_FIELD.match(lines[index]):
        return False
    fields = {match.group(1).lower() for line in lines[index + 1:index + 8]
              if (match := _HEADER_FIELD.match(line))}
    return bool(fields & {"objet", "subject"}) and bool(fields & {"envoyé", "sent", "date"})


def _history_follows(lines: list[str], index: int) -> bool:
    """Nothing but quoted history after a mobile signature (else it was a sentence)."""
    rest = [number for number in range(index + 1, len(lines)) if lines[number].strip()]
    if not rest:
        return True
    first = rest[0]
    return _is_quoted(lines[first]) or bool(_RULE.match(lines[first])) or bool(
        _ORIGINAL.match(lines[first])) or _header_block_at(lines, first) or any(
        _attribution_at(lines, number) == first for number in rest[:4])


def _history_start(lines: list[str], forwarded: bool = False) -> int | None:
    """The line where the quoted history or the signature begins, everything after included."""
    for index, line in enumerate(lines):
        if _FORWARD.match(line):
            forwarded = True  # a forward's content is what the person sends: never fold it
        if forwarded:
            continue
        if line == _SIGNATURE or line.rstrip() == "--" and index and not lines[index - 1].strip():
            return index
        if _ORIGINAL.match(line) or _MOBILE.match(line) and _history_follows(lines, index):
            return index
        if _header_block_at(lines, index):
            above = index - 1
            while above >= 0 and not lines[above].strip():
                above -= 1
            return above if above >= 0 and _RULE.match(lines[above]) else index
        start = _attribution_at(lines, index)
        if start is not None:
            following = next((item for item in lines[index + 1:] if item.strip()), "")
            if not following or not _is_quoted(following):
                return start  # an unprefixed history (Outlook, Apple): all of it is quoted
    return None


def split_reply(text: str, subject: str = "") -> tuple[str, str]:
    """Split a message into its new part and the quoted history / signature (fr and en).

    Only what is really quoted folds: ">" lines ending the message with their "Le … a écrit :"
    line, an unprefixed history under such a line or under an Outlook header block, and a
    signature ("-- ", "Envoyé de mon iPhone"). A dash list or an inline answer never folds.
    """
    if not text.strip():
        return "", ""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    start = _history_start(lines, is_forward(subject))
    cut = len(lines) if start is None else start
    # Walk up over the quoted lines, blank lines and attribution that end the new text.
    while cut > 0:
        line = lines[cut - 1]
        if not line.strip() or _is_quoted(line):
            cut -= 1
            continue
        attribution = _attribution_at(lines, cut - 1)
        if attribution is None:
            break
        cut = attribution
    latest = "\n".join(lines[:cut]).strip()
    # Fold only when a real quote or signature goes away, not a reflowed space.
    if not latest or len(text.split()) - len(latest.split()) < 3:
        return text, ""
    return latest, text
