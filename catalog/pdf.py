"""Turn catalogue pages into PDF with WeasyPrint, reading only the portal's own files."""

from weasyprint import HTML
from weasyprint.urls import URLFetcher

from portal.config import ROOT

STATIC = (ROOT / "static").resolve()


class StaticOnlyFetcher(URLFetcher):
    """Serve static files and inline data; refuse anything else (no network from a PDF)."""

    def __init__(self):
        super().__init__(allowed_protocols={"file", "data"})

    def fetch(self, url, headers=None):
        if url.startswith("file:") and not url.startswith(STATIC.as_uri() + "/"):
            raise ValueError(f"refused to fetch {url!r} while rendering a PDF")
        return super().fetch(url, headers)


def render_pdf(html: str) -> bytes:
    """Render a standalone HTML document (static files referenced as static/...) to PDF."""
    return HTML(string=html, base_url=str(ROOT) + "/", url_fetcher=StaticOnlyFetcher()).write_pdf()
