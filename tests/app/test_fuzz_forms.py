"""Every form of the bad-input table (tests/app/test_bad_input.py), sent what Hypothesis makes of
its valid values: any unicode (control characters, NUL, right-to-left and zero-width marks, astral
characters), lengths from none to far past each limit, numbers that are not numbers ("NaN",
"1e309", twenty digits), dates that are not dates (31 2 2026, 0 0 0, year 99999, blanks), fields
left out and fields sent twice.

The property, for every form and every example: never a 500; a refusal (any 4xx) leaves the
database exactly as it was; and whatever a request does store is clean: each text fits its
column, holds no control character, and a field stored as typed is stored as the form cleaned
it (stripped; the first of two values sent under one name). A form added to the table is fuzzed
here too. Each example runs in a savepoint of its own (tests.conftest.rolled_back).
"""

import re

import pytest
from hypothesis import event, given, note
from hypothesis import strategies as st

from app.db import Base
from app.forms import CONTROL_CHARS
from tests.app.test_bad_input import FORMS, client_for, setting, submit  # noqa: F401 - setting is a fixture
from tests.conftest import rolled_back
from tests.pages import field_errors, page, snapshot

# Characters that have broken web forms somewhere: NUL and other controls, the right-to-left
# override, zero-width joiners, a byte-order mark, astral characters (an emoji, a mathematical
# letter), a combining accent, line and paragraph separators, Welsh and Polish letters, and a
# digit that is not ASCII ("٣" is 3 to Python's int()).
SPECIAL = ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\u202e", "\u200b", "\u200d", "\ufeff", "\U0001f600",
           "\U0001d518", "e\u0301", "\u2028", "\r\n", "\t", "\u0175", "\u0142", "\u0663", "\uff11", "<", "'"]
CHARACTERS = st.one_of(st.characters(exclude_categories=("Cs",)), st.sampled_from(SPECIAL))
# The limits the columns and forms use, either side of each.
LENGTHS = [31, 32, 33, 119, 120, 121, 199, 200, 201, 254, 255, 256, 2000, 2001, 4000, 4001, 6001, 20_000]
NUMBERS = ["-1", "0", "-0", "1e309", "NaN", "nan", "inf", "-inf", "1.5", "0x1F", "\u0663", "\uff13", " 3 ",
           "99999999999999999999", "2147483648", "-9223372036854775809", "3\x00"]
DATES = [["31", "2", "2026"], ["0", "0", "0"], ["1", "1", "99999"], ["", "", ""], ["", "5", "2026"],
         ["29", "2", "2100"], ["1", "13", "2026"], ["-1", "1", "2026"], ["1", "1"], ["1", "1", "2026", "4"],
         ["\u0663", "\u0663", "\u0662\u0660\u0662\u0667"], ["1e309", "1", "2026"]]


def repeat_to(piece: str, length: int) -> str:
    return (piece * (length // len(piece) + 1))[:length]


def strings(min_size: int = 0, max_size: int = 40):
    return st.lists(CHARACTERS, min_size=min_size, max_size=max_size).map("".join)


# Text a person might type in any language (letters, marks, digits, punctuation, symbols, spaces,
# astral characters among them), which a form should take; and anything at all, which it may refuse.
printable = st.text(st.characters(categories=("L", "M", "N", "P", "S", "Zs")), min_size=1, max_size=40)
texts = st.one_of(printable, strings(), st.builds(repeat_to, strings(1, 6), st.sampled_from(LENGTHS)))
numbers = st.one_of(st.sampled_from(NUMBERS), st.integers().map(str),
                    st.text(st.characters(categories=("Nd",)), min_size=1, max_size=8))
one_value = st.one_of(texts, numbers)
dates = st.one_of(st.sampled_from(DATES), st.lists(one_value, max_size=5))

MISSING = object()


@st.composite
def mutated(draw, valid: dict, versions: tuple) -> tuple[dict, dict]:
    """The valid values with some fields changed, left out or sent twice; and, for each changed
    field, the value the form reads (the first sent) or MISSING."""
    names = sorted(valid)
    chosen = draw(st.sets(st.sampled_from(names), min_size=1, max_size=min(3, len(names))))
    values, read = dict(valid), {}
    for name in sorted(chosen):
        kind = draw(st.sampled_from(["text", "number", "date", "missing", "twice"]))
        if name in versions and kind == "date":
            kind = "number"
        if kind == "missing":
            del values[name]
            read[name] = MISSING
            continue
        new = {"text": texts, "number": numbers, "date": dates, "twice": one_value}[kind]
        value = draw(new)
        if kind == "twice":
            first, second = (valid[name], value) if draw(st.booleans()) else (value, valid[name])
            value = [*_as_list(first), *_as_list(second)]
        values[name] = value
        read[name] = _as_list(value)[0] if _as_list(value) else MISSING
    return values, read


def _as_list(value) -> list:
    return list(value) if isinstance(value, list) else [value]


def cleaned(name: str, typed: str) -> str:
    """What the form makes of typed text (app.forms: every text field strips; emails are lower-cased)."""
    return typed.strip().lower() if "email" in name else typed.strip()


# --- what the database holds -------------------------------------------------------------------

STRING_LIMITS = {table.name: {i: column.type.length for i, column in enumerate(table.columns)
                              if getattr(column.type, "length", None)}
                 for table in Base.metadata.sorted_tables}
COLUMN_NAMES = {table.name: [column.name for column in table.columns] for table in Base.metadata.sorted_tables}
# Whatever a request stores may hold line breaks and tabs, never another control character.
STORED_CONTROL = CONTROL_CHARS
# Columns with a shape of their own: a URN and an LA code are ASCII digits ("\d" in a pattern
# also matches Arabic-Indic and other digits).
SHAPES = {"school.urn": re.compile(r"[0-9]{6}"), "local_authority.code": re.compile(r"[0-9]{3}")}


def changed_rows(before: dict, after: dict) -> dict[str, list[tuple]]:
    # repr: a JSON column's value is a dict, which a set cannot hold
    return {table: [row for row in rows if repr(row) not in {repr(old) for old in before.get(table, [])}]
            for table, rows in after.items()}


def text_cells(state: dict) -> set[str]:
    return {cell for rows in state.values() for row in rows for cell in row if isinstance(cell, str)}


def garbage_in(changed: dict[str, list[tuple]]) -> list[str]:
    """Each stored text too long for its column, out of its column's shape, or holding a control
    character (in a JSON column too: a framework's titles, an audit entry's values)."""
    found = []
    for table, rows in changed.items():
        for row in rows:
            for i, cell in enumerate(row):
                column = f"{table}.{COLUMN_NAMES[table][i]}"
                limit = STRING_LIMITS[table].get(i)
                if isinstance(cell, str) and limit is not None and len(cell) > limit:
                    found.append(f"{column} holds {len(cell)} characters; the column allows {limit}")
                if isinstance(cell, str) and column in SHAPES and not SHAPES[column].fullmatch(cell):
                    found.append(f"{column} holds {cell!r}")
                found += [f"{column} holds a control character: {text[:80]!r}" for text in texts_in(cell)
                          if STORED_CONTROL.search(text)]
    return found


def texts_in(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.items() for part in item for text in texts_in(part)]
    if isinstance(value, list | tuple):
        return [text for part in value for text in texts_in(part)]
    return []


def is_stored(text: str, cells: set[str]) -> bool:
    """Stored whole, or, for a field of one item per line (criteria, next steps), line by line."""
    if text in cells:
        return True
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return len(lines) > 1 and all(line in cells for line in lines)


# Refusals that are recorded on purpose: a failed sign-in counts towards the limit on attempts;
# and any request by someone signed in notes when their session was last used.
RECORDED_REFUSALS = {"sign in": {"sign_in_attempt"}}
BOOKKEEPING = {"user_session"}


def stored_as_typed(client, form, url: str, valid: dict) -> set[str]:
    """The fields whose valid value the database then holds exactly as typed (cleaned): for these,
    a fuzzed value that is accepted must be stored exactly as cleaned too. Found by saving the
    valid values once, in a savepoint rolled back after."""
    with rolled_back():
        before = snapshot()
        response = submit(client, form, url, valid)
        assert response.status_code < 400, response.status_code
        cells = text_cells(changed_rows(before, snapshot()))
    return {name for name, typed in valid.items()
            if isinstance(typed, str) and name not in form.versions and name not in form.passwords
            and not re.fullmatch(r"\d+", typed.strip()) and cleaned(name, typed) in cells}


FUZZED = [form for form in FORMS if not form.is_upload]
FORMS_BY_NAME = {form.name: form for form in FORMS}


@pytest.mark.parametrize("form", FUZZED, ids=[f.name for f in FUZZED])
def test_no_form_answers_500_or_stores_garbage(app, setting, form):  # noqa: F811 - the fixture
    url = form.url(setting)
    verbatim = stored_as_typed(client_for(app, form, setting), form, url, form.valid(setting))

    @given(st.data())
    def example(data):
        client = client_for(app, form, setting)  # a fresh one: a save may sign a visitor in
        with rolled_back():
            values, read = data.draw(mutated(form.valid(setting), form.versions), label="values")
            before = snapshot()
            response = submit(client, form, url, values)
            note(f"status {response.status_code}")
            event(f"status {response.status_code}")
            assert response.status_code < 500, response.get_data(as_text=True)[-3000:]
            after = snapshot()
            changed = {table: rows for table, rows in changed_rows(before, after).items() if rows}
            if response.status_code >= 400:
                allowed = RECORDED_REFUSALS.get(form.name, set()) | BOOKKEEPING
                assert set(changed) <= allowed, f"a refusal ({response.status_code}) changed {sorted(changed)}"
                return
            assert not garbage_in(changed), garbage_in(changed)
            cells = text_cells(after)
            for name, typed in read.items():
                if name in verbatim and typed is not MISSING and cleaned(name, str(typed)):
                    assert is_stored(cleaned(name, str(typed)), cells), f"{name} was not stored as typed"

    example()


# --- what the fuzzing found, each as a plain test ----------------------------------------------


@pytest.mark.parametrize("school", ["99999999999999999999", "2147483648", "-9223372036854775809"])
def test_a_school_id_past_any_record_is_refused_at_its_field(app, setting, school):  # noqa: F811
    # It reached the database as an id: SQLite cannot bind it, PostgreSQL refuses it (a 500).
    client = client_for(app, FORMS_BY_NAME["add role"], setting)
    before = snapshot()
    response = client.post(f"/la/authority-a/people/{setting['senco'].id}/roles/new",
                           data={"role": "HEADTEACHER", "school": school})
    assert response.status_code == 400
    assert "Select one of this local authority's schools" in field_errors(page(response))
    assert snapshot() == before


@pytest.mark.parametrize("school_id", ["99999999999999999999", "2147483648"])
def test_an_id_in_a_url_past_any_record_is_not_found(app, setting, school_id):  # noqa: F811
    client = client_for(app, FORMS_BY_NAME["change school"], setting)
    assert client.get(f"/la/authority-a/schools/{school_id}/edit").status_code == 404
    assert client.post(f"/la/authority-a/schools/{school_id}/edit", data={"name": "x"}).status_code == 404


def test_a_urn_or_la_code_in_other_digits_is_refused(app, setting):  # noqa: F811 - the fixture
    # "\d" matched Arabic-Indic digits: "١٢٣٤٥٦" was stored as a URN, "٩٩٠" as an LA code.
    lead = client_for(app, FORMS_BY_NAME["add school"], setting)
    admin = client_for(app, FORMS_BY_NAME["create local authority"], setting)
    before = snapshot()
    school = lead.post("/la/authority-a/schools/new", data={"urn": "\u0661\u0662\u0663\u0664\u0665\u0666",
                                                            "name": "Brook Lane", "phase": "PRIMARY",
                                                            "school_type": "ACADEMY"})
    assert school.status_code == 400
    assert "URN must be 6 digits, like 123456" in field_errors(page(school))
    la = admin.post("/admin/local-authorities/new", data={"name": "Northmere", "slug": "northmere",
                                                          "code": "\u0669\u0669\u0660", "lead_name": "Nia Lead",
                                                          "lead_email": "nia@northmere.example.org"})
    assert la.status_code == 400
    assert "LA code must be 3 digits, like 990" in field_errors(page(la))
    assert snapshot() == before
