"""Peer matching and the triad-forming helper, on hand-made frames with the answers worked out
by hand."""

import pandas as pd

from dashboards import matching

LABELS = {1: "Focus for development", 2: "Developing", 3: "Effective", 4: "Highly effective"}
TITLES = {"lead": "Leadership", "data": "Monitoring"}


def ratings(rows) -> pd.DataFrame:
    """rows: (school id, name, triad id or None, {area: level or None}, submitted)."""
    out = []
    for school_id, name, triad_id, levels, submitted in rows:
        for area, level in levels.items():
            out.append({"school_id": school_id, "school_name": name, "triad_id": triad_id, "area_id": area,
                        "area_title": TITLES[area], "level": level if submitted else None,
                        "level_label": LABELS.get(level, "") if submitted else "Not submitted",
                        "submitted": submitted})
    frame = pd.DataFrame(out)
    frame["level"] = frame["level"].astype("Int64")
    frame["triad_id"] = frame["triad_id"].astype("Int64")
    return frame


NO_PRIORITIES = pd.DataFrame(columns=["school_id", "area_id"])
NO_QA = pd.DataFrame(columns=["school_id", "qa_rigour", "qa_rigour_step"])


def test_a_need_is_matched_with_strong_schools_outside_its_triad_first():
    frame = ratings([
        (1, "Ash", 10, {"lead": 1, "data": 3}, True),
        (2, "Birch", 10, {"lead": 4, "data": 3}, True),   # same triad, strongest
        (3, "Cedar", 20, {"lead": 3, "data": 3}, True),   # another triad
        (4, "Damson", 20, {"lead": 3, "data": 3}, True),  # another triad, QA checked
        (5, "Elm", 20, {"lead": 2, "data": 3}, True),     # not strong
    ])
    qa = pd.DataFrame({"school_id": [4], "qa_rigour": ["Rigorous"], "qa_rigour_step": [3]})
    found = matching.peer_matches(frame, NO_PRIORITIES, qa)
    ash = found[(found["school_id"] == 1) & (found["area_id"] == "lead")]
    assert list(ash["match_school_name"]) == ["Damson", "Cedar", "Birch"]
    assert list(ash["rank"]) == [1, 2, 3]
    assert ash.iloc[0]["reason"] == ("Rated effective in Leadership; its process judged rigorous by a "
                                     "quality assurer; in another triad")
    assert "self-rated, not yet checked" in ash.iloc[1]["reason"]
    assert ash.iloc[2]["same_triad"] and ash.iloc[2]["reason"].endswith("in the same triad")
    # Elm (level 2 in leadership) needs help too; Ash (level 1) is no match for anyone.
    assert set(found[found["school_id"] == 5]["match_school_name"]) == {"Birch", "Cedar", "Damson"}
    assert 1 not in set(found["match_school_id"].dropna())


def test_plan_priorities_replace_the_self_rated_needs():
    frame = ratings([(1, "Ash", None, {"lead": 1, "data": 4}, True), (2, "Birch", None, {"lead": 4, "data": 4}, True)])
    priorities = pd.DataFrame({"school_id": [1], "area_id": ["data"]})
    found = matching.peer_matches(frame, priorities, NO_QA)
    ash = found[found["school_id"] == 1]
    assert list(ash["area_id"]) == ["data"] and ash.iloc[0]["need"] == "Action-plan priority"


def test_a_school_without_a_submitted_self_evaluation_is_neither_a_need_nor_a_match():
    frame = ratings([(1, "Ash", None, {"lead": 1, "data": 1}, True), (2, "Birch", None, {"lead": 4, "data": 4}, False)])
    found = matching.peer_matches(frame, NO_PRIORITIES, NO_QA)
    assert set(found["school_id"]) == {1}
    assert found["match_school_id"].isna().all()
    assert found.iloc[0]["reason"] == "No school in the cohort rates itself strongly in this area yet"


def test_triads_get_the_strongest_coaches_and_the_neediest_go_where_the_coach_is_strong():
    frame = ratings([
        (1, "Ash", None, {"lead": 4, "data": 2}, True),    # mean 3.0: a coach, strong in leadership
        (2, "Birch", None, {"lead": 2, "data": 4}, True),  # mean 3.0: a coach, strong in monitoring
        (3, "Cedar", None, {"lead": 1, "data": 2}, True),  # needs leadership most
        (4, "Damson", None, {"lead": 2, "data": 1}, True), # needs monitoring most
        (5, "Elm", None, {"lead": 2, "data": 2}, True),
        (6, "Fir", None, {"lead": 2, "data": 2}, True),
    ])
    names = {1: "Ash", 2: "Birch", 3: "Cedar", 4: "Damson", 5: "Elm", 6: "Fir"}
    proposals = matching.propose_triads([1, 2, 3, 4, 5, 6], frame, names, TITLES)
    members = {p.coach_id: p.member_ids for p in proposals.triads}
    assert set(members) == {1, 2}
    assert 3 in members[1] and 4 in members[2]
    assert sorted(len(m) for m in members.values()) == [3, 3]
    assert proposals.triads[0].reasons[3] == "Ash is stronger in Leadership"
    assert proposals.unplaced == [] and proposals.no_data == []


def test_seven_schools_make_two_triads_one_of_four_and_five_leave_one_to_place_by_hand():
    levels = {"lead": 3, "data": 3}
    seven = ratings([(n, f"School {n}", None, levels, True) for n in range(1, 8)])
    proposals = matching.propose_triads(list(range(1, 8)), seven, {}, TITLES)
    assert sorted(len(p.member_ids) for p in proposals.triads) == [3, 4]
    five = matching.propose_triads(list(range(1, 6)), seven, {}, TITLES)
    assert [len(p.member_ids) for p in five.triads] == [4] and len(five.unplaced) == 1


def test_schools_without_data_are_placed_last_and_named():
    frame = ratings([(1, "Ash", None, {"lead": 4, "data": 4}, True), (2, "Birch", None, {"lead": 2, "data": 2}, True),
                     (3, "Cedar", None, {"lead": 1, "data": 1}, False)])
    proposals = matching.propose_triads([1, 2, 3], frame, {1: "Ash"}, TITLES)
    assert proposals.triads[0].coach_id == 1 and proposals.triads[0].member_ids == [1, 2, 3]
    assert proposals.no_data == [3]
