"""The framework file, its loader and the pure scoring helpers. No app, no database."""

import json
from copy import deepcopy

import pytest
import yaml

from selfeval import framework as fw
from selfeval.framework import Area, FrameworkError, Level, Scale, Statement, Variant

AREA_IDS = [
    "outcomes",
    "leadership",
    "teaching",
    "pupils-parents",
    "identification",
    "monitoring",
    "resources",
    "provision",
]
FILENAME = "test.yaml"


# A small valid framework, built as data and dumped, so each bad-file test changes one thing -------


def make_statement(area_id: str, n: int, **extra) -> dict:
    return {
        "id": f"{area_id}.s{n}",
        "text": f"Statement {n} of {area_id}.",
        "hint": "What good looks like.",
        "evidence_prompts": ["A first prompt", "A second prompt"],
        **extra,
    }


def make_data(areas: int = 8, statements: int = 5, variants: bool = True) -> dict:
    data = {
        "key": "test-framework",
        "version": "1.0",
        "title": "A test framework",
        "source": {"title": "Our own wording", "publisher": "SEND Triads"},
        "scale": {
            "levels": [
                {"value": v, "label": f"Level {v}", "description": f"Level {v} described."}
                for v in range(1, 5)
            ]
        },
        "variants": [
            {"id": "mainstream", "title": "Mainstream schools"},
            {"id": "specialist", "title": "Specialist settings"},
        ],
        "areas": [
            {
                "id": area_id,
                "number": number,
                "title": f"Area {area_id}",
                "scope": f"What {area_id} covers.",
                "statements": [make_statement(area_id, n) for n in range(1, statements + 1)],
            }
            for number, area_id in enumerate(AREA_IDS[:areas], start=1)
        ],
    }
    if not variants:
        del data["variants"]
    return data


def dump(data: dict) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)


def area_data(data: dict, area_id: str) -> dict:
    return next(a for a in data["areas"] if a["id"] == area_id)


def line_of(text: str, snippet: str, occurrence: int = 1, exact: bool = False) -> int:
    """1-based line of the nth line containing `snippet` (or, if exact, consisting of it)."""
    hits = [
        n
        for n, line in enumerate(text.splitlines(), start=1)
        if (line.strip() == snippet.strip() if exact else snippet in line)
    ]
    return hits[occurrence - 1]


def problems(text: str) -> list[str]:
    with pytest.raises(FrameworkError) as caught:
        fw.parse(text, FILENAME)
    return caught.value.messages


def assert_problem(messages: list[str], line: int, *fragments: str) -> None:
    prefix = f"{FILENAME} line {line}: "
    matching = [m for m in messages if m.startswith(prefix) and all(f in m for f in fragments)]
    assert matching, f"no problem on line {line} with {fragments}; got {messages}"


def test_the_test_framework_is_valid():
    parsed = fw.parse(dump(make_data()), FILENAME)
    assert list(parsed.variants) == ["mainstream", "specialist"]


# The bundled framework -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bundled() -> fw.Framework:
    return fw.default_framework()


def test_bundled_files_include_the_2026_framework_and_all_parse():
    files = fw.bundled_files()
    assert fw.FRAMEWORKS_DIR / "whole-school-send-2026.yaml" in files
    for path in files:
        assert fw.load_file(path).key


def test_bundled_framework_has_mainstream_and_specialist_variants(bundled):
    assert bundled.key == "whole-school-send"
    assert bundled.version == "2026.1"
    assert list(bundled.variants) == ["mainstream", "specialist"]
    assert bundled.default_variant.id == "mainstream"


@pytest.mark.parametrize("variant_id", ["mainstream", "specialist"])
def test_each_variant_has_the_eight_areas_in_order_with_5_to_10_statements(bundled, variant_id):
    variant = bundled.variant(variant_id)
    assert [a.id for a in variant.areas] == AREA_IDS
    assert [a.number for a in variant.areas] == list(range(1, 9))
    for area in variant.areas:
        assert 5 <= len(area.statements) <= 10, area.id
        for statement in area.statements:
            assert statement.area_id == area.id
            assert 2 <= len(statement.evidence_prompts) <= 4
            assert len(statement.text) <= 400 and len(statement.hint) <= 600


def test_statement_ids_are_unique_across_the_whole_framework(bundled):
    # A statement that appears in both variants is the same statement, so count each id per variant
    # and check none repeats inside a variant; across variants the ids must name the same statement.
    for variant in bundled.variants.values():
        ids = [s.id for s in variant.statements]
        assert len(ids) == len(set(ids))
    raw = yaml.safe_load((fw.FRAMEWORKS_DIR / fw.DEFAULT_FILE).read_text(encoding="utf-8"))
    all_ids = [s["id"] for area in raw["areas"] for s in area["statements"]]
    assert len(all_ids) == len(set(all_ids))


def test_bundled_scale_has_four_levels_from_focus_for_development_to_strength_to_share(bundled):
    scale = bundled.scale
    assert scale.values == (1, 2, 3, 4)
    assert scale.label(1) == "A focus for development"
    assert scale.label(4) == "A strength to share"
    assert all(level.description for level in scale.levels)


@pytest.mark.parametrize("variant_id", ["mainstream", "specialist"])
def test_every_area_has_pupil_wording_and_pupils_and_parents_has_several(bundled, variant_id):
    variant = bundled.variant(variant_id)
    for area in variant.areas:
        assert any(s.pupil_text for s in area.statements), area.id
    assert sum(1 for s in variant.area("pupils-parents").statements if s.pupil_text) >= 3


def test_bundled_source_records_the_guide_and_that_area_titles_are_not_confirmed(bundled):
    source = bundled.source
    assert "SEND Review Guide" in source.title
    assert "London Leadership Strategy" in source.publisher
    assert source.urls and all(u.startswith("http") for u in source.urls)
    assert source.area_titles_confirmed is False
    assert "own" in source.note


def test_specialist_wording_replaces_mainstream_where_it_does_not_fit(bundled):
    mainstream, specialist = bundled.variant("mainstream"), bundled.variant("specialist")
    assert "EHC plan" in specialist.statement("outcomes.progress").text
    assert "EHC plan" not in mainstream.statement("outcomes.progress").text
    assert "identification.register" in mainstream.area("identification").statement_ids
    assert "identification.register" not in specialist.area("identification").statement_ids
    assert "leadership.outreach" in specialist.area("leadership").statement_ids
    assert "leadership.outreach" not in mainstream.area("leadership").statement_ids
    assert specialist.area("identification").scope != mainstream.area("identification").scope


def test_default_framework_is_loaded_once(bundled):
    assert fw.default_framework() is bundled


# Round trip ------------------------------------------------------------------------------------------


def test_to_dict_and_from_dict_rebuild_the_same_framework_through_json(bundled):
    stored = json.loads(json.dumps(fw.to_dict(bundled)))
    rebuilt = fw.from_dict(stored)
    assert rebuilt == bundled
    assert list(rebuilt.variants) == list(bundled.variants)
    assert rebuilt.variant("specialist").statement("outcomes.progress") == bundled.variant(
        "specialist"
    ).statement("outcomes.progress")


def test_round_trip_keeps_a_variant_without_pupil_wording():
    data = make_data()
    area_data(data, "outcomes")["statements"][0]["pupil_text"] = "I like school."
    area_data(data, "outcomes")["statements"][0]["variants"] = {"specialist": {"pupil_text": None}}
    parsed = fw.parse(dump(data), FILENAME)
    assert parsed.statement("outcomes.s1", "mainstream").pupil_text == "I like school."
    assert parsed.statement("outcomes.s1", "specialist").pupil_text is None
    assert fw.from_dict(json.loads(json.dumps(fw.to_dict(parsed)))) == parsed


def test_from_dict_refuses_an_unknown_format_or_a_damaged_definition(bundled):
    stored = fw.to_dict(bundled)
    with pytest.raises(FrameworkError, match="format"):
        fw.from_dict({**stored, "format": 99})
    damaged = deepcopy(stored)
    del damaged["variants"][0]["areas"][0]["statements"][0]["text"]
    with pytest.raises(FrameworkError, match="expected shape"):
        fw.from_dict(damaged)
    damaged = deepcopy(stored)
    damaged["scale"]["levels"][0]["value"] = "1"
    with pytest.raises(FrameworkError):
        fw.from_dict(damaged)


# Variants ------------------------------------------------------------------------------------------


def test_specialist_variant_applies_overrides_and_only():
    data = make_data()
    leadership = area_data(data, "leadership")
    leadership["variants"] = {"specialist": {"scope": "Leadership in a special school."}}
    leadership["statements"][0]["variants"] = {
        "specialist": {"text": "Specialist wording.", "hint": "Specialist hint."}
    }
    leadership["statements"].append(make_statement("leadership", 6, only=["specialist"]))
    leadership["statements"].append(make_statement("leadership", 7, only=["mainstream"]))
    parsed = fw.parse(dump(data), FILENAME)

    mainstream = parsed.variant("mainstream").area("leadership")
    specialist = parsed.variant("specialist").area("leadership")
    assert mainstream.statement_ids == tuple(f"leadership.s{n}" for n in (1, 2, 3, 4, 5, 7))
    assert specialist.statement_ids == tuple(f"leadership.s{n}" for n in (1, 2, 3, 4, 5, 6))
    assert mainstream.statements[0].text == "Statement 1 of leadership."
    assert specialist.statements[0].text == "Specialist wording."
    assert specialist.statements[0].hint == "Specialist hint."
    # What the override does not mention is kept from the mainstream wording.
    assert specialist.statements[0].evidence_prompts == ("A first prompt", "A second prompt")
    assert mainstream.scope == "What leadership covers."
    assert specialist.scope == "Leadership in a special school."


@pytest.mark.parametrize(
    ("phase", "variant_id"),
    [
        ("SPECIAL", "specialist"),
        ("special", "specialist"),
        ("PRIMARY", "mainstream"),
        ("SECONDARY", "mainstream"),
        ("ALL_THROUGH", "mainstream"),
        ("ALTERNATIVE_PROVISION", "mainstream"),
        ("", "mainstream"),
    ],
)
def test_variant_for_phase_gives_special_schools_the_specialist_variant(bundled, phase, variant_id):
    assert bundled.variant_for_phase(phase).id == variant_id


def test_a_file_without_variants_has_one_variant_for_every_phase():
    parsed = fw.parse(dump(make_data(variants=False)), FILENAME)
    assert list(parsed.variants) == ["mainstream"]
    assert parsed.variant("mainstream").title == fw.DEFAULT_VARIANT_TITLE
    assert parsed.variant_for_phase("SPECIAL").id == "mainstream"


def test_statement_and_area_lookups(bundled):
    # Found in the specialist variant even though the default variant does not have it.
    assert bundled.statement("leadership.outreach").id == "leadership.outreach"
    assert (
        bundled.statement("outcomes.progress", "specialist").text
        != bundled.statement("outcomes.progress").text
    )
    assert bundled.area("teaching").number == 3
    assert bundled.variant("specialist").area_of("leadership.outreach").id == "leadership"
    with pytest.raises(KeyError):
        bundled.statement("leadership.no-such-statement")
    with pytest.raises(KeyError):
        bundled.variant("residential")


def test_scale_helpers():
    scale = Scale(tuple(Level(v, f"L{v}", "d") for v in (1, 2, 3, 4)))
    assert scale.values == (1, 2, 3, 4)
    assert (scale.min, scale.max) == (1, 4)
    assert scale.label(3) == "L3"
    assert scale.contains(1) and scale.contains(4)
    for outside in (0, 5, None, "3", 3.0, True):
        assert not scale.contains(outside), outside
    with pytest.raises(ValueError):
        scale.label(5)


# Bad files: each is refused with a message that names the line --------------------------------------


def test_seven_areas_are_refused_saying_eight_are_needed():
    text = dump(make_data(areas=7))
    assert_problem(problems(text), line_of(text, "areas:"), "exactly 8 areas", "found 7")


def test_nine_areas_are_refused():
    data = make_data()
    data["areas"].append({**deepcopy(data["areas"][0]), "id": "extra", "number": 9, "statements": []})
    text = dump(data)
    assert_problem(problems(text), line_of(text, "areas:"), "exactly 8 areas", "found 9")


def test_a_duplicated_statement_id_names_both_lines():
    data = make_data()
    area_data(data, "leadership")["statements"][1]["id"] = "leadership.s1"
    text = dump(data)
    first, second = line_of(text, "id: leadership.s1"), line_of(text, "id: leadership.s1", 2)
    assert_problem(
        problems(text), second, "statement id 'leadership.s1' is used twice", f"(first on line {first})"
    )


def test_a_duplicated_area_id_is_refused():
    data = make_data()
    data["areas"][7]["id"] = "outcomes"
    for n, statement in enumerate(data["areas"][7]["statements"], start=1):
        statement["id"] = f"outcomes.t{n}"
    text = dump(data)
    assert_problem(
        problems(text), line_of(text, "- id: outcomes", 2, exact=True), "area id 'outcomes' is used twice"
    )


def test_a_statement_id_from_another_area_is_refused():
    data = make_data()
    area_data(data, "teaching")["statements"][0]["id"] = "leadership.stray"
    text = dump(data)
    assert_problem(problems(text), line_of(text, "leadership.stray"), "must be the area id, a dot")


def test_a_rating_scale_with_a_gap_is_refused():
    data = make_data()
    data["scale"]["levels"][2]["value"] = 4  # 1, 2, 4, 4: the third level skips 3
    data["scale"]["levels"][3]["value"] = 5
    text = dump(data)
    messages = problems(text)
    assert_problem(messages, line_of(text, "value: 4"), "no gaps", "should have value 3, not 4")


def test_a_scale_needs_two_levels_and_unique_labels():
    data = make_data()
    data["scale"]["levels"] = data["scale"]["levels"][:1]
    text = dump(data)
    assert_problem(problems(text), line_of(text, "levels:"), "1 level(s)", "2 to 10")

    data = make_data()
    data["scale"]["levels"][3]["label"] = "level 1"
    text = dump(data)
    assert_problem(
        problems(text),
        line_of(text, "label: level 1"),
        "label 'level 1' is used twice",
        f"(first on line {line_of(text, 'label: Level 1')})",
    )


def test_a_misspelt_key_is_refused_with_a_suggestion():
    data = make_data()
    statement = area_data(data, "monitoring")["statements"][2]
    statement["hnit"] = statement.pop("hint")
    text = dump(data)
    messages = problems(text)
    assert_problem(messages, line_of(text, "hnit:"), "unknown key 'hnit'", "did you mean 'hint'?")
    assert_problem(messages, line_of(text, "id: monitoring.s3"), "missing 'hint'")


def test_a_misspelt_top_level_key_is_refused():
    text = dump(make_data()).replace("title: A test framework", "titel: A test framework")
    messages = problems(text)
    assert_problem(messages, line_of(text, "titel:"), "unknown key 'titel'", "did you mean 'title'?")
    assert_problem(messages, 1, "the framework is missing 'title'")


def test_a_key_given_twice_is_refused():
    text = dump(make_data()).replace("title: A test framework\n", "title: A test framework\ntitle: Again\n")
    assert_problem(problems(text), line_of(text, "title: Again"), "'title' twice", "(first on line 3)")


def test_an_area_with_four_statements_is_refused():
    data = make_data()
    area_data(data, "resources")["statements"].pop()
    text = dump(data)
    statements_line = line_of(text, "statements:", AREA_IDS.index("resources") + 1)
    assert_problem(problems(text), statements_line, "area 'resources' has 4 statements", "5 to 10")


def test_an_area_with_eleven_statements_is_refused():
    text = dump(make_data(statements=11))
    assert_problem(problems(text), line_of(text, "statements:"), "area 'outcomes' has 11 statements")


def test_a_variant_left_with_four_statements_is_refused():
    data = make_data()
    area_data(data, "provision")["statements"][4]["only"] = ["mainstream"]
    text = dump(data)
    statements_line = line_of(text, "statements:", AREA_IDS.index("provision") + 1)
    messages = problems(text)
    assert_problem(messages, statements_line, "area 'provision' has 4 statements in the specialist variant")
    assert not any("mainstream variant" in m for m in messages)


def test_unknown_variant_names_are_refused_in_only_and_in_overrides():
    data = make_data()
    area_data(data, "teaching")["statements"][0]["only"] = ["specalist"]
    area_data(data, "teaching")["statements"][1]["variants"] = {"special": {"text": "Other words."}}
    text = dump(data)
    messages = problems(text)
    assert_problem(messages, line_of(text, "- specalist"), "unknown variant 'specalist'")
    assert_problem(
        messages, line_of(text, "special:"), "unknown variant 'special'", "did you mean 'specialist'?"
    )


def test_wording_for_a_variant_the_statement_is_not_in_is_refused():
    data = make_data()
    area_data(data, "teaching")["statements"].append(
        make_statement("teaching", 6, only=["mainstream"], variants={"specialist": {"text": "Unused."}})
    )
    text = dump(data)
    assert_problem(
        problems(text),
        line_of(text, "variants:", 2),
        "wording for the 'specialist' variant",
        "limited to mainstream",
    )


def test_invalid_yaml_is_refused_with_its_line():
    text = dump(make_data()).replace("title: A test framework", "title: A test: framework")
    [message] = problems(text)
    assert message.startswith(f"{FILENAME} line {line_of(text, 'A test: framework')}: this is not valid YAML")


def test_a_tab_in_the_indentation_is_refused_with_its_line():
    text = "key: test\n\tversion: '1'\n"
    [message] = problems(text)
    assert message.startswith(f"{FILENAME} line 2: this is not valid YAML")


def test_an_unclosed_quote_says_where_it_starts():
    text = 'key: test\ntitle: "never closed\n\nversion: 1\n'
    [message] = problems(text)
    assert message.startswith(f"{FILENAME} line ")
    assert "not valid YAML" in message and "(it starts on line 2)" in message


@pytest.mark.parametrize("text", ["", "   \n", "# only a comment\n"])
def test_an_empty_file_is_refused(text):
    [message] = problems(text)
    assert message.startswith(f"{FILENAME} line 1: the file is empty")


def test_a_file_that_is_a_list_is_refused():
    [message] = problems("- one\n- two\n")
    assert message == f"{FILENAME} line 1: the framework must be a set of 'name: value' lines, not a list"


def test_values_of_the_wrong_type_are_refused():
    data = make_data()
    data["areas"][1]["number"] = "two"
    data["areas"][2]["statements"][0]["text"] = ["a", "list"]
    data["areas"][3]["statements"][0]["evidence_prompts"] = "one prompt"
    data["areas"][4]["statements"] = {"id": "identification.s1"}
    data["source"]["area_titles_confirmed"] = "maybe"
    text = dump(data).replace("version: '1.0'", "version: 1.0")
    messages = problems(text)
    assert_problem(
        messages, line_of(text, "version: 1.0"), "version must be text, not a decimal number", "quotes"
    )
    assert_problem(messages, line_of(text, "number: two"), "number must be a whole number")
    assert_problem(messages, line_of(text, "text:", 11), "'text' must be text, not a list")
    assert_problem(messages, line_of(text, "evidence_prompts: one prompt"), "must be a list")
    assert_problem(messages, line_of(text, "statements:", 5), "statements must be a list")
    assert_problem(messages, line_of(text, "area_titles_confirmed"), "must be true or false")


def test_unquoted_yes_is_not_mistaken_for_text():
    data = make_data()
    data["areas"][0]["statements"][0]["text"] = "PLACEHOLDER"
    text = dump(data).replace("text: PLACEHOLDER", "text: yes")
    assert_problem(problems(text), line_of(text, "text: yes"), "must be text, not true/false", "quotes")


def test_empty_and_too_long_text_is_refused():
    data = make_data()
    data["areas"][0]["statements"][0]["text"] = ""
    data["areas"][0]["statements"][1]["text"] = "x" * 401
    data["areas"][0]["statements"][2]["hint"] = "y" * 601
    data["areas"][0]["statements"][3]["evidence_prompts"] = ["only one"]
    text = dump(data)
    messages = problems(text)
    assert_problem(messages, line_of(text, "text: ''"), "'text' must not be empty")
    assert_problem(messages, line_of(text, "x" * 401), "401 characters long; the limit is 400")
    assert_problem(messages, line_of(text, "y" * 601), "601 characters long; the limit is 600")
    assert_problem(messages, line_of(text, "- only one") - 1, "1 evidence prompt;", "2 to 4")


def test_areas_must_be_numbered_in_order():
    data = make_data()
    data["areas"][0]["number"], data["areas"][1]["number"] = 2, 1
    text = dump(data)
    assert_problem(problems(text), line_of(text, "number: 2"), "area 'outcomes' has number 2 but is area 1")


def test_every_problem_is_reported_at_once_in_line_order():
    data = make_data(areas=7)
    area_data(data, "outcomes")["statements"][0]["txt"] = "typo"
    data["scale"]["levels"][1]["value"] = 3
    text = dump(data)
    messages = problems(text)
    assert len(messages) >= 3
    lines = [int(m.split(" line ")[1].split(":")[0]) for m in messages]
    assert lines == sorted(lines)
    assert all(m.startswith(f"{FILENAME} line ") for m in messages)


def test_load_file_names_the_file_in_its_messages(tmp_path):
    path = tmp_path / "our-wording.yaml"
    path.write_text(dump(make_data(areas=7)), encoding="utf-8")
    with pytest.raises(FrameworkError) as caught:
        fw.load_file(path)
    assert caught.value.messages[0].startswith("our-wording.yaml line ")

    path.write_bytes(b"key: \xff\xfe\n")
    with pytest.raises(FrameworkError, match="UTF-8"):
        fw.load_file(path)


# Scoring ---------------------------------------------------------------------------------------------


def make_area(area_id: str, count: int = 5) -> Area:
    return Area(
        area_id,
        1,
        area_id.title(),
        "scope",
        tuple(Statement(f"{area_id}.s{n}", "text", "hint", ("p", "q")) for n in range(1, count + 1)),
    )


def test_area_mean_counts_only_answered_statements():
    area = make_area("a")
    # a.s1 4 and a.s2 3 answered; a.s3 None and a.s4, a.s5 absent are not answers; b.s1 is another area.
    # (4 + 3) / 2 = 3.5
    assert fw.area_mean({"a.s1": 4, "a.s2": 3, "a.s3": None, "b.s1": 1}, area) == 3.5
    # One answer of 1: the mean is 1.0. Counting the four missing answers as 0 would give 0.2.
    assert fw.area_mean({"a.s1": 1}, area) == 1.0


def test_area_mean_is_none_not_zero_when_nothing_is_answered():
    area = make_area("a")
    assert fw.area_mean({}, area) is None
    assert fw.area_mean({"a.s1": None, "a.s2": None}, area) is None


def test_rank_statements_orders_high_to_low_keeping_given_order_for_ties():
    ratings = {"x.a": 2, "x.b": 4, "x.c": None, "x.d": 4, "x.e": 1}
    # 4s first in the order given (b before d), then 2, then 1; the unanswered c is left out.
    assert fw.rank_statements(ratings) == [("x.b", 4), ("x.d", 4), ("x.a", 2), ("x.e", 1)]
    assert fw.rank_statements({"x.a": None}) == []


@pytest.fixture
def two_area_variant() -> Variant:
    return Variant("mainstream", "Mainstream", (make_area("a"), make_area("b")))


def test_strengths_and_development_picks_highest_and_lowest_with_ties_in_framework_order(two_area_variant):
    ratings = {
        "a.s1": 4,
        "a.s2": 2,
        "a.s3": None,
        "a.s4": 4,
        "a.s5": 1,
        "b.s1": 3,
        "b.s2": 1,
        "b.s3": 4,
        "b.s4": None,
        "b.s5": 2,
        "zz.unknown": 4,  # not in this variant: ignored
    }
    # Answered, in framework order: a.s1 4, a.s2 2, a.s4 4, a.s5 1, b.s1 3, b.s2 1, b.s3 4, b.s5 2 (8).
    # Strengths: the three 4s in framework order: a.s1, a.s4, b.s3.
    # Development from the rest: the 1s (a.s5, b.s2), then the first 2 in framework order (a.s2, not b.s5).
    strengths, development = fw.strengths_and_development(two_area_variant, ratings)
    assert strengths == ["a.s1", "a.s4", "b.s3"]
    assert development == ["a.s5", "b.s2", "a.s2"]


def test_strengths_and_development_never_share_a_statement(two_area_variant):
    # Three answers, all 3: 3 // 2 = 1 strength (the first), the other 2 go to development.
    strengths, development = fw.strengths_and_development(two_area_variant, {"a.s1": 3, "a.s2": 3, "a.s3": 3})
    assert strengths == ["a.s1"]
    assert development == ["a.s2", "a.s3"]
    # Two answers: one each way.
    assert fw.strengths_and_development(two_area_variant, {"a.s1": 2, "b.s1": 4}) == (["b.s1"], ["a.s1"])


def test_strengths_and_development_are_empty_with_fewer_than_two_answers(two_area_variant):
    assert fw.strengths_and_development(two_area_variant, {}) == ([], [])
    assert fw.strengths_and_development(two_area_variant, {"a.s1": 4, "a.s2": None}) == ([], [])


def test_strengths_and_development_respects_count(two_area_variant):
    ratings = {f"a.s{n}": n for n in range(1, 6)} | {f"b.s{n}": 6 - n for n in range(1, 6)}
    # a: 1 2 3 4 5, b: 5 4 3 2 1. Top 2: the 5s (a.s5 then b.s1). Bottom 2: the 1s (a.s1 then b.s5).
    assert fw.strengths_and_development(two_area_variant, ratings, count=2) == (
        ["a.s5", "b.s1"],
        ["a.s1", "b.s5"],
    )


def test_spread_summarises_several_views_ignoring_unanswered():
    result = fw.spread([4, None, 2, 3, 3])
    # Answered: 2, 3, 3, 4 -> count 4, min 2, max 4, median of the middle two (3 + 3) / 2 = 3.0.
    assert result == fw.Spread(count=4, minimum=2, maximum=4, median=3.0, counts_by_level={2: 1, 3: 2, 4: 1})
    scale = Scale(tuple(Level(v, f"L{v}", "d") for v in (1, 2, 3, 4)))
    assert fw.spread([4, None, 2, 3, 3], scale).counts_by_level == {1: 0, 2: 1, 3: 2, 4: 1}
    # Even count: median of 1 and 4 is 2.5.
    assert fw.spread([1, 4]).median == 2.5


def test_spread_of_no_answers_has_no_median():
    assert fw.spread([None, None]) == fw.Spread(0, None, None, None, {})
    scale = Scale(tuple(Level(v, f"L{v}", "d") for v in (1, 2, 3)))
    assert fw.spread([], scale).counts_by_level == {1: 0, 2: 0, 3: 0}


def test_divergence_is_the_distance_from_the_others_median():
    # Others answered 2, 3, 1 -> median 2; own 4 -> |4 - 2| = 2.0.
    assert fw.divergence(4, [2, 3, None, 1]) == 2.0
    # Others 2, 3 -> median 2.5; own 1 -> 1.5.
    assert fw.divergence(1, [2, 3]) == 1.5
    assert fw.divergence(3, [3, 3]) == 0.0


def test_divergence_is_none_when_either_side_is_missing():
    assert fw.divergence(None, [2, 3]) is None
    assert fw.divergence(3, [None, None]) is None
    assert fw.divergence(3, []) is None


def test_most_divergent_lists_the_biggest_differences_first():
    own = {"a.s1": 4, "a.s2": 1, "a.s3": 3, "a.s4": None, "a.s5": 2, "b.s1": 4}
    others = {
        "a.s1": [2, 2, 3],  # median 2 -> 2.0
        "a.s2": [3, 4],  # median 3.5 -> 2.5
        "a.s3": [3, None],  # median 3 -> 0: agreement, left out
        "a.s4": [1],  # own missing -> left out
        "a.s5": [4, 4, 3, 4],  # median of 3, 4, 4, 4 is 4 -> 2.0
        # b.s1: nobody else answered -> left out
    }
    # 2.5 first, then the two 2.0s in the order of `own` (a.s1 before a.s5).
    assert fw.most_divergent(own, others) == [("a.s2", 2.5), ("a.s1", 2.0), ("a.s5", 2.0)]
    assert fw.most_divergent(own, others, count=2) == [("a.s2", 2.5), ("a.s1", 2.0)]
