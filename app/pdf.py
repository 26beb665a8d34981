"""HTML to PDF with WeasyPrint. Only our own static files may be fetched while rendering.

WeasyPrint is imported on the first PDF, not at start-up: loading it takes about half a second
that every worker, command and test process would otherwise pay.
"""

import mimetypes
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from flask import Response, current_app, request

from app.exports import download

STATIC_PREFIX = "/static/"


@cache
def _static_only_fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        """Never fetches over the network: a URL in a document must not make the server call out."""

        def __init__(self, static_folder: str) -> None:
            super().__init__(fail_on_errors=False)
            self.static = Path(static_folder).resolve()

        def fetch(self, url, headers=None):
            path = urlsplit(url).path
            if not path.startswith(STATIC_PREFIX):
                raise ValueError(f"not fetched while making a PDF: {url}")
            target = (self.static / path.removeprefix(STATIC_PREFIX)).resolve()
            if self.static not in target.parents or not target.is_file():
                raise ValueError(f"no such static file: {url}")
            content_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body=target.read_bytes(),
                                      headers={"Content-Type": content_type})

    return StaticOnlyFetcher


def pdf_response(html: str, filename: str) -> Response:
    from weasyprint import HTML

    fetcher = _static_only_fetcher_class()(current_app.static_folder)
    document = HTML(string=html, base_url=request.host_url, url_fetcher=fetcher).write_pdf()
    return download(document, "application/pdf", filename)
