"""HTML to PDF with WeasyPrint. Only our own static files may be fetched while rendering."""

import mimetypes
from pathlib import Path
from urllib.parse import urlsplit

from flask import Response, current_app, request
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

STATIC_PREFIX = "/static/"


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


def pdf_response(html: str, filename: str) -> Response:
    document = HTML(string=html, base_url=request.host_url,
                    url_fetcher=StaticOnlyFetcher(current_app.static_folder)).write_pdf()
    response = Response(document, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response
