"""Every upload and import, sent what Hypothesis makes: random bytes, CSV files of random cells in
the encodings people save in (UTF-8 with and without a byte-order mark, Windows-1252, UTF-16),
broken and huge lines, header rows out of order or missing a column, YAML that is not a framework,
evidence under any file name, and the file field sent twice.

The property is the one the forms have (tests/app/test_fuzz_forms.py): never a 500, a refusal
changes nothing, and what is stored is clean and is what was uploaded (cells stripped).
"""

import copy
import csv
import functools
import io

import yaml
from hypothesis import assume, event, given, note, settings
from hypothesis import strategies as st
from sqlalchemy import select

from app.extensions import db
from selfeval import framework as fw
from selfeval.forms.evidence import safe_name
from selfeval.models import EvidenceFile
from tests.app.test_bad_input import setting  # noqa: F401 - a fixture
from tests.app.test_fuzz_forms import BOOKKEEPING, COLUMN_NAMES, changed_rows, garbage_in, repeat_to, strings, texts
from tests.conftest import rolled_back, sign_in
from tests.pages import page, snapshot

BOUNDARY = "send-triads-fuzz-boundary-41c9"
ENCODINGS = ["utf-8", "utf-8-sig", "cp1252", "utf-16", "latin-1"]
# Uploads cost more than a form: each is given a few times the profile's examples.
UPLOAD_EXAMPLES = settings(max_examples=settings.default.max_examples * 3)


def multipart(files: list[tuple[str, bytes]], fields: dict[str, list[str]]) -> dict:
    """client.post() keywords for a multipart body with any file names, escaped as browsers do
    (a quote and line breaks percent-encoded, everything else UTF-8; a backslash is sent as the
    quoted pair the server reads back as one backslash)."""
    out = io.BytesIO()
    for name, values in fields.items():
        for value in values:
            out.write(f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode())
            out.write(value.encode() + b"\r\n")
    for filename, content in files:
        escaped = (filename.replace("\\", "\\\\").replace('"', "%22").replace("\r", "%0D")
                   .replace("\n", "%0A"))
        out.write(f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="{escaped}"\r\n'
                  "Content-Type: application/octet-stream\r\n\r\n".encode())
        out.write(content + b"\r\n")
    out.write(f"--{BOUNDARY}--\r\n".encode())
    return {"data": out.getvalue(), "content_type": f"multipart/form-data; boundary={BOUNDARY}"}


# --- files ------------------------------------------------------------------------------------

cell_text = st.one_of(strings(max_size=20), st.builds(repeat_to, strings(1, 4), st.sampled_from([121, 255, 5000])))


def often(usual: st.SearchStrategy, *unusual: st.SearchStrategy) -> st.SearchStrategy:
    """The usual value three times in four, so that most files get past the first check and the
    rows behind it are read too."""
    return st.one_of(usual, usual, usual, st.one_of(*unusual))


@st.composite
def csv_bytes(draw, header: list[str], good_cells: list) -> bytes:
    """A CSV file: the header as given, or reordered, shouted, short of a column or random; rows of
    good cells, sometimes random ones; saved in one of the encodings people use, sometimes broken."""
    head = draw(often(st.just(header), st.permutations(header), st.just([h.upper() for h in header]),
                      st.just(header[1:]), st.lists(cell_text, max_size=5)))
    row = st.tuples(*good_cells).map(list)
    rows = draw(st.lists(often(row, st.lists(st.one_of(cell_text, *good_cells), max_size=6)), min_size=1,
                         max_size=3))
    text = io.StringIO()
    csv.writer(text, lineterminator=draw(st.sampled_from(["\n", "\r\n", "\r"]))).writerows([head, *rows])
    raw = text.getvalue().encode(draw(often(st.sampled_from(ENCODINGS[:3]), st.sampled_from(ENCODINGS[3:]))),
                                 errors="replace")
    damage = draw(often(st.just("none"), st.sampled_from(["bytes", "huge line", "quote", "bom twice"])))
    if damage == "bytes":
        at = draw(st.integers(0, len(raw)))
        raw = raw[:at] + draw(st.binary(min_size=1, max_size=8)) + raw[at:]
    elif damage == "huge line":
        raw += b"x" * draw(st.sampled_from([70_000, 200_000])) + b"\n"
    elif damage == "quote":
        raw += b'"never closed,\n'
    elif damage == "bom twice":
        raw = b"\xef\xbb\xbf\xef\xbb\xbf" + raw
    return raw


def upload(content: st.SearchStrategy, names: list[str]) -> st.SearchStrategy:
    """A list of (file name, bytes): mostly one shaped file under the first name, sometimes random
    bytes, another name, no file, or two under one field name (the form reads the first)."""
    files = st.tuples(often(st.just(names[0]), st.sampled_from(names[1:])), often(content, st.binary(max_size=600)))
    return often(files.map(lambda f: [f]), st.just([]), st.lists(files, min_size=2, max_size=2))


urns = st.one_of(st.from_regex(r"\A[0-9]{6}\Z"), st.sampled_from(["100001", "12345", "١٢٣٤٥٦", " 700001 "]))
school_cells = [often(st.from_regex(r"\A[0-9]{6}\Z"), urns), often(st.just("Alder Primary"), cell_text),
                often(st.sampled_from(["Primary", "secondary", "Special", "Nursery"]), st.sampled_from(["", "Middle"])),
                often(st.sampled_from(["Academy", "Community school", "Free school"]), st.sampled_from(["", "?"]))]
people_cells = [often(st.just("100001"), urns), often(st.just("Robin Example"), cell_text),
                often(st.emails(), st.just("robin@example.org"), cell_text),
                often(st.sampled_from(["SENCO", "Headteacher", "qa"]), st.sampled_from(["PLATFORM_ADMIN", ""]))]
GIAS_HEADER = ["URN", "EstablishmentName", "LA (code)", "TypeOfEstablishment (name)", "PhaseOfEducation (name)",
               "EstablishmentStatus (name)"]
gias_cells = [urns, cell_text, st.sampled_from(["901", "902", "", "9O1"]),
              st.sampled_from(["Academy converter", "Community school", "?"]),
              st.sampled_from(["Primary", "Secondary", "Not applicable"]), st.sampled_from(["Open", "Closed", ""])]
BUNDLED_FRAMEWORK = (fw.FRAMEWORKS_DIR / fw.DEFAULT_FILE).read_text(encoding="utf-8")
FRAMEWORK_NOISE = ["", "{", "- [", "a: *b", "&a [*a, *a, *a]", "!!python/object:os.system ''", "areas:\n  - id: x",
                   "[" * 5000, "x: " + "{" * 2000, "\t- tab", "%YAML 9.9\n---", "\ufeffkey: value"]


def text_leaves(data, path=()) -> list[tuple]:
    """The path to each text in a parsed YAML document."""
    if isinstance(data, dict):
        return [leaf for key, value in data.items() for leaf in text_leaves(value, (*path, key))]
    if isinstance(data, list):
        return [leaf for i, value in enumerate(data) for leaf in text_leaves(value, (*path, i))]
    return [path] if isinstance(data, str) else []


FRAMEWORK_DATA = yaml.safe_load(BUNDLED_FRAMEWORK)
FRAMEWORK_TEXTS = text_leaves(FRAMEWORK_DATA)


@st.composite
def framework_bytes(draw) -> bytes:
    """A framework file: the bundled one under a new version with one of its texts (a title, a
    statement, a label, an id) changed to any text; or with one line changed; or YAML that is no
    framework at all."""
    how = draw(often(st.just("a text"), st.sampled_from(["a line", "noise"])))
    if how == "a text":
        data = copy.deepcopy(FRAMEWORK_DATA)
        data["version"] = "2099.1"
        *parents, last = draw(st.sampled_from(FRAMEWORK_TEXTS))
        target = functools.reduce(lambda node, key: node[key], parents, data)
        target[last] = draw(texts)
        text = yaml.safe_dump(data, allow_unicode=draw(st.booleans()), sort_keys=False)
    elif how == "a line":
        lines = BUNDLED_FRAMEWORK.splitlines()
        lines[draw(st.integers(0, len(lines) - 1))] = draw(strings(max_size=30))
        text = "\n".join(lines)
    else:
        text = draw(st.sampled_from(FRAMEWORK_NOISE))
    return text.encode(draw(often(st.sampled_from(["utf-8", "utf-8-sig"]), st.just("utf-16"))), errors="replace")


evidence_names = st.one_of(
    st.sampled_from(["notes.txt", "minutes.pdf", "plan.docx", "photo.JPG", "data.csv", "..\\..\\etc\\passwd.txt",
                     "../../etc/passwd.txt",
                     "Cyfarfod ŵyl.txt", "\u202etxt.exe", "a" * 300 + ".txt", ".txt", "noextension"]),
    st.builds(lambda stem, ext: stem + ext, strings(max_size=12), st.sampled_from([".txt", ".pdf", ".png", ""])),
)
evidence_content = st.one_of(
    st.builds(lambda s: s.encode(), strings(max_size=200)),
    st.sampled_from([b"%PDF-1.7\n", b"\x89PNG\r\n\x1a\n", b"PK\x03\x04", b"\xff\xd8\xff", b"", b"\x00" * 10]),
    st.binary(max_size=300),
)


# --- the property -----------------------------------------------------------------------------


def check_upload(client, url: str, files: list, fields: dict) -> tuple[int, dict]:
    assume(all(BOUNDARY.encode() not in content for _, content in files))
    before = snapshot()
    response = client.post(url, **multipart(files, fields))
    note(f"status {response.status_code}")
    event(f"status {response.status_code}")
    assert response.status_code < 500, response.get_data(as_text=True)[-3000:]
    changed = {table: rows for table, rows in changed_rows(before, snapshot()).items() if rows}
    if response.status_code >= 400:
        assert set(changed) <= BOOKKEEPING, f"a refusal ({response.status_code}) changed {sorted(changed)}"
    else:
        assert not garbage_in(changed), garbage_in(changed)
    return response.status_code, changed


def column_values(changed: dict, table: str, *columns: str) -> list[tuple]:
    """The named columns of each new or changed row of a table."""
    at = [COLUMN_NAMES[table].index(column) for column in columns]
    return [tuple(row[i] for i in at) for row in changed.get(table, [])]


def cells_of(raw: bytes) -> set[str]:
    """Every cell of a CSV file as the import reads it (stripped), in whichever encoding it took."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return {cell.strip() for row in csv.reader(io.StringIO(raw.decode(encoding), newline=""))
                    for cell in row}
        except (UnicodeDecodeError, csv.Error):
            continue
    return set()


@UPLOAD_EXAMPLES
@given(files=upload(csv_bytes(["urn", "name", "phase", "type"], school_cells)
                    | csv_bytes(GIAS_HEADER, gias_cells), ["schools.csv", "schools.CSV", "schools.zip",
                                                           "schools.xlsx", ""]))
def _schools(client, files):
    with rolled_back():
        _, changed = check_upload(client, "/la/authority-a/schools/import", files, {})
        for urn, name in column_values(changed, "school", "urn", "name"):
            assert {urn, name} <= cells_of(files[0][1]), "a school must be stored as its cells were"


def test_school_imports_never_fail_or_store_garbage(app, setting):  # noqa: F811 - the fixture
    _schools(sign_in(app.test_client(), setting["lead"]))


@UPLOAD_EXAMPLES
@given(files=upload(csv_bytes(["urn", "name", "email", "role"], people_cells), ["people.csv", "people.txt"]))
def _people(client, files):
    with rolled_back():
        _, changed = check_upload(client, "/la/authority-a/people/import", files, {})
        cells = cells_of(files[0][1]) if files else set()
        for name, email in column_values(changed, "invitation", "name", "email"):
            assert name in cells, "a name must be stored as its cell was"
            assert email in {cell.lower() for cell in cells}, "an email address must be stored as its cell was"


def test_people_imports_never_fail_or_store_garbage(app, setting):  # noqa: F811 - the fixture
    _people(sign_in(app.test_client(), setting["lead"]))


@UPLOAD_EXAMPLES
@given(files=upload(framework_bytes(), ["framework.yaml", "framework.YML", "framework.json"]))
def _frameworks(client, files):
    with rolled_back():
        check_upload(client, "/la/authority-a/self-evaluation/frameworks", files, {})


def test_framework_uploads_never_fail_or_store_garbage(app, setting):  # noqa: F811 - the fixture
    _frameworks(sign_in(app.test_client(), setting["lead"]))


@UPLOAD_EXAMPLES
@given(files=st.lists(st.tuples(evidence_names, evidence_content), max_size=2),
       statement=st.lists(st.one_of(st.sampled_from(["", "outcomes.progress"]), strings(max_size=10)), max_size=2))
def _evidence(client, url, files, statement):
    with rolled_back():
        _, changed = check_upload(client, url, files, {"statement": statement})
        if changed:
            db.session.expire_all()
            stored = db.session.scalars(select(EvidenceFile)).all()
            assert [(f.filename, f.data) for f in stored] == [(safe_name(files[0][0]), files[0][1])]


def test_evidence_uploads_never_fail_or_store_garbage(app, setting):  # noqa: F811 - the fixture
    _evidence(sign_in(app.test_client(), setting["senco"]), setting["evaluation_url"] + "/areas/outcomes/evidence")



def test_an_imported_urn_in_other_digits_is_a_row_problem(app, setting):  # noqa: F811 - the fixture
    # "\d" matched Arabic-Indic digits, so this file's school was imported with that URN.
    client = sign_in(app.test_client(), setting["lead"])
    before = snapshot()
    response = client.post("/la/authority-a/schools/import", **multipart(
        [("schools.csv", "urn,name,phase,type\n\u0661\u0662\u0663\u0664\u0665\u0667,Alder,Primary,Academy\n".encode())],
        {}))
    assert response.status_code == 400
    assert "URN must be 6 digits, like 123456" in page(response).get_text()
    assert snapshot() == before
