"""Turn catalogue pages into PDF with WeasyPrint, reading only the portal's own files."""

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from portal.config import ROOT

STATIC = (ROOT / "static").resolve()


class StaticOnlyFetcher(URLFetcher):
    """Serve files under static/ and inline data; refuse anything else (no network)."""

    def __init__(self):
        super().__init__(allowed_protocols={"file", "data"})

    def fetch(self, url, headers=None):
        if not url.startswith("file:"):
            return super().fetch(url, headers)
        path = Path(unquote(urlsplit(url).path)).resolve()
        if not path.is_relative_to(STATIC) or not path.is_file():
            raise ValueError(f"refused to fetch {url!r} while rendering a PDF")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})


def render_pdf(html: str) -> bytes:
    """Render a standalone HTML document (static files referenced as static/...) to PDF."""
    return HTML(string=html, base_url=str(ROOT) + "/", url_fetcher=StaticOnlyFetcher()).write_pdf()
