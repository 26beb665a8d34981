"""Small hand-made frames in the shapes data.py builds, for the pure summaries and charts."""

import pandas as pd

from dashboards import data

AREAS = [("x", 1, "Area X"), ("y", 2, "Area Y")]


def area_ratings(schools: list[tuple]) -> pd.DataFrame:
    """schools: (id, name, triad id or None, is coach, submitted, [level per area or None])."""
    rows = []
    for school_id, name, triad, coach, submitted, levels in schools:
        for (area_id, number, title), level in zip(AREAS, levels, strict=True):
            rows.append({
                "school_id": school_id, "school_name": name, "urn": f"{100000 + school_id}",
                "triad_id": triad, "triad_name": f"Triad {triad}" if triad else "",
                "is_coach": coach, "self_evaluation_id": school_id if submitted else None,
                "status": "Submitted" if submitted else "In progress", "submitted": submitted,
                "area_id": area_id, "area_number": number, "area_title": title,
                "level": level if submitted else None, "level_label": "",
            })
    frame = pd.DataFrame(rows, columns=data.AREA_COLUMNS)
    for column in ("level", "triad_id", "self_evaluation_id"):
        frame[column] = frame[column].astype("Int64")
    return frame


def statement_ratings(rows: list[tuple]) -> pd.DataFrame:
    """rows: (school id, statement id, statement number, rating or None)."""
    frame = pd.DataFrame([{
        "school_id": school_id, "school_name": f"School {school_id}", "triad_id": 1,
        "triad_name": "Triad 1", "area_id": statement.split(".")[0], "area_number": 1,
        "statement_id": statement, "statement_number": number, "statement_text": f"Text {statement}",
        "rating": rating, "has_evidence_note": False,
    } for school_id, statement, number, rating in rows], columns=data.STATEMENT_COLUMNS)
    frame["rating"] = frame["rating"].astype("Int64")
    return frame


def year_on_year(rows: list[tuple]) -> pd.DataFrame:
    """rows: (school id, area id, level or None, previous level or None)."""
    titles = {a: (n, t) for a, n, t in AREAS}
    frame = pd.DataFrame([{
        "school_id": s, "school_name": f"School {s}", "urn": "", "triad_id": 1, "triad_name": "T",
        "is_coach": False, "area_id": a, "area_number": titles[a][0], "area_title": titles[a][1],
        "level": now, "previous_level": before, "change": None, "submitted": now is not None,
        "previous_submitted": before is not None, "previous_cohort_id": 1,
    } for s, a, now, before in rows], columns=data.YEAR_COLUMNS)
    for column in ("level", "previous_level", "previous_cohort_id"):
        frame[column] = frame[column].astype("Int64")
    frame["change"] = frame["level"] - frame["previous_level"]
    return frame
