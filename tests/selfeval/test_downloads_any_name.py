"""Files download under any name. A name with letters outside Latin-1 (a Welsh "ŵ", a Polish "Ł")
cannot travel in an HTTP header as it is: the library writes an ASCII fallback and the name in
UTF-8 (`filename*`, RFC 6266 and RFC 5987). Written by hand, such a header made the development
server hang and gunicorn answer 500."""

import threading
from urllib.parse import unquote

import pytest
import requests
from sqlalchemy import select
from werkzeug.serving import WSGIRequestHandler, make_server

from app.exports import download
from app.extensions import db
from selfeval import interfaces as selfeval
from selfeval.models import EvidenceFile
from tests.conftest import sign_in
from tests.factories import PASSWORD
from tests.selfeval.conftest import base_url
from tests.selfeval.test_evidence_and_frameworks import PDF, upload

NAME = "Cynllun ŵyl Łódź.pdf"


def assert_named(disposition: str, name: str = NAME) -> None:
    disposition.encode("ascii")  # headers travel as Latin-1; this one is plain ASCII
    assert disposition.startswith("attachment; ")
    assert 'filename="Cynllun wyl odz.pdf"' in disposition  # the fallback: letters without their marks
    utf8 = next(part for part in disposition.split("; ") if part.startswith("filename*="))
    assert unquote(utf8.removeprefix("filename*=UTF-8''"), encoding="utf-8") == name


def test_every_download_names_its_file_through_the_library():
    assert_named(download(PDF, "application/pdf", NAME).headers["Content-Disposition"])
    plain = download("a,b\r\n", "text/csv", "schools.csv")
    assert plain.headers["Content-Disposition"] == "attachment; filename=schools.csv"
    assert plain.headers["Cache-Control"] == "no-store" and plain.get_data() == b"a,b\r\n"


def evidence_of(app, world, evaluation) -> tuple[str, str]:
    """Uploads the file as the SENCO; its download address, and the listing it is shown on."""
    senco = sign_in(app.test_client(), world["a"]["senco"])
    area = selfeval.variant_of(evaluation).areas[0]
    listing = f"{base_url(world, evaluation)}/areas/{area.id}/evidence"
    assert upload(senco, listing, NAME, PDF).status_code == 302
    evidence = db.session.scalars(select(EvidenceFile)).one()
    assert evidence.filename == NAME, "the name is kept as uploaded"
    return f"{base_url(world, evaluation)}/evidence/{evidence.id}", listing


def test_evidence_with_a_welsh_and_polish_name_downloads_with_the_test_client(app, world, evaluation):
    address, listing = evidence_of(app, world, evaluation)
    lead = sign_in(app.test_client(), world["a"]["lead"])
    assert NAME in lead.get(listing).get_data(as_text=True)
    response = lead.get(address)
    assert response.status_code == 200 and response.data == PDF
    assert_named(response.headers["Content-Disposition"])


class QuietHandler(WSGIRequestHandler):
    def log_request(self, code="-", size="-") -> None:
        pass


@pytest.mark.real_commits
def test_evidence_with_a_welsh_and_polish_name_downloads_through_a_real_server(app, world, evaluation):
    address, _ = evidence_of(app, world, evaluation)
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        http = requests.Session()
        signed_in = http.post(f"http://127.0.0.1:{server.server_port}/sign-in",
                              data={"email": world["a"]["lead"].email, "password": PASSWORD},
                              allow_redirects=False, timeout=10)
        assert signed_in.status_code in (302, 303)
        response = http.get(f"http://127.0.0.1:{server.server_port}{address}", timeout=10)
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
    assert response.status_code == 200 and response.content == PDF
    assert_named(response.headers["Content-Disposition"])
