"""Time a national Get Information about Schools file through the schools import, and measure its
memory: a made-up file of every column GIAS writes, 50,000 establishments (about the national
file's count) with an LA's own 300 among them.

    .venv/bin/python -m bench.bench_gias_import [--postgres] [--rows 50000]

Prints the file's size, the seconds of the check (the preview: upload, parse, compare) and of the
confirm, and the peak memory of reading the file: Python's own allocations (tracemalloc) while the
file is read, and the process's peak resident size. The upload goes through the Flask test client,
which holds the request body in memory; a WSGI server hands Werkzeug a stream, which it spools to
a temporary file, so in service the body is not in memory at all.
"""

import argparse
import resource
import tempfile
import time
import tracemalloc
from pathlib import Path

from app import create_app, migrate
from app.admin import csv_files, gias_import
from app.extensions import db
from app.interfaces import local_authorities, users
from app.models import Role
from bench.bench_pages import database
from tests.gias_files import Establishment, write_national
from tests.pages import file_upload, page

CODE = "990"
PASSWORD = "bench-password-2026"


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--postgres", action="store_true", help="use a throwaway PostgreSQL cluster")
    parser.add_argument("--rows", type=int, default=50_000)
    return parser.parse_args()


def megabytes(n: float) -> str:
    return f"{n / (1024 * 1024):.1f} MB"


def peak_rss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # kilobytes on Linux


class Upload:
    """What the route is given: a file stream and its name."""

    def __init__(self, path: Path) -> None:
        self.filename = path.name
        self.stream = path.open("rb")


def read(path: Path) -> tuple[float, gias_import.Preview]:
    started = time.perf_counter()
    upload = Upload(path)
    with csv_files.open_upload(upload, gias_import.MAX_BYTES) as reader:
        result = gias_import.preview(reader, CODE, [])
    upload.stream.close()
    return time.perf_counter() - started, result


def main() -> None:
    args = arguments()
    own = [Establishment(f"7{n:05d}", f"Own School {n}", la_code=CODE, la_name="Northmere") for n in range(300)]
    folder = Path(tempfile.mkdtemp())
    path = folder / "edubasealldata20260105.csv"
    size = write_national(path, args.rows, CODE, own)
    print(f"file: {args.rows:,} establishments, {megabytes(size)}, Windows-1252")

    # Reading alone, as the route does: timed, then again with Python's allocations traced.
    seconds, result = read(path)
    tracemalloc.start()
    read(path)
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"read and compare: {seconds:.2f}s, peak Python allocations {megabytes(traced_peak)}; "
          f"{len(result.to_add)} to add, {result.in_other_las:,} in other LAs")

    with database(args.postgres) as url:
        app = create_app("test", DATABASE_URL=url)
        with app.app_context():
            migrate.upgrade(db.engine)
            la = local_authorities.create_la("Northmere Borough Council", "northmere", CODE)
            lead = users.create_user("lead@northmere.example", "Lead", PASSWORD)
            users.grant_role(lead, Role.LA_LEAD, la=la)
            db.session.commit()
        client = app.test_client()
        signed_in = client.post("/sign-in", data={"email": "lead@northmere.example", "password": PASSWORD})
        assert signed_in.status_code == 302

        body = file_upload("file", path.name, path.read_bytes())
        started = time.perf_counter()
        response = client.post("/la/northmere/schools/import", **body)
        check = time.perf_counter() - started
        assert response.status_code == 200, response.status_code
        payload = page(response).find("input", attrs={"name": "payload"})["value"]
        tracemalloc.start()  # after the body is built: what the request itself allocates
        client.post("/la/northmere/schools/import", **body)
        _, request_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"check (upload, read, compare, preview page): {check:.2f}s, peak Python allocations "
              f"{megabytes(request_peak)} beside the request body; payload {len(payload):,} characters; "
              f"process peak {megabytes(peak_rss())}")

        started = time.perf_counter()
        response = client.post("/la/northmere/schools/import/confirm", data={"payload": payload})
        assert response.status_code == 302, response.status_code
        print(f"confirm ({len(own)} schools saved, on {app.config['DATABASE_URL'].split(':')[0]}): "
              f"{time.perf_counter() - started:.2f}s")
    path.unlink()


if __name__ == "__main__":
    main()
