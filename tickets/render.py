"""Make message bodies safe to show: sanitised HTML, blocked remote images, folded quotes."""

from __future__ import annotations

import html
import re

import nh3
from mailparser_reply import EmailReplyParser
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
    r"(divRplyFwdMsg|appendonsend)|<blockquote|<hr[^>]+id=[\"']?stopSpelling|"
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


def split_html_reply(raw_html: str) -> str | None:
    """The HTML before the quoted history, or None when there is no history to fold."""
    found = _QUOTE_START.search(raw_html)
    if found is None:
        return None
    latest = raw_html[: found.start()]
    return latest if html_to_text(latest).strip() else None


def html_to_text(raw_html: str) -> str:
    """The text of an HTML body, for search, previews and quoting."""
    text = nh3.clean(re.sub(r"<(br|/p|/div|/tr|/li|/h\d)\b[^>]*>", "\n", raw_html,
                            flags=re.IGNORECASE), tags=set())
    lines = (" ".join(line.split()) for line in html.unescape(text).splitlines())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def split_reply(text: str) -> tuple[str, str]:
    """Split a message into its new part and the quoted history / signature (fr and en)."""
    if not text.strip():
        return "", ""
    try:
        replies = EmailReplyParser(languages=["fr", "en"]).read(text).replies
    except Exception:  # noqa: BLE001  (folding is a comfort; never fail a page on it)
        return text, ""
    latest = replies[0].body.strip() if replies else ""
    # Fold only when a real quote or signature goes away, not a reflowed space.
    if not latest or len(text.split()) - len(latest.split()) < 3:
        return text, ""
    return latest, text
