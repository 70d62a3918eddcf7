"""Rich text written by staff (minutes, decisions): Markdown turned into sanitised HTML."""

import markdown
import nh3
from markupsafe import Markup

TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "h3", "h4", "blockquote", "code", "pre",
        "table", "thead", "tbody", "tr", "th", "td", "a", "hr"}
ATTRIBUTES = {"a": {"href", "title"}}


def render_markdown(text: str) -> Markup:
    """Render Markdown to HTML that keeps only formatting tags and safe links."""
    html = markdown.markdown(text or "", extensions=["tables", "sane_lists"],
                             output_format="html")
    return Markup(nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes={
        "http", "https", "mailto"}, link_rel="noopener noreferrer"))
