"""The service's own CSS, JavaScript and images (app/static/): every link to one carries a hash of
its content (`?v=`), so a browser keeps it for a year and a new build is a new address; text files
go gzipped to browsers that accept it, compressed once per process and kept in memory.

Pages themselves are never compressed here: a compressed page that echoes what a person typed
beside a secret (the CSRF token) is what BREACH reads. These files hold no secrets.
"""

import gzip
import hashlib
import mimetypes
from functools import cache
from pathlib import Path

from flask import Flask, Response, abort, current_app, request
from werkzeug.security import safe_join

ONE_YEAR = 31_536_000
COMPRESSIBLE = {".css", ".js", ".mjs", ".svg", ".json", ".txt", ".webmanifest"}
SMALLEST = 1024  # bytes: below this, gzip's own header outweighs what it saves


def _path(filename: str) -> Path | None:
    found = safe_join(current_app.static_folder, filename)
    return Path(found) if found and Path(found).is_file() else None


@cache
def _fingerprint(path: Path, mtime_ns: int) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


@cache
def _gzipped(path: Path, mtime_ns: int) -> bytes:
    return gzip.compress(path.read_bytes(), compresslevel=9, mtime=0)


@cache
def _fixed_fingerprint(folder: str, filename: str) -> str | None:
    path = _path(filename)
    return _fingerprint(path, path.stat().st_mtime_ns) if path else None


def fingerprint(filename: str) -> str | None:
    """The hash of the file's content. Outside debug mode the files do not change while the
    process runs (a deployment is a restart), so each is read once; in debug mode a rebuilt
    stylesheet shows at its new address without restarting."""
    if not current_app.debug:
        return _fixed_fingerprint(current_app.static_folder, filename)
    path = _path(filename)
    return _fingerprint(path, path.stat().st_mtime_ns) if path else None


def _add_fingerprint(endpoint: str, values: dict) -> None:
    if endpoint == "static" and "filename" in values and "v" not in values:
        found = fingerprint(values["filename"])
        if found:
            values["v"] = found


def send_static(filename: str) -> Response:
    path = _path(filename)
    if path is None:
        abort(404)
    mtime_ns = path.stat().st_mtime_ns
    current = request.args.get("v") == _fingerprint(path, mtime_ns)
    if path.suffix in COMPRESSIBLE and path.stat().st_size >= SMALLEST and request.accept_encodings["gzip"]:
        mimetype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        response = Response(_gzipped(path, mtime_ns), mimetype=mimetype)
        response.content_encoding = "gzip"
        response.set_etag(_fingerprint(path, mtime_ns) + "-gz")
        response.last_modified = path.stat().st_mtime
        response.make_conditional(request)
    else:
        response = current_app.send_static_file(filename)
    response.vary.add("Accept-Encoding")
    if current:
        # The address names this exact content: it can be kept for good.
        response.cache_control.public = True
        response.cache_control.max_age = ONE_YEAR
        response.cache_control.immutable = True
    else:
        response.cache_control.no_cache = True  # kept, but asked about each time (ETag)
    return response


def init_app(app: Flask) -> None:
    app.view_functions["static"] = send_static
    app.url_defaults(_add_fingerprint)
