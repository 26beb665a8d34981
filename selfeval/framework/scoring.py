"""Derived figures: means, rankings, suggestions and the spread of several people's ratings.

Ratings are {statement id: rating or None}. None means "not answered" and is never counted as 0:
an unanswered statement must not drag a mean down or look like a weakness.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from selfeval.framework.model import Area, Scale, Variant

Ratings = Mapping[str, int | None]


def area_mean(ratings: Ratings, area: Area) -> float | None:
    """Mean rating of the area's answered statements; None when none is answered."""
    answered = [ratings[s.id] for s in area.statements if ratings.get(s.id) is not None]
    return statistics.fmean(answered) if answered else None


def rank_statements(ratings: Ratings) -> list[tuple[str, int]]:
    """Answered statements, highest rating first; equal ratings keep the order they were given in."""
    return sorted(((sid, r) for sid, r in ratings.items() if r is not None), key=lambda item: -item[1])


def strengths_and_development(
    variant: Variant, ratings: Ratings, count: int = 3
) -> tuple[list[str], list[str]]:
    """Suggested strengths (highest rated) and areas for development (lowest rated), as statement ids.

    Only answered statements of this variant count, ties go to the earlier statement in the framework,
    and no statement appears in both lists. The lists are relative to the school's own ratings: they are
    suggestions for the SENCO to confirm, not judgements. With fewer than two answers there is nothing
    to compare, so both are empty. With fewer than 2 × count answers the answered statements are split
    in half, the odd one going to development, which is what the action plan is built from.
    """
    answered = [
        (position, s.id, ratings[s.id])
        for position, s in enumerate(variant.statements)
        if ratings.get(s.id) is not None
    ]
    if len(answered) < 2 or count <= 0:
        return [], []
    n_strengths = min(count, len(answered) // 2)
    n_development = min(count, len(answered) - n_strengths)
    highest_first = sorted(answered, key=lambda item: (-item[2], item[0]))
    strengths = highest_first[:n_strengths]
    chosen = {item[1] for item in strengths}
    rest = [item for item in answered if item[1] not in chosen]
    lowest_first = sorted(rest, key=lambda item: (item[2], item[0]))
    development = lowest_first[:n_development]
    return [item[1] for item in strengths], [item[1] for item in development]


@dataclass(frozen=True)
class Spread:
    """Several respondents' ratings of one statement. Unanswered ratings are not counted."""

    count: int
    minimum: int | None
    maximum: int | None
    median: float | None
    counts_by_level: dict[int, int]


def spread(values: Iterable[int | None], scale: Scale | None = None) -> Spread:
    """Summarise ratings, ignoring None. With a scale, every level is in counts_by_level (0 if unused)."""
    answered = [v for v in values if v is not None]
    counts = Counter(answered)
    levels = list(scale.values) if scale is not None else []
    by_level = {level: counts.get(level, 0) for level in levels}
    for value in sorted(counts):
        by_level.setdefault(value, counts[value])
    if not answered:
        return Spread(0, None, None, None, by_level)
    return Spread(
        count=len(answered),
        minimum=min(answered),
        maximum=max(answered),
        median=float(statistics.median(answered)),
        counts_by_level=dict(sorted(by_level.items())),
    )


def divergence(own: int | None, others: Iterable[int | None]) -> float | None:
    """How far one rating sits from the median of the others' ratings; None if either side is missing."""
    answered = [v for v in others if v is not None]
    if own is None or not answered:
        return None
    return float(abs(own - statistics.median(answered)))


def most_divergent(
    own_ratings: Ratings, others_by_statement: Mapping[str, Iterable[int | None]], count: int = 5
) -> list[tuple[str, float]]:
    """The statements where one person's rating (usually the SENCO's) differs most from everyone else's.

    Largest difference first; ties keep the order of `own_ratings`. Statements where the ratings agree
    (difference 0) or either side is missing are left out: there is nothing to reconcile.
    """
    found = []
    for position, (statement_id, own) in enumerate(own_ratings.items()):
        gap = divergence(own, others_by_statement.get(statement_id, ()))
        if gap:
            found.append((position, statement_id, gap))
    found.sort(key=lambda item: (-item[2], item[0]))
    return [(statement_id, gap) for _, statement_id, gap in found[:count]]
