"""Peer matching and the triad-forming helper, on hand-made frames with the answers worked out
by hand."""

import random

import pandas as pd
import pytest

from dashboards import matching

LABELS = {1: "Focus for development", 2: "Developing", 3: "Effective", 4: "Highly effective"}
TITLES = {"lead": "Leadership", "data": "Monitoring", "teach": "Teaching"}


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
    assert ash.iloc[0]["reason"] == "Rated effective in Leadership; in another triad"
    assert list(ash["qa_rigour"]) == ["Rigorous", "", ""]  # shown as a tick, in its own column
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
    assert proposals.triads[0].reasons[3] == ("Ash judges Leadership at 4 (highly effective); the area "
                                              "this school judges lowest, at 1 (focus for development)")
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


# --- placement: hand-made cohorts where the best placement is known ---------------------------------


def members_of(proposals) -> dict[int, list[int]]:
    return {p.coach_id: p.member_ids for p in proposals.triads}


def test_a_school_goes_to_the_coach_strongest_in_the_area_it_rates_lowest_not_the_stronger_all_round():
    # Coaches: Y (mean 3.33) and X (2.67). S judges leadership lowest (1); X judges it 4, Y only 2,
    # though Y is stronger everywhere else (summing Y's leads over S gave 5 against X's 3, and put S
    # with Y). Placed lowest mean first, S (1.67) goes to X while both have room; P (2.0, all areas
    # lowest: X 2.67, Y 3.33) and Q (2.33, lowest in monitoring and teaching: X 2, Y 4) go to Y,
    # which is then full; R (2.33) takes X's last place.
    frame = ratings([
        (1, "X", None, {"lead": 4, "data": 2, "teach": 2}, True),
        (2, "Y", None, {"lead": 2, "data": 4, "teach": 4}, True),
        (3, "S", None, {"lead": 1, "data": 2, "teach": 2}, True),
        (4, "P", None, {"lead": 2, "data": 2, "teach": 2}, True),
        (5, "Q", None, {"lead": 3, "data": 2, "teach": 2}, True),
        (6, "R", None, {"lead": 2, "data": 3, "teach": 2}, True),
    ])
    names = {1: "X", 2: "Y", 3: "S", 4: "P", 5: "Q", 6: "R"}
    proposals = matching.propose_triads(list(names), frame, names, TITLES)
    assert members_of(proposals) == {2: [2, 4, 5], 1: [1, 3, 6]}
    assert proposals.triads[1].reasons[3] == ("X judges Leadership at 4 (highly effective); the area this "
                                              "school judges lowest, at 1 (focus for development)")


def test_three_coaches_each_take_the_two_schools_weakest_where_they_are_strongest():
    rows = [(1, "Coach A", {"lead": 4, "data": 3, "teach": 3}), (2, "Coach B", {"lead": 3, "data": 4, "teach": 3}),
            (3, "Coach C", {"lead": 3, "data": 3, "teach": 4})]
    for n, (area, name) in enumerate([("lead", "a"), ("data", "b"), ("teach", "c")]):
        for k in (1, 2):
            rows.append((10 + 2 * n + k, f"{name}{k}", {a: 1 if a == area else 2 for a in ("lead", "data", "teach")}))
    frame = ratings([(sid, name, None, levels, True) for sid, name, levels in rows])
    proposals = matching.propose_triads([r[0] for r in rows], frame, {r[0]: r[1] for r in rows}, TITLES)
    assert members_of(proposals) == {1: [1, 11, 12], 2: [2, 13, 14], 3: [3, 15, 16]}


def test_a_tie_goes_to_the_triad_with_fewer_schools_then_the_stronger_coach():
    # X (4, 4) and Y (4, 3) both judge leadership 4: s1 ties and goes to the stronger coach X; s2
    # ties and goes to Y, which has fewer; s3 and s4 judge monitoring lowest (X 4, Y 3): s3 to X,
    # s4 to Y, the only triad with room.
    frame = ratings([(1, "X", None, {"lead": 4, "data": 4}, True), (2, "Y", None, {"lead": 4, "data": 3}, True),
                     (3, "s1", None, {"lead": 1, "data": 2}, True), (4, "s2", None, {"lead": 1, "data": 2}, True),
                     (5, "s3", None, {"lead": 2, "data": 1}, True), (6, "s4", None, {"lead": 2, "data": 1}, True)])
    names = {1: "X", 2: "Y", 3: "s1", 4: "s2", 5: "s3", 6: "s4"}
    proposals = matching.propose_triads(list(names), frame, names, TITLES)
    assert members_of(proposals) == {1: [1, 3, 5], 2: [2, 4, 6]}


@pytest.mark.parametrize("seed", range(6))
def test_every_placement_follows_the_stated_rule_on_random_cohorts(seed):
    """Replays PLACEMENT_RULE on a random cohort, scoring independently of the code under test."""
    rng = random.Random(seed)
    areas = list(TITLES)
    size = rng.randint(6, 14)
    schools = {n: {a: rng.randint(1, 4) for a in areas} for n in range(1, size + 1)}
    names = {n: f"School {n:02d}" for n in schools}
    frame = ratings([(n, names[n], None, levels, True) for n, levels in schools.items()])
    proposals = matching.propose_triads(list(schools), frame, names, TITLES)

    def mean(n):
        return sum(schools[n].values()) / len(areas)

    coaches = [t.coach_id for t in proposals.triads]
    assert sorted(coaches, key=lambda n: (-mean(n), names[n])) == coaches
    assert min(mean(c) for c in coaches) >= max(mean(n) for n in schools if n not in coaches)
    order = sorted((n for n in schools if n not in coaches), key=lambda n: (mean(n), names[n]))
    triad_of = {m: t for t in proposals.triads for m in t.member_ids[1:]}
    capacity = {t.coach_id: max(3, len(t.member_ids)) for t in proposals.triads}
    for position, school in enumerate(order):
        if school not in triad_of:
            continue  # left to place by hand
        lowest = [a for a in areas if schools[school][a] == min(schools[school].values())]

        def score(triad, lowest=lowest):
            return sum(schools[triad.coach_id][a] for a in lowest) / len(lowest)

        def placed_before(triad, position=position):
            return 1 + sum(1 for m in triad.member_ids[1:] if order.index(m) < position)

        with_room = [t for t in proposals.triads if placed_before(t) < capacity[t.coach_id]]
        chosen = triad_of[school]
        assert chosen in with_room
        for other in with_room:
            assert score(chosen) > score(other) or (
                score(chosen) == score(other) and placed_before(chosen) <= placed_before(other)), (school, seed)
