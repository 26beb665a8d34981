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


def _reason(level_label: str, area_title: str, same_triad: bool, qa_rigour) -> str:
    checked = (f"its process judged {qa_rigour.lower()} by a quality assurer" if isinstance(qa_rigour, str)
               and qa_rigour else "self-rated, not yet checked by a quality assurer")
    where = "in the same triad" if same_triad else "in another triad"
    return f"Rated {level_label.lower()} in {area_title}; {checked}; {where}"


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
    rows = []
    for need in needs(area_ratings, priorities).itertuples(index=False):
        school = schools[int(need.school_id)]
        triad = int(school.triad_id) if pd.notna(school.triad_id) else None

        def same_triad(row, triad=triad) -> bool:
            return triad is not None and pd.notna(row.triad_id) and int(row.triad_id) == triad

        candidates = [r for r in by_area.get(need.area_id, []) if r.school_id != need.school_id]
        candidates = sorted(candidates, key=same_triad)[:per_need]  # stable: best order kept
        base = {"school_id": need.school_id, "school_name": school.school_name, "area_id": need.area_id,
                "area_title": titles.get(need.area_id, need.area_id), "need": need.need}
        if not candidates:
            rows.append(base | {"rank": 0, "match_school_id": None, "match_school_name": "", "match_level": None,
                                "match_level_label": "", "same_triad": False, "qa_rigour": "",
                                "reason": "No school in the cohort rates itself strongly in this area yet"})
        for rank, match in enumerate(candidates, start=1):
            rows.append(base | {
                "rank": rank, "match_school_id": match.school_id, "match_school_name": match.school_name,
                "match_level": match.level, "match_level_label": match.level_label,
                "same_triad": same_triad(match), "qa_rigour": rigour.get(match.school_id, ""),
                "reason": _reason(match.level_label, base["area_title"], same_triad(match),
                                  rigour.get(match.school_id))})
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


def _gap(coach: pd.Series, school: pd.Series) -> tuple[float, str | None]:
    """How much stronger the coach is where the school is weaker, and the area it helps most."""
    gaps = (coach - school).dropna()
    gaps = gaps[gaps > 0]
    if gaps.empty:
        return 0.0, None
    return float(gaps.sum()), str(gaps.idxmax())


def propose_triads(school_ids: list[int], area_ratings: pd.DataFrame, names: dict[int, str],
                   titles: dict[str, str]) -> Proposals:
    """Triads of three (a fourth where the numbers need it) for `school_ids`, each with the
    strongest available school as its coach, and every other school placed with the coach that is
    strongest where it is weakest. `area_ratings` gives the levels to go on (its submitted rows)."""
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
    unplaced = []
    for school in rest:
        open_triads = [t for t in triads if len(t.member_ids) < capacity[t.coach_id]]
        if not open_triads:
            unplaced.append(school)
            continue
        scored = [(_gap(levels.loc[t.coach_id], levels.loc[school]), t) for t in open_triads]
        (gap, area), chosen = max(scored, key=lambda item: (item[0][0], -len(item[1].member_ids),
                                                            -ranked.index(item[1].coach_id)))
        chosen.member_ids.append(school)
        chosen.reasons[school] = (
            f"{names.get(chosen.coach_id, 'The coach')} is stronger in {titles.get(area, area)}" if area
            else "No area where the coach is stronger: placed to keep triads even")
    no_data = [s for s in school_ids if pd.isna(strength.get(s))]
    return Proposals(triads, unplaced, no_data)
