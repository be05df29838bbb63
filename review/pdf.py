"""PDF rendering shared by the portal's printed documents (WeasyPrint): a URL
fetcher that reads nothing but data URIs and the system fonts, one font
configuration per process, and HTML to PDF bytes. WeasyPrint is imported inside the
functions: it takes about 0.8 s to import, so only processes that print pay it."""

from functools import cache
from pathlib import Path
from typing import Any

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


def local_fetcher() -> Any:
    """A WeasyPrint URL fetcher that reads only data URIs and the system fonts."""
    from weasyprint.urls import URLFetcher

    class LocalOnly(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if url.startswith("file://") and _is_font(url[len("file://") :]):
                return super().fetch(url, headers)
            raise ValueError(f"refused to fetch {url[:80]}")

    return LocalOnly(allowed_protocols={"data", "file"}, timeout=1)


def _is_font(path: str) -> bool:
    resolved = Path(path).resolve()
    return resolved.is_relative_to(FONT_DIR) and resolved.suffix == ".ttf"


@cache
def font_config() -> Any:
    """One font configuration per process: building one per document costs about
    a third of the rendering."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def stylesheet(text: str) -> Any:
    """A parsed style sheet that fetches nothing but local fonts."""
    from weasyprint import CSS

    return CSS(string=text, font_config=font_config(), url_fetcher=local_fetcher())


def html_to_pdf(html: str, stylesheets: list[Any]) -> bytes:
    """The HTML page as PDF bytes, fetching nothing from the network."""
    from weasyprint import HTML

    document = HTML(string=html, url_fetcher=local_fetcher())
    return bytes(document.write_pdf(stylesheets=stylesheets, font_config=font_config()))
