"""Peer matching and the triad-forming helper: one school's area for development is another
school's strength, so connect them.

Pure functions of the cohort frames in `data` (no database, no Flask), unit-tested on hand-made
frames. Only submitted self-evaluations count: a school with none has no needs or strengths we
can match, and says so, never a level of zero.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

STRONG = 3  # the top two levels of the four-level scale
MATCHES_PER_NEED = 3
MATCH_COLUMNS = ["school_id", "school_name", "area_id", "area_title", "need", "rank", "match_school_id",
                 "match_school_name", "match_level", "match_level_label", "same_triad", "qa_rigour", "reason"]


def _levels(area_ratings: pd.DataFrame) -> pd.DataFrame:
    """school_id x area_id -> level, submitted self-evaluations only (missing stays missing)."""
    rated = area_ratings[area_ratings["submitted"] & area_ratings["level"].notna()]
    return rated.pivot_table(index="school_id", columns="area_id", values="level", aggfunc="first")


def needs(area_ratings: pd.DataFrame, priorities: pd.DataFrame) -> pd.DataFrame:
    """Each school's needs: its action-plan priorities' areas when it has any; otherwise the areas
    its submitted self-evaluation rates below STRONG. Columns: school_id, area_id, need."""
    rows = []
    planned = priorities.groupby("school_id")["area_id"].apply(lambda s: list(dict.fromkeys(s)))
    for school_id, areas in planned.items():
        rows += [(school_id, area, "Action-plan priority") for area in areas]
    levels = area_ratings[area_ratings["submitted"] & area_ratings["level"].notna()]
    low = levels[(levels["level"] < STRONG) & ~levels["school_id"].isin(planned.index)]
    rows += [(r.school_id, r.area_id, f"Rated {r.level_label.lower()} in its self-evaluation")
             for r in low.itertuples(index=False)]
    return pd.DataFrame(rows, columns=["school_id", "area_id", "need"])


def _reason(level_label: str, area_title: str, same_triad: bool) -> str:
    # Whether a quality assurer has checked the match is a column of its own (qa_rigour), shown as
    # a tick where it happened rather than as words on every row where it did not.
    where = "in the same triad" if same_triad else "in another triad"
    return f"Rated {level_label.lower()} in {area_title}; {where}"


def peer_matches(area_ratings: pd.DataFrame, priorities: pd.DataFrame, qa_checks: pd.DataFrame,
                 per_need: int = MATCHES_PER_NEED) -> pd.DataFrame:
    """For every need, up to `per_need` schools strong in that area: schools outside the school's
    own triad first, then the highest level, then those a quality assurer has checked, then by
    name. A need no school can meet has one row with no match."""
    first = area_ratings.drop_duplicates("school_id")
    schools = {int(r.school_id): r for r in first.itertuples(index=False)}
    titles = dict(zip(area_ratings["area_id"], area_ratings["area_title"], strict=False))
    rigour = dict(zip(qa_checks["school_id"], qa_checks["qa_rigour"], strict=False))
    rigour_step = dict(zip(qa_checks["school_id"], qa_checks["qa_rigour_step"], strict=False))
    # Each area's strong schools, best first, built once: a cohort of 130 schools has hundreds of
    # needs, and filtering a frame per need costs seconds.
    strong = area_ratings[area_ratings["submitted"] & (area_ratings["level"] >= STRONG).fillna(False)]
    by_area: dict[str, list] = {}
    for row in strong.itertuples(index=False):
        by_area.setdefault(row.area_id, []).append(row)
    for rows_of_area in by_area.values():
        rows_of_area.sort(key=lambda r: (-int(r.level), -rigour_step.get(r.school_id, 0), r.school_name))
    # Read once: asking pandas per candidate pair about a missing triad cost most of the page.
    triad_of = {sid: int(r.triad_id) if pd.notna(r.triad_id) else None for sid, r in schools.items()}
    rows = []
    for need in needs(area_ratings, priorities).itertuples(index=False):
        school = schools[int(need.school_id)]
        triad = triad_of[int(need.school_id)]

        def same_triad(row, triad=triad) -> bool:
            return triad is not None and triad_of.get(int(row.school_id)) == triad

        outside, inside = [], []
        for r in by_area.get(need.area_id, []):
            if r.school_id != need.school_id:
                (inside if same_triad(r) else outside).append(r)
                if len(outside) >= per_need:
                    break  # the best order is kept: enough from other triads already
        candidates = (outside + inside)[:per_need]
        # Rows as tuples in MATCH_COLUMNS order: a frame is built from a thousand tuples far
        # faster than from a thousand dicts.
        title = titles.get(need.area_id, need.area_id)
        base = (need.school_id, school.school_name, need.area_id, title, need.need)
        if not candidates:
            rows.append((*base, 0, None, "", None, "", False, "",
                         "No school in the cohort rates itself strongly in this area yet"))
        for rank, match in enumerate(candidates, start=1):
            together = same_triad(match)
            rows.append((*base, rank, match.school_id, match.school_name, match.level, match.level_label,
                         together, rigour.get(match.school_id, ""), _reason(match.level_label, title, together)))
    frame = pd.DataFrame(rows, columns=MATCH_COLUMNS)
    frame["match_school_id"] = frame["match_school_id"].astype("Int64")
    frame["match_level"] = frame["match_level"].astype("Int64")
    return frame.sort_values(["school_name", "school_id", "area_id", "rank"], kind="stable", ignore_index=True)


# --- forming triads -----------------------------------------------------------------------------


@dataclass
class Proposal:
    coach_id: int
    member_ids: list[int] = field(default_factory=list)  # the coach first
    reasons: dict[int, str] = field(default_factory=dict)  # school id -> why it is here


@dataclass
class Proposals:
    triads: list[Proposal]
    unplaced: list[int]  # schools the helper could not place (too few for another triad)
    no_data: list[int]  # schools placed without a submitted self-evaluation to go on


# The rule the page states, word for word: `propose_triads` follows it and the tests replay it.
PLACEMENT_RULE = (
    "Each triad has as its coach one of the strongest schools (the highest mean of its judgements "
    "of the areas). The other schools are placed one at a time, the lowest mean first: each goes "
    "to the triad, of those with room, whose coach judges highest the areas the school judges "
    "lowest (the mean of the coach's judgements of those areas). A tie goes to the triad with "
    "fewer schools so far, then to the stronger coach. Schools without a self-evaluation to go on "
    "are placed last, to keep the triads even."
)


def _lowest_areas(school: pd.Series, order: list[str]) -> list[str]:
    """The areas the school judges lowest, in framework order (none without a judgement)."""
    rated = school.dropna()
    if rated.empty:
        return []
    lowest = rated.min()
    return [a for a in order if a in rated.index and rated[a] == lowest]


def _coach_score(coach: pd.Series, areas: list[str]) -> float:
    """The mean of the coach's judgements of `areas` (those it has judged); -1 when none."""
    judged = [float(coach[a]) for a in areas if a in coach.index and pd.notna(coach[a])]
    return sum(judged) / len(judged) if judged else -1.0


def propose_triads(school_ids: list[int], area_ratings: pd.DataFrame, names: dict[int, str],
                   titles: dict[str, str]) -> Proposals:
    """Triads of three (a fourth where the numbers need it) for `school_ids`, following
    PLACEMENT_RULE. `area_ratings` gives the levels to go on (its submitted rows); `titles` maps
    area ids to titles, in the framework's order."""
    levels = _levels(area_ratings).reindex([s for s in school_ids])
    strength = levels.mean(axis=1)
    count = len(school_ids) // 3
    if count == 0:
        return Proposals([], list(school_ids), [])
    # Coaches: the strongest on average; ties by name so the proposal is the same every time.
    ranked = sorted(school_ids, key=lambda s: (-(strength.get(s) if pd.notna(strength.get(s)) else -1),
                                               names.get(s, ""), s))
    coaches = ranked[:count]
    triads = [Proposal(c, [c], {c: "Coach: the strongest self-evaluation among the schools left"
                                   if pd.notna(strength.get(c)) else "Coach: no submitted self-evaluation to go on"})
              for c in coaches]
    extra = len(school_ids) - 3 * count  # 0-2 triads take a fourth school
    capacity = {c: 3 for c in coaches}
    for c in coaches[:extra]:
        capacity[c] = 4
    # The neediest first, so they get the best-matched coaches; schools without data last.
    rest = sorted(ranked[count:], key=lambda s: ((strength.get(s) if pd.notna(strength.get(s)) else 99),
                                                 names.get(s, ""), s))
    order = [*titles, *(a for a in levels.columns if a not in titles)]  # framework order first
    judged = area_ratings[area_ratings["level"].notna()]
    labels = {int(level): label for level, label in zip(judged["level"], judged.get("level_label", []),
                                                         strict=False)}
    unplaced = []
    for school in rest:
        open_triads = [t for t in triads if len(t.member_ids) < capacity[t.coach_id]]
        if not open_triads:
            unplaced.append(school)
            continue
        lowest = _lowest_areas(levels.loc[school], order)
        chosen = max(open_triads, key=lambda t: (_coach_score(levels.loc[t.coach_id], lowest),
                                                 -len(t.member_ids), -ranked.index(t.coach_id)))
        chosen.member_ids.append(school)
        chosen.reasons[school] = _placement_reason(names.get(chosen.coach_id, "The coach"),
                                                   levels.loc[chosen.coach_id], levels.loc[school],
                                                   lowest, titles, labels)
    no_data = [s for s in school_ids if pd.isna(strength.get(s))]
    return Proposals(triads, unplaced, no_data)


def _placement_reason(coach_name: str, coach: pd.Series, school: pd.Series, lowest: list[str],
                      titles: dict[str, str], labels: dict) -> str:
    judged = [a for a in lowest if pd.notna(coach.get(a))]
    if not judged:
        return "No judgements to go on: placed to keep the triads even"
    best = max(judged, key=lambda a: int(coach[a]))  # the first in framework order on a tie

    def level(value) -> str:
        label = labels.get(int(value), "")
        return f"{int(value)} ({label.lower()})" if label else str(int(value))

    which = "the area" if len(lowest) == 1 else "one of the areas"
    return (f"{coach_name} judges {titles.get(best, best)} at {level(coach[best])}; {which} this "
            f"school judges lowest, at {level(school[best])}")
