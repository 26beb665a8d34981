"""Third-party scripts built into app/static/vendor/ with a content hash in their names
(assets/build_plotly.sh): found by their stem, served precompressed and cached for a year.

A new build has a new name, so a browser never needs to ask again for a name it has; the page
that names the file is never cached (pages are no-store), so it always names the current one.
"""

from functools import cache
from pathlib import Path

from flask import Response, abort, request, send_file, url_for

VENDOR = Path(__file__).parent / "static" / "vendor"
ONE_YEAR = 31_536_000
# Best first: brotli is about a fifth smaller than gzip for the plotly bundle.
ENCODINGS = (("br", ".br"), ("gzip", ".gz"))


@cache
def _bundles() -> dict[str, Path]:
    """stem -> the one fingerprinted file of that stem, e.g. plotly-charts -> plotly-charts.<hash>.min.js."""
    found: dict[str, Path] = {}
    for path in sorted(VENDOR.glob("*.*.min.js")):
        stem = path.name.split(".", 1)[0]
        if stem in found:
            raise RuntimeError(f"two builds of {stem} in {VENDOR}: keep only the newest")
        found[stem] = path
    return found


def script_url(stem: str) -> str:
    """The URL of the current build of a vendored script, for templates: plotly_js_url()."""
    return url_for("home.vendor_js", name=_bundles()[stem].name)


def send_script(name: str) -> Response:
    path = next((p for p in _bundles().values() if p.name == name), None)
    if path is None:
        abort(404)
    encoding, chosen = None, path
    for coding, suffix in ENCODINGS:
        compressed = path.with_name(path.name + suffix)
        if request.accept_encodings[coding] and compressed.is_file():
            encoding, chosen = coding, compressed
            break
    response = send_file(chosen, mimetype="text/javascript", max_age=ONE_YEAR, download_name=path.name)
    if encoding:
        response.content_encoding = encoding
    response.vary.add("Accept-Encoding")
    response.cache_control.public = True
    response.cache_control.immutable = True
    return response
