"""The service's own CSS and JavaScript: linked with a hash of their content, kept for a year at
that address, gzipped for browsers that accept it, and never a page's secrets in a compressed body."""

import gzip
import hashlib
from pathlib import Path

from tests.pages import page

STATIC = Path(__file__).resolve().parents[2] / "app" / "static"


def _linked(client, suffix: str) -> str:
    soup = page(client.get("/privacy"))
    found = [tag.get("href") or tag.get("src") for tag in soup.select("link[rel=stylesheet], script[src]")]
    return next(url for url in found if url.split("?")[0].endswith(suffix))


def test_pages_link_the_stylesheet_and_scripts_by_their_content(client):
    css = _linked(client, "/css/app.css")
    digest = hashlib.sha256((STATIC / "css" / "app.css").read_bytes()).hexdigest()[:12]
    assert css == f"/static/css/app.css?v={digest}"
    assert "?v=" in _linked(client, "/js/init.js")


def test_the_stylesheet_is_gzipped_and_kept_for_a_year_at_its_address(client):
    css = _linked(client, "/css/app.css")
    response = client.get(css, headers={"Accept-Encoding": "gzip, br"})
    original = (STATIC / "css" / "app.css").read_bytes()
    assert response.status_code == 200 and response.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.data) == original
    assert len(response.data) < len(original) / 4
    assert response.mimetype == "text/css" and "Accept-Encoding" in response.headers["Vary"]
    assert "immutable" in response.headers["Cache-Control"] and "max-age=31536000" in response.headers["Cache-Control"]
    again = client.get(css, headers={"Accept-Encoding": "gzip", "If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_without_gzip_or_without_the_current_address_it_is_asked_about_each_time(client):
    plain = client.get("/static/css/app.css", headers={"Accept-Encoding": "identity"})
    assert plain.status_code == 200 and "Content-Encoding" not in plain.headers
    assert plain.data == (STATIC / "css" / "app.css").read_bytes()
    assert "no-cache" in plain.headers["Cache-Control"] and "immutable" not in plain.headers["Cache-Control"]
    plain.close()
    stale = client.get("/static/css/app.css?v=000000000000", headers={"Accept-Encoding": "gzip"})
    assert "immutable" not in stale.headers["Cache-Control"]


def test_no_file_outside_static_and_no_page_is_compressed(client):
    assert client.get("/static/../config.py").status_code == 404
    assert client.get("/static/css/missing.css").status_code == 404
    response = client.get("/privacy", headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in response.headers
