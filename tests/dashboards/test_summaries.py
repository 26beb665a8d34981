"""The pure summaries, on small hand-made frames with the expected figures worked out by hand."""

from datetime import date

import pandas as pd
import pytest

from dashboards import summaries
from tests.dashboards import frames

SCHOOLS = [
    # id, name, triad, coach, submitted, levels (x, y)
    (1, "Beech", 1, False, True, [3, 4]),
    (2, "ash", 1, True, True, [4, 2]),
    (3, "Cedar", None, False, False, [None, None]),  # not submitted
    (4, "Dale", 2, True, True, [3, None]),  # submitted, no judgement for y
]


@pytest.fixture
def ratings():
    return frames.area_ratings(SCHOOLS)


def names(frame) -> list[str]:
    return list(frame["school_name"])


@pytest.mark.parametrize(("sort", "order", "expected"), [
    ("school", "asc", ["ash", "Beech", "Cedar", "Dale"]),  # case does not matter
    ("school", "desc", ["Dale", "Cedar", "Beech", "ash"]),
    # Beech and Dale tie at 3: by name. Cedar has no level: last, whichever the order.
    ("x", "desc", ["ash", "Beech", "Dale", "Cedar"]),
    ("x", "asc", ["Beech", "Dale", "ash", "Cedar"]),
    ("y", "desc", ["Beech", "ash", "Cedar", "Dale"]),
    ("y", "asc", ["ash", "Beech", "Cedar", "Dale"]),
    # Coach school first in its triad; a school in no triad last.
    ("triad", "asc", ["ash", "Beech", "Dale", "Cedar"]),
    ("triad", "desc", ["Dale", "ash", "Beech", "Cedar"]),
])
def test_heatmap_sorts_with_ties_by_name_and_missing_levels_last(ratings, sort, order, expected):
    assert names(summaries.heatmap(ratings, ["x", "y"], sort, order)) == expected


def test_heatmap_keeps_missing_levels_missing(ratings):
    wide = summaries.heatmap(ratings, ["x", "y"]).set_index("school_name")
    assert wide.loc["Cedar", ["x", "y"]].isna().all()
    assert wide.loc["Dale", "x"] == 3 and pd.isna(wide.loc["Dale", "y"])
    assert str(wide["x"].dtype) == "Int64"


def test_area_medians_count_only_schools_with_a_level(ratings):
    medians = summaries.area_medians(ratings).set_index("area_id")
    # x: 3, 4, 3 (Cedar missing) -> median 3, mean 10/3; y: 4, 2 -> median 3 (an even count).
    assert medians.loc["x", "median"] == 3 and medians.loc["x", "mean"] == pytest.approx(10 / 3)
    assert medians.loc["y", "median"] == 3 and medians.loc["y", "schools"] == 2
    assert medians.loc["x", "not_submitted"] == 1 and medians.loc["x", "schools"] == 3


def test_medians_of_an_area_no_school_has_rated_are_missing_not_zero():
    nobody = frames.area_ratings([(1, "A", 1, False, False, [None, None])])
    medians = summaries.area_medians(nobody)
    assert medians["median"].isna().all() and list(medians["schools"]) == [0, 0]


def test_level_distribution_counts_missing_schools_apart(ratings):
    dist = summaries.level_distribution(ratings, [1, 2, 3, 4]).set_index("area_id")
    assert list(dist.loc["x", [1, 2, 3, 4]]) == [0, 0, 2, 1]
    assert list(dist.loc["y", [1, 2, 3, 4]]) == [0, 1, 0, 1]
    assert dist.loc["x", "not_submitted"] == 1


def test_school_profile_against_its_triad_the_cohort_and_last_year(ratings):
    years = frames.year_on_year([(1, "x", 3, 2), (1, "y", 4, None)])
    profile = summaries.school_profile(ratings, years, 1).set_index("area_id")
    # Triad 1 is Beech and ash: x 3 and 4 -> 3.5; y 4 and 2 -> 3. Cohort x: 3, 4, 3 -> 3.
    assert profile.loc["x", "triad_median"] == 3.5 and profile.loc["y", "triad_median"] == 3
    assert profile.loc["x", "cohort_median"] == 3
    assert profile.loc["x", "previous_level"] == 2 and profile.loc["x", "change"] == 1
    assert pd.isna(profile.loc["y", "previous_level"]) and pd.isna(profile.loc["y", "change"])


def test_profile_of_a_school_not_submitted_has_no_levels_but_keeps_the_medians(ratings):
    profile = summaries.school_profile(ratings, frames.year_on_year([]), 3).set_index("area_id")
    assert profile["level"].isna().all() and profile["triad_median"].isna().all()
    assert profile.loc["x", "cohort_median"] == 3


STATEMENTS = frames.statement_ratings([
    (1, "a.1", 0, 4), (2, "a.1", 0, 4), (3, "a.1", 0, None),
    (1, "a.2", 1, 2), (2, "a.2", 1, 4), (3, "a.2", 1, 3),
    (1, "a.3", 2, 3), (2, "a.3", 2, 3),
    (1, "a.4", 3, 1),
    (1, "a.5", 4, None), (2, "a.5", 4, None),  # nobody rated it
    (1, "a.6", 5, 1), (2, "a.6", 5, 4), (3, "a.6", 5, 4),
])


def test_statements_ranked_by_mean_then_median_then_framework_order():
    ranked = summaries.ranked_statements(STATEMENTS)
    # a.6 and a.2 both average 3: a.6's median (4) beats a.2's (3). a.2 and a.3 tie on mean and
    # median: framework order. a.5 was never rated, so it is not ranked at all.
    assert list(ranked["statement_id"]) == ["a.1", "a.6", "a.2", "a.3", "a.4"]
    a1, a6, a2, a3, a4 = (row for _, row in ranked.iterrows())
    assert (a1["schools"], a1["mean"], a1["median"], a1["std"]) == (2, 4, 4, 0)  # the None is not a 0
    assert (a2["schools"], a2["mean"], a2["min"], a2["max"], a2["std"]) == (3, 3, 2, 4, 1)
    assert a6["std"] == pytest.approx(3 ** 0.5)  # ratings 1, 4, 4: sample variance 3
    assert pd.isna(a4["std"]) and a4["schools"] == 1


def test_highest_and_lowest_never_share_a_statement():
    ranked = summaries.ranked_statements(STATEMENTS)
    high, low = summaries.highest_and_lowest(ranked, 2)
    assert list(high["statement_id"]) == ["a.1", "a.6"]
    # a.2 and a.3 tie (mean 3, median 3) at the lowest list's cut: the framework's order keeps
    # a.2, as the page says, rather than the highest list read backwards (which kept a.3).
    assert list(low["statement_id"]) == ["a.4", "a.2"]
    high, low = summaries.highest_and_lowest(ranked, 10)  # five statements: two and three
    assert list(high["statement_id"]) == ["a.1", "a.6"]
    assert list(low["statement_id"]) == ["a.4", "a.2", "a.3"]


def test_highest_and_lowest_leave_out_statements_too_few_schools_answered():
    ranked = summaries.ranked_statements(STATEMENTS)
    high, low = summaries.highest_and_lowest(ranked, 10, min_schools=3)
    # Only a.6 and a.2 were answered by three schools; a.1 (two) and a.4 (one) are left out.
    assert list(high["statement_id"]) == ["a.6"] and list(low["statement_id"]) == ["a.2"]


def test_ranked_statements_with_no_answers_is_empty():
    assert summaries.ranked_statements(frames.statement_ratings([(1, "a.1", 0, None)])).empty


def showcase(ratings, statements, count=1):
    evidence = pd.DataFrame([{"school_id": 2, "area_id": "x", "evidence_notes": 2, "evidence_files": 1}])
    qa = pd.DataFrame([{"school_id": 2, "qa_visit_id": 9, "qa_rigour": "Rigorous", "qa_rigour_step": 3,
                        "qa_checked_on": date(2026, 3, 3), "qa_focus_areas": ("x",),
                        "qa_whole_triad": False}])
    return summaries.showcase_and_support(ratings, statements, evidence, qa, 1, 4, count)


def test_showcase_and_support_per_area_with_evidence_and_qa(ratings):
    statements = frames.statement_ratings([(1, "x.1", 0, 4), (1, "x.2", 1, 3), (4, "x.1", 0, 3)])
    found = showcase(ratings, statements, count=2)
    x_show = found[(found["area_id"] == "x") & (found["group"] == "showcase")]
    # ash (4), then Beech and Dale tied at 3: Beech's statements average 3.5, Dale's 3.
    assert names(x_show) == ["ash", "Beech"]
    ash = x_show.iloc[0]
    assert (ash["evidence_notes"], ash["evidence_files"], ash["checked"], ash["qa_area_focus"]) == (2, 1, True, True)
    assert ash["qa_note"] == "QA judged the self-evaluation rigorous on 3 March 2026"
    beech = x_show.iloc[1]
    assert beech["mean_rating"] == 3.5 and not beech["checked"]
    assert beech["qa_note"] == summaries.NOT_YET_CHECKED and beech["evidence_files"] == 0
    # Nobody is in the lower half for x; for y, ash (2) may benefit from support.
    assert found[(found["area_id"] == "x") & (found["group"] == "support")].empty
    y_support = found[(found["area_id"] == "y") & (found["group"] == "support")]
    assert names(y_support) == ["ash"] and not y_support.iloc[0]["qa_area_focus"]
    assert "Cedar" not in names(found)  # not submitted: in neither list


def test_a_tie_at_the_cut_keeps_every_tied_school(ratings):
    found = showcase(ratings, frames.statement_ratings([]), count=2)
    x_show = found[(found["area_id"] == "x") & (found["group"] == "showcase")]
    assert names(x_show) == ["ash", "Beech", "Dale"]


def test_change_counts_and_table():
    years = frames.year_on_year([(1, "x", 3, 2), (1, "y", 4, 4), (2, "x", 4, None),
                                 (2, "y", 2, 3), (3, "x", None, 3), (3, "y", None, None)])
    counts = summaries.change_counts(years).set_index("area_id")
    assert list(counts.loc["x", ["Up", "No change", "Down", "Not comparable"]]) == [1, 0, 0, 2]
    assert list(counts.loc["y", ["Up", "No change", "Down", "Not comparable"]]) == [0, 1, 1, 1]
    assert counts.loc["x", "mean_change"] == 1 and counts.loc["y", "mean_change"] == -0.5
    table = summaries.change_table(years, ["x", "y"]).set_index("school_id")
    assert table.loc[1, "x"] == 1 and table.loc[2, "y"] == -1 and pd.isna(table.loc[3, "x"])


@pytest.mark.parametrize(("description", "theme"), [
    ("Review the provision map with SLT each half-term", "Provision map, data and tracking"),
    ("Train teaching assistants in precision teaching", "Teaching assistants"),
    ("TA deployment: review timetables", "Teaching assistants"),
    ("Plan the tasks for the year", "Other"),  # "tasks" is not "TAs"
    ("CPD on adaptive teaching", "Training and CPD for staff"),
    ("Survey parents of pupils on SEN support", "Parents, carers and pupil voice"),
    ("Governors' SEND link visit", "Leadership and governance"),
])
def test_action_theme_is_the_first_kind_whose_words_start_a_word(description, theme):
    assert summaries.action_theme(description) == theme


def test_priorities_and_actions_counts():
    priorities = pd.DataFrame([
        {"school_id": 1, "priority_id": 1, "area_id": "x", "area_title": "Area X", "statement_id": "x.1",
         "statement_text": "S1"},
        {"school_id": 1, "priority_id": 2, "area_id": "x", "area_title": "Area X", "statement_id": "x.2",
         "statement_text": "S2"},
        {"school_id": 2, "priority_id": 3, "area_id": "x", "area_title": "Area X", "statement_id": "x.1",
         "statement_text": "S1"},
    ])
    by_area = summaries.priorities_by_area(priorities, frames.AREAS).set_index("area_id")
    assert (by_area.loc["x", "priorities"], by_area.loc["x", "schools"]) == (3, 2)
    assert (by_area.loc["y", "priorities"], by_area.loc["y", "schools"]) == (0, 0)
    by_statement = summaries.priorities_by_statement(priorities)
    assert list(by_statement["statement_id"]) == ["x.1", "x.2"] and by_statement.iloc[0]["schools"] == 2
    actions = pd.DataFrame([
        {"school_id": 1, "action_id": 1, "area_id": "x", "description": "Train staff", "progress": "Done"},
        {"school_id": 1, "action_id": 2, "area_id": "x", "description": "Train TAs",
         "progress": "At risk or overdue"},
        {"school_id": 2, "action_id": 3, "area_id": "y", "description": "Odd job", "progress": "On track"},
    ])
    themes = summaries.actions_by_theme(actions).set_index("theme")
    # "Train TAs" is about teaching assistants first: that kind comes before training.
    assert list(themes.index) == ["Teaching assistants", "Training and CPD for staff", "Other"]
    assert themes.loc["Teaching assistants", "at_risk"] == 1 and themes.loc["Other", "schools"] == 1
    assert themes.loc["Training and CPD for staff", "at_risk"] == 0
    progress = summaries.progress_by_area(actions, frames.AREAS).set_index("area_id")
    assert list(progress.loc["x", summaries.PROGRESS]) == [1, 0, 0, 1] and progress.loc["y", "total"] == 1


def test_completion_counts_every_status_even_when_none():
    completion = pd.DataFrame([{"school_id": 1, "status": "Submitted", "overdue": False},
                               {"school_id": 2, "status": "In progress", "overdue": True},
                               {"school_id": 3, "status": "In progress", "overdue": False}])
    counts = summaries.completion_counts(completion, ["Submitted", "In progress", "Not started"])
    assert counts.values.tolist() == [["Submitted", 1, 0], ["In progress", 2, 1], ["Not started", 0, 0]]


# --- the showcase's tie-break, at every cut-off -----------------------------------------------------
# Area x: A, B and C at 4 with mean statement ratings 4.00, 4.00 and 3.50; D, E and F at 3 with
# 3.00, 3.00 and none (F rated no statement). The page's rule: level, then the mean as shown; a
# school tied with the last one listed on both is listed too; a tie on the level alone is not.
CUT_SCHOOLS = [(n, name, 1, False, True, [level, None]) for n, (name, level) in enumerate(
    [("A", 4), ("B", 4), ("C", 4), ("D", 3), ("E", 3), ("F", 3)], start=1)]
CUT_RATINGS = [(1, "x.1", 0, 4), (2, "x.1", 0, 4), (3, "x.1", 0, 4), (3, "x.2", 1, 3),
               (4, "x.1", 0, 3), (5, "x.1", 0, 3)]


@pytest.mark.parametrize(("count", "listed"), [
    (1, ["A", "B"]),  # B ties with A on 4 and 4.00
    (2, ["A", "B"]),
    (3, ["A", "B", "C"]),  # C is at 4 but 3.50: not tied with anyone after it
    (4, ["A", "B", "C", "D", "E"]),  # E ties with D on 3 and 3.00
    (5, ["A", "B", "C", "D", "E"]),  # F is at 3 but rated no statement: after those that did
    (6, ["A", "B", "C", "D", "E", "F"]),
])
def test_the_showcase_keeps_ties_on_level_and_mean_at_every_cut_off(count, listed):
    found = showcase(frames.area_ratings(CUT_SCHOOLS), frames.statement_ratings(CUT_RATINGS), count)
    assert names(found[found["group"] == "showcase"]) == listed


def test_support_breaks_ties_the_other_way_and_means_tie_as_shown():
    # Area x, all at level 1: P's eight ratings average 17/8 = 2.125, shown 2.13 (half up); Q's
    # hundred ratings (87 twos, 13 threes) average 2.13 exactly; R averages 2.0, S 2.5. Lowest
    # first: R 2.00, then P and Q tied as shown at 2.13 (both kept with count 2), then S.
    schools = [(n, name, 1, False, True, [1, None]) for n, name in enumerate("PQRS", start=1)]
    ratings = ([(1, f"x.{i}", i, 2) for i in range(7)] + [(1, "x.7", 7, 3)]
               + [(2, f"x.{i}", i, 2 if i < 87 else 3) for i in range(100)]
               + [(3, "x.1", 1, 2), (4, "x.1", 1, 2), (4, "x.2", 2, 3)])
    found = showcase(frames.area_ratings(schools), frames.statement_ratings(ratings), count=2)
    assert names(found[found["group"] == "support"]) == ["R", "P", "Q"]
    assert "tied with the second on both the level and the mean" in summaries.showcase_rule(2)
    assert "the lowest level first" in summaries.showcase_rule(2, highest=False)


def test_the_spread_is_the_sample_standard_deviation_on_both_pages():
    # Ratings 1, 4, 4: mean 3; squared deviations 4 + 1 + 1 = 6; divided by n - 1 = 2: variance 3,
    # spread 1.73 (dividing by n = 3 would give 1.41). The network's summary of the same counts agrees.
    from dashboards import benchmarks

    ranked = summaries.ranked_statements(frames.statement_ratings([(1, "a.1", 0, 1), (2, "a.1", 0, 4),
                                                                   (3, "a.1", 0, 4)]))
    counts = pd.DataFrame({"key": ["a.1", "a.1"], "phase": ["", ""], "value": [1, 4], "schools": [1, 2],
                           "la": [1, 2]})
    network = benchmarks.summarise(counts, ["key"], (1, 2, 3, 4), benchmarks.Minimums(las=1, schools=1))
    assert ranked.iloc[0]["std"] == pytest.approx(3 ** 0.5) == pytest.approx(network.iloc[0]["sd"])
    assert "dividing by the number of schools less one" in summaries.SPREAD_WORDS


def test_each_area_of_the_showcase_has_its_own_cut_off_and_ties():
    # Chosen for every area in one sort: area x lists A alone (B is at 4 too but rated no
    # statement), area y lists B and C (tied at 4, neither rated a statement), A is not in y.
    schools = [(1, "A", 1, False, True, [4, 3]), (2, "B", 1, False, True, [4, 4]),
               (3, "C", 1, False, True, [3, 4])]
    found = showcase(frames.area_ratings(schools), frames.statement_ratings([(1, "x.1", 0, 4)]))
    shown = found[found["group"] == "showcase"]
    assert names(shown[shown["area_id"] == "x"]) == ["A"]
    assert names(shown[shown["area_id"] == "y"]) == ["B", "C"]
