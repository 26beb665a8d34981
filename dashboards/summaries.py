"""Pure summaries of the frames in data.py: medians, rankings, lists and counts. Frames in, frames
out; no Flask, no database. Missing ratings (NA) are left out of every statistic, never counted
as 0, and a school without a submitted self-evaluation is kept visible as missing."""

from __future__ import annotations

import re

import pandas as pd

from app.numbers import round_half_up

NOT_SUBMITTED = "Not submitted"
NOT_STARTED = "Not started"
NOT_GIVEN = "Not given"  # a submitted self-evaluation without a judgement for the area

SORTS = ("school", "triad")  # besides an area id
ORDERS = ("asc", "desc")

IMPROVED, SAME, DECLINED, NOT_COMPARABLE = "Up", "No change", "Down", "Not comparable"
PROGRESS = ["Done", "On track", "Not started, not yet due", "At risk or overdue"]
NOT_YET_CHECKED = "Not yet checked by a quality assurer"
# One spread on every page that shows one (the LA's statements and the network's): the sample
# standard deviation, which divides by the number of schools less one.
SPREAD_WORDS = ("The spread is the standard deviation of the ratings, taken as a sample (dividing "
                "by the number of schools less one, as Excel's STDEV.S does).")

# Kinds of action, for planning CPD: the first theme with a word that starts a word of the
# description ("train" finds "training"; "ta " only the word "TA"). Plain word lists, shown on
# the page, so anyone can see why an action counts where it does.
ACTION_THEMES: list[tuple[str, tuple[str, ...]]] = [
    ("Provision map, data and tracking", ("provision map", "tracking", "track", "data",
                                          "assess", "monitor", "measure", "impact")),
    ("Teaching assistants", ("teaching assistant", "ta ", "tas ", "support staff")),
    ("Training and CPD for staff", ("train", "cpd", "course", "webinar", "upskill",
                                    "professional development", "coaching")),
    ("Parents, carers and pupil voice", ("parent", "carer", "famil", "pupil voice", "survey",
                                         "questionnaire")),
    ("Identification and referral", ("identif", "referral", "register", "screen", "ehcp")),
    ("Leadership and governance", ("slt", "leader", "governor", "policy", "senior")),
    ("Teaching and the classroom", ("teaching", "classroom", "lesson", "adaptive", "curriculum")),
]
OTHER_THEME = "Other"


def present(value) -> bool:
    """A value that is there: neither None nor pandas' missing value."""
    return value is not None and not pd.isna(value)


# --- heatmap ---------------------------------------------------------------------------------------


def heatmap(area_ratings: pd.DataFrame, area_ids: list[str], sort: str = "school",
            order: str = "asc") -> pd.DataFrame:
    """One row per school: school_id, school_name, urn, triad_id, triad_name, is_coach,
    self_evaluation_id, status, submitted, then one Int64 column per area id (NA: no level).

    `sort` is "school" (name), "triad" (triad, coach school first, then name) or an area id
    (level, then name). Schools without a level for the sorted area come last in either order.
    """
    school_columns = ["school_id", "school_name", "urn", "triad_id", "triad_name", "is_coach",
                      "self_evaluation_id", "status", "submitted"]
    schools = area_ratings.drop_duplicates("school_id")[school_columns].set_index("school_id")
    levels = area_ratings.pivot(index="school_id", columns="area_id", values="level")
    wide = schools.join(levels.reindex(columns=area_ids)).reset_index()
    for area_id in area_ids:
        wide[area_id] = wide[area_id].astype("Int64")
    descending = order == "desc"
    name_key = wide["school_name"].str.casefold()
    if sort in area_ids:
        wide = wide.assign(_missing=wide[sort].isna(), _name=name_key)
        wide = wide.sort_values([sort, "_name"], ascending=[not descending, True],
                                na_position="last", kind="stable")
    elif sort == "triad":
        wide = wide.assign(_missing=wide["triad_name"].eq(""), _name=name_key,
                           _triad=wide["triad_name"].str.casefold(), _coach=~wide["is_coach"])
        wide = wide.sort_values(["_missing", "_triad", "_coach", "_name"],
                                ascending=[True, not descending, True, True], kind="stable")
    else:
        wide = wide.assign(_name=name_key).sort_values("_name", ascending=not descending,
                                                       kind="stable")
    return wide.drop(columns=[c for c in wide.columns if c.startswith("_")]).reset_index(drop=True)


# --- medians and profiles -----------------------------------------------------------------------


def area_medians(area_ratings: pd.DataFrame) -> pd.DataFrame:
    """Per area (framework order): area_id, area_number, area_title, schools (with a level),
    not_submitted (schools without a submitted self-evaluation), median (NA when no school has
    a level), mean."""
    grouped = area_ratings.groupby(["area_number", "area_id", "area_title"], sort=True)
    frame = grouped.agg(
        schools=("level", "count"),
        not_submitted=("submitted", lambda s: int((~s.astype(bool)).sum())),
        median=("level", lambda s: s.dropna().median() if s.notna().any() else pd.NA),
        mean=("level", lambda s: s.dropna().mean() if s.notna().any() else pd.NA),
    ).reset_index()
    frame["median"] = frame["median"].astype("Float64")
    frame["mean"] = frame["mean"].astype("Float64")
    return frame[["area_id", "area_number", "area_title", "schools", "not_submitted", "median",
                  "mean"]]


def level_distribution(area_ratings: pd.DataFrame, levels: list[int]) -> pd.DataFrame:
    """Per area: area_id, area_number, area_title, one column per level (schools at it), and
    not_submitted. Counts, so a school without a level is counted as missing, not as a level."""
    frame = area_medians(area_ratings)[["area_id", "area_number", "area_title", "not_submitted"]]
    counts = (area_ratings.dropna(subset=["level"]).groupby(["area_id", "level"]).size()
              .unstack(fill_value=0).reindex(columns=levels, fill_value=0))
    counts.columns = [int(c) for c in counts.columns]
    frame = frame.join(counts, on="area_id")
    for level in levels:
        frame[level] = frame[level].fillna(0).astype(int)
    return frame[["area_id", "area_number", "area_title", *levels, "not_submitted"]]


def school_profile(area_ratings: pd.DataFrame, year_on_year: pd.DataFrame,
                   school_id: int) -> pd.DataFrame:
    """One school against its triad and the cohort, per area: area_id, area_number, area_title,
    level, triad_median (schools of its triad with a level, itself included), cohort_median,
    previous_level (its own, in the previous cohort), change."""
    school = area_ratings[area_ratings["school_id"] == school_id]
    triad_id = school["triad_id"].iloc[0] if len(school) else pd.NA
    in_triad = (area_ratings[area_ratings["triad_id"] == triad_id] if present(triad_id)
                else area_ratings.iloc[0:0])
    cohort = area_medians(area_ratings).set_index("area_id")["median"]
    triad = area_medians(in_triad).set_index("area_id")["median"] if len(in_triad) else pd.Series(dtype="Float64")
    before = year_on_year[year_on_year["school_id"] == school_id].set_index("area_id")
    frame = school[["area_id", "area_number", "area_title", "level"]].copy()
    frame["triad_median"] = pd.array([triad.get(a, pd.NA) for a in frame["area_id"]], dtype="Float64")
    frame["cohort_median"] = pd.array([cohort.get(a, pd.NA) for a in frame["area_id"]], dtype="Float64")
    frame["previous_level"] = pd.array(
        [before["previous_level"].get(a, pd.NA) if len(before) else pd.NA for a in frame["area_id"]],
        dtype="Int64")
    frame["change"] = frame["level"] - frame["previous_level"]
    return frame.sort_values("area_number", kind="stable").reset_index(drop=True)


# --- statements ---------------------------------------------------------------------------------


def ranked_statements(statement_ratings: pd.DataFrame) -> pd.DataFrame:
    """Per statement answered by at least one school: area_id, area_number, statement_id,
    statement_number, statement_text, schools (answering), mean, median, min, max, std (the
    sample standard deviation, dividing by n - 1, as SPREAD_WORDS says on the pages; NA with one
    school). Highest mean first; ties by higher median, then framework order. Unrated statements
    (NA) are not counted."""
    answered = statement_ratings.dropna(subset=["rating"]).copy()
    answered["rating"] = answered["rating"].astype(float)
    keys = ["area_id", "area_number", "statement_id", "statement_number", "statement_text"]
    if answered.empty:
        return pd.DataFrame(columns=[*keys, "schools", "mean", "median", "min", "max", "std"])
    grouped = answered.groupby(keys, dropna=False)["rating"]
    frame = grouped.agg(schools="count", mean="mean", median="median", min="min", max="max",
                        std="std").reset_index()
    frame["std"] = frame["std"].astype("Float64")
    frame = frame.sort_values(["mean", "median", "statement_number"],
                              ascending=[False, False, True], kind="stable")
    return frame.reset_index(drop=True)


def highest_and_lowest(ranked: pd.DataFrame, count: int = 10,
                       min_schools: int = 1) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The `count` highest-rated statements and the `count` lowest (lowest first), of those that
    at least `min_schools` schools answered: one school's rating of a statement only it has (a
    specialist wording, say) is not the cohort's view. With fewer than 2 x count statements they
    are split in half, so no statement is in both lists. Ties fall in the framework's order in
    both lists: the lowest list is not the highest list read backwards."""
    ranked = ranked[ranked["schools"] >= min_schools]
    n_high = min(count, len(ranked) // 2)
    n_low = min(count, len(ranked) - n_high)
    high = ranked.iloc[:n_high]
    rest = ranked.iloc[n_high:]
    low = rest.sort_values(["mean", "median", "statement_number"], ascending=[True, True, True],
                           kind="stable").iloc[:n_low]
    return high.reset_index(drop=True), low.reset_index(drop=True)


# --- strengths to showcase, schools that may benefit from support -------------------------------


def qa_note(check) -> str:
    """How a rating has been checked, in words; `check` is a row of data.qa_checks or None."""
    if check is None:
        return NOT_YET_CHECKED
    when = check["qa_checked_on"]
    text = f"QA judged the self-evaluation {check['qa_rigour'].lower()}"
    return text + (f" on {when:%-d %B %Y}" if present(when) else "")


def showcase_and_support(area_ratings: pd.DataFrame, statement_ratings: pd.DataFrame,
                         evidence: pd.DataFrame, qa: pd.DataFrame, scale_min: int, scale_max: int,
                         count: int = 3) -> pd.DataFrame:
    """Per area, the schools rated highest (a strength to showcase: level in the upper half of the
    scale) and lowest (may benefit from support: lower half), `count` of each. Order: level,
    then mean statement rating (as shown, to two places; a school without one comes after those
    with one), then name. The tie-break is the page's rule, `showcase_rule`: a school tied with the
    last one on the level but with a lower mean rating is left out; one tied on both is kept.

    Columns: group ("showcase" or "support"), area_id, area_number, area_title, school_id,
    school_name, triad_id, triad_name, self_evaluation_id, level, mean_rating, evidence_notes,
    evidence_files, qa_rigour, qa_checked_on, qa_area_focus (the QA visit looked at this area),
    checked (a quality assurer has judged the self-evaluation), qa_note.
    """
    middle = (scale_min + scale_max) / 2
    rated = area_ratings.dropna(subset=["level"]).copy()
    means = (statement_ratings.dropna(subset=["rating"]).assign(rating=lambda f: f["rating"].astype(float))
             .groupby(["school_id", "area_id"])["rating"].mean().rename("mean_rating"))
    rated = rated.join(means, on=["school_id", "area_id"])
    rated = rated.merge(evidence, on=["school_id", "area_id"], how="left")
    rated[["evidence_notes", "evidence_files"]] = (
        rated[["evidence_notes", "evidence_files"]].fillna(0).astype(int))
    checks = {row["school_id"]: row for row in qa.to_dict("records")}
    # The mean as shown (two places) orders and ties the schools; one sort of every area at once,
    # then each area's first `count` (and ties) by position: slicing the frame area by area costs
    # more than the sort itself at 140 schools.
    shown = [round_half_up(m, 2) for m in rated["mean_rating"]]
    rated["_mean"] = [float("nan") if m is None else float(m) for m in shown]
    rated["_tie"] = [-1.0 if m is None else float(m) for m in shown]
    rated["_name"] = rated["school_name"].str.casefold()
    chosen = []
    for group, keep, descending in (("showcase", rated["level"] > middle, True),
                                    ("support", rated["level"] < middle, False)):
        candidates = rated[keep.fillna(False).astype(bool)]
        ordered = candidates.sort_values(["level", "_mean", "_name"],
                                         ascending=[not descending, not descending, True],
                                         na_position="last", kind="stable")
        picked = _with_ties(ordered, count)
        if len(picked):
            chosen.append(picked.assign(group=group))
    columns = ["group", "area_id", "area_number", "area_title", "school_id", "school_name",
               "triad_id", "triad_name", "self_evaluation_id", "level", "mean_rating", "evidence_notes",
               "evidence_files", "qa_rigour", "qa_checked_on", "qa_area_focus", "checked", "qa_note"]
    if not chosen:
        return pd.DataFrame(columns=columns)
    frame = pd.concat(chosen, ignore_index=True)
    found = [checks.get(s) for s in frame["school_id"]]
    frame["qa_rigour"] = [c["qa_rigour"] if c else "" for c in found]
    frame["qa_checked_on"] = [c["qa_checked_on"] if c else None for c in found]
    frame["qa_area_focus"] = [bool(c and area in c["qa_focus_areas"])
                              for c, area in zip(found, frame["area_id"], strict=True)]
    frame["checked"] = [c is not None for c in found]
    frame["qa_note"] = [qa_note(c) for c in found]
    frame["group"] = pd.Categorical(frame["group"], ["showcase", "support"])
    frame = frame.sort_values(["area_number", "group"], kind="stable")
    return frame[columns].reset_index(drop=True)


def showcase_rule(count: int, highest: bool = True) -> str:
    """The order and tie-break of `showcase_and_support`, in words for the page and its download."""
    most, more = ("highest", "higher") if highest else ("lowest", "lower")
    return (f"Up to {count} schools per area: the {most} level first and, between schools at the "
            f"same level, the {more} mean statement rating (to two decimal places; a school that "
            "rated no statement comes after those that did). A school tied with the "
            f"{_ordinal(count)} on both the level and the mean is listed too. Schools tied on both "
            "are in name order.")


def _ordinal(n: int) -> str:
    return {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth"}.get(n, f"{n}th")


def _with_ties(ordered: pd.DataFrame, count: int) -> pd.DataFrame:
    """Per area, the first `count` rows and any later row tied with the last of them on the level
    and the mean rating as shown (`_tie`)."""
    by_area = ordered.groupby("area_id", sort=False)
    position = by_area.cumcount().to_numpy()
    level = ordered["level"].astype("float64").to_numpy()
    tie = ordered["_tie"].to_numpy()
    cut = position == count - 1
    cut_level = dict(zip(ordered["area_id"][cut], level[cut], strict=True))
    cut_tie = dict(zip(ordered["area_id"][cut], tie[cut], strict=True))
    keep = [n < count or (area in cut_level and lvl == cut_level[area] and t == cut_tie[area])
            for n, area, lvl, t in zip(position, ordered["area_id"], level, tie, strict=True)]
    return ordered[keep]


# --- year on year ---------------------------------------------------------------------------------


def change_of(change) -> str:
    if not present(change):
        return NOT_COMPARABLE
    return IMPROVED if change > 0 else DECLINED if change < 0 else SAME


def change_counts(year_on_year: pd.DataFrame) -> pd.DataFrame:
    """Per area: area_id, area_number, area_title, Up, No change, Down, Not comparable (schools
    without a level in either year), mean_change (schools in both years; NA if none)."""
    frame = year_on_year.assign(direction=[change_of(c) for c in year_on_year["change"]])
    counts = (frame.groupby(["area_number", "area_id", "area_title"])["direction"].value_counts()
              .unstack(fill_value=0).reindex(columns=[IMPROVED, SAME, DECLINED, NOT_COMPARABLE],
                                             fill_value=0))
    means = frame.groupby(["area_number", "area_id", "area_title"])["change"].agg(
        lambda s: s.dropna().mean() if s.notna().any() else pd.NA)
    counts["mean_change"] = means.astype("Float64")
    counts.columns.name = None
    return counts.reset_index()[["area_id", "area_number", "area_title", IMPROVED, SAME, DECLINED,
                                 NOT_COMPARABLE, "mean_change"]]


def change_table(year_on_year: pd.DataFrame, area_ids: list[str]) -> pd.DataFrame:
    """One row per school: school_id, school_name, triad_name, is_coach, then per area id the
    change (Int64, NA when not comparable). Schools by name."""
    changes = year_on_year.pivot(index="school_id", columns="area_id", values="change")
    schools = year_on_year.drop_duplicates("school_id")[
        ["school_id", "school_name", "triad_name", "is_coach", "submitted", "previous_submitted"]
    ].set_index("school_id")
    wide = schools.join(changes.reindex(columns=area_ids)).reset_index()
    for area_id in area_ids:
        wide[area_id] = wide[area_id].astype("Int64")
    return wide.sort_values("school_name", key=lambda s: s.str.casefold(), kind="stable").reset_index(drop=True)


# --- action-plan themes -------------------------------------------------------------------------


def action_theme(description: str) -> str:
    text = " " + re.sub(r"[^a-z0-9]+", " ", description.casefold()) + " "
    for theme, words in ACTION_THEMES:
        if any((" " + word) in text for word in words):
            return theme
    return OTHER_THEME


def priorities_by_area(priorities: pd.DataFrame, areas: list[tuple[str, int, str]]) -> pd.DataFrame:
    """Per area (every area, framework order): area_id, area_number, area_title, priorities,
    schools (with at least one priority in the area)."""
    counts = priorities.groupby("area_id").agg(priorities=("priority_id", "count"),
                                                schools=("school_id", "nunique"))
    frame = pd.DataFrame(areas, columns=["area_id", "area_number", "area_title"]).join(counts, on="area_id")
    frame[["priorities", "schools"]] = frame[["priorities", "schools"]].fillna(0).astype(int)
    return frame


def priorities_by_statement(priorities: pd.DataFrame) -> pd.DataFrame:
    """Per framework statement that priorities start from: area_title, statement_id,
    statement_text, priorities, schools. Most priorities first."""
    started = priorities[priorities["statement_id"].notna() & priorities["statement_id"].ne("")]
    if started.empty:
        return pd.DataFrame(columns=["area_title", "statement_id", "statement_text", "priorities",
                                     "schools"])
    frame = started.groupby(["area_title", "statement_id", "statement_text"]).agg(
        priorities=("priority_id", "count"), schools=("school_id", "nunique")).reset_index()
    return frame.sort_values(["priorities", "statement_id"], ascending=[False, True],
                             kind="stable").reset_index(drop=True)


def actions_by_theme(actions: pd.DataFrame) -> pd.DataFrame:
    """Per kind of action (ACTION_THEMES order, then Other): theme, actions, schools, at_risk."""
    themed = actions.assign(theme=[action_theme(d) for d in actions["description"]])
    names = [theme for theme, _ in ACTION_THEMES] + [OTHER_THEME]
    grouped = themed.groupby("theme").agg(
        actions=("action_id", "count"), schools=("school_id", "nunique"),
        at_risk=("progress", lambda s: int((s == PROGRESS[-1]).sum())))
    frame = grouped.reindex(names, fill_value=0).reset_index().rename(columns={"index": "theme"})
    frame = frame[frame["actions"] > 0]
    return frame.reset_index(drop=True)


def progress_by_area(actions: pd.DataFrame, areas: list[tuple[str, int, str]]) -> pd.DataFrame:
    """Per area: area_id, area_number, area_title, one column per progress (PROGRESS order),
    total. Areas without actions are left out."""
    counts = (actions.groupby("area_id")["progress"].value_counts().unstack(fill_value=0)
              .reindex(columns=PROGRESS, fill_value=0)) if len(actions) else pd.DataFrame(columns=PROGRESS)
    frame = pd.DataFrame(areas, columns=["area_id", "area_number", "area_title"]).join(counts, on="area_id")
    frame[PROGRESS] = frame[PROGRESS].fillna(0).astype(int)
    frame["total"] = frame[PROGRESS].sum(axis=1)
    return frame[frame["total"] > 0].reset_index(drop=True)


# --- completion -------------------------------------------------------------------------------------


def completion_counts(completion: pd.DataFrame, statuses: list[str]) -> pd.DataFrame:
    """Per self-evaluation status (in `statuses` order): status, schools, overdue."""
    # Counted in Python: a pandas groupby costs milliseconds even on a cohort's few dozen rows.
    schools, overdue = dict.fromkeys(statuses, 0), dict.fromkeys(statuses, 0)
    for status, late in zip(completion["status"], completion["overdue"], strict=True):
        if status in schools:
            schools[status] += 1
            overdue[status] += bool(late)
    return pd.DataFrame({"status": statuses, "schools": list(schools.values()),
                         "overdue": list(overdue.values())}).astype({"schools": int, "overdue": int})
