"""The app on a loopback port for the browser tests, in its own process.

    python -m tests.browser.live_server --workdir DIR

Run as a child process rather than a thread in the test process: `app.extensions.db` is a
module-level singleton that `create_app()` rebinds, so a second app in the pytest process would
steal the database from the unit tests' `app` fixture.

It makes a fresh SQLite database in DIR, migrates it, loads the demo, asks for one password reset
(so the admin's outbox holds a reset link for the crawler to follow), writes DIR/routes.json (the
URL map, for the crawl coverage test) and then DIR/port. Every 5xx response and every ERROR log
record is appended to DIR/errors.jsonl, which the tests read.
"""

import argparse
import contextlib
import json
import logging
import re
import sys
import threading
import time
from pathlib import Path

from werkzeug.serving import WSGIRequestHandler, make_server

from app import create_app, migrate
from app.extensions import db
from demo import programme as demo

# Someone the tests never sign in as, so their reset link changes nothing the tests rely on.
RESET_EMAIL = "lead@eastbrook.example"


class ErrorLog:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.lock = threading.Lock()
        path.touch()

    def write(self, **record) -> None:
        record["time"] = time.time()
        with self.lock, self.path.open("a", encoding="utf-8") as f:
            f.write(json.dumps(record, default=str) + "\n")


class ErrorLogHandler(logging.Handler):
    def __init__(self, log: ErrorLog) -> None:
        super().__init__(level=logging.ERROR)
        self.log = log

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if record.exc_info:
            text += "\n" + logging.Formatter().formatException(record.exc_info)
        self.log.write(kind="log", logger=record.name, message=text)


def record_5xx(wsgi_app, log: ErrorLog):
    def middleware(environ, start_response):
        def recording_start_response(status, headers, exc_info=None):
            if status[:1] == "5":
                path = environ.get("PATH_INFO", "")
                query = environ.get("QUERY_STRING")
                log.write(
                    kind="status",
                    status=status,
                    method=environ.get("REQUEST_METHOD"),
                    path=path + ("?" + query if query else ""),
                )
            return start_response(status, headers, exc_info)

        return wsgi_app(environ, recording_start_response)

    return middleware


class QuietHandler(WSGIRequestHandler):
    def log_request(self, code="-", size="-") -> None:
        pass  # the access log would drown the test output; 5xx are recorded by the middleware


def request_password_reset(app, email: str) -> None:
    client = app.test_client()
    page = client.get("/password-reset").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or re.search(
        r'name="csrf_token"[^>]*value="([^"]+)"', page
    )
    assert token, "no CSRF token on the password reset page"
    response = client.post("/password-reset", data={"csrf_token": token.group(1), "email": email})
    assert response.status_code == 200, response.status_code


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workdir", required=True, type=Path)
    args = parser.parse_args()
    workdir: Path = args.workdir

    errors = ErrorLog(workdir / "errors.jsonl")
    app = create_app(
        "test",
        DATABASE_URL=f"sqlite:///{workdir / 'browser.sqlite'}",
        WTF_CSRF_ENABLED=True,  # the browser posts real forms, tokens and all
        TESTING=False,  # errors go through the app's own handlers, as in production
    )
    handler = ErrorLogHandler(errors)
    app.logger.addHandler(handler)
    logging.getLogger("werkzeug").addHandler(handler)

    app.wsgi_app = record_5xx(app.wsgi_app, errors)
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
    base_url = f"http://127.0.0.1:{server.server_port}"

    with app.app_context():
        migrate.upgrade(db.engine)
        with app.test_request_context(base_url=base_url):
            demo.seed()
        db.session.commit()
    request_password_reset(app, RESET_EMAIL)

    routes = [
        {"rule": rule.rule, "endpoint": rule.endpoint, "methods": sorted(rule.methods or ())}
        for rule in app.url_map.iter_rules()
    ]
    (workdir / "routes.json").write_text(json.dumps(routes, indent=1))
    # Written last, through a rename, so the parent never reads half a port number.
    (workdir / "port.tmp").write_text(str(server.server_port))
    (workdir / "port.tmp").rename(workdir / "port")
    print(f"Serving on {base_url}", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    sys.exit(0)


if __name__ == "__main__":
    main()
