"""One school's self-evaluation summed up: its profile by area, the strengths and areas for
development it confirms, and the rows of its Excel export."""

from dataclasses import dataclass

from app.interfaces import audit
from app.interfaces.errors import expect_version, flush_or_conflict
from app.models import LocalAuthority
from selfeval import framework as fw
from selfeval.interfaces.evaluations import (
    area_response,
    area_status,
    get_self_evaluation,
    school_ratings,
    variant_of,
)
from selfeval.interfaces.frameworks import framework_of
from selfeval.interfaces.voices import voice_responses
from selfeval.models import SelfEvaluation
from selfeval.types import SelfEvaluationAction

Sheet = tuple[list[str], list[list]]


def previous_of(la: LocalAuthority, evaluation: SelfEvaluation) -> SelfEvaluation | None:
    """Last year's self-evaluation of the school, the one this one was carried forward from."""
    return get_self_evaluation(la, evaluation.previous_id) if evaluation.previous_id else None


def area_judgements(evaluation: SelfEvaluation | None) -> dict[str, int | None]:
    return {a.area_id: a.judgement for a in evaluation.areas} if evaluation else {}


@dataclass(frozen=True)
class ProfileRow:
    area: fw.Area
    judgement: int | None
    mean: float | None  # of the area's rated statements
    previous: int | None  # last year's judgement
    change: int | None


def profile_rows(evaluation: SelfEvaluation, previous: SelfEvaluation | None) -> list[ProfileRow]:
    ratings = school_ratings(evaluation)
    now, before = area_judgements(evaluation), area_judgements(previous)
    rows = []
    for area in variant_of(evaluation).areas:
        current = now.get(area.id)
        last = before.get(area.id) if previous else None
        rows.append(ProfileRow(
            area=area, judgement=current, mean=fw.area_mean(ratings, area), previous=last,
            change=(current - last) if current is not None and last is not None else None,
        ))
    return rows


def suggested_lists(evaluation: SelfEvaluation) -> tuple[list[str], list[str]]:
    """Statement ids suggested as strengths and as areas for development, for the school to confirm."""
    return fw.strengths_and_development(variant_of(evaluation), school_ratings(evaluation))


def confirm_summary(la: LocalAuthority, evaluation: SelfEvaluation, strengths: list[str],
                    development: list[str], version: int | None) -> None:
    expect_version(evaluation, version)
    evaluation.confirmed_strengths = list(strengths)
    evaluation.confirmed_development = list(development)
    flush_or_conflict()
    audit.record(la, SelfEvaluationAction.EVALUATION_SUMMARY_CONFIRMED, evaluation,
                 strengths=list(strengths), development=list(development))


def areas_for_development(evaluation: SelfEvaluation, limit: int = 3) -> list[tuple[str, str]]:
    """(area id, its lowest-rated statement id) for the areas rated below the school's own
    average, lowest first; a flat profile gives its single lowest area. Unrated areas are left out."""
    variant = variant_of(evaluation)
    ratings = school_ratings(evaluation)
    means = [(fw.area_mean(ratings, area), position, area) for position, area in enumerate(variant.areas)]
    rated = [(mean, position, area) for mean, position, area in means if mean is not None]
    if not rated:
        return []
    overall = sum(mean for mean, _, _ in rated) / len(rated)
    chosen = sorted((item for item in rated if item[0] < overall), key=lambda item: item[:2])
    chosen = chosen[:limit] or [min(rated, key=lambda item: item[:2])]
    result = []
    for _, _, area in chosen:
        answered = [(ratings[s.id], n, s.id) for n, s in enumerate(area.statements)
                    if ratings.get(s.id) is not None]
        result.append((area.id, min(answered)[2]))
    return result


def export_sheets(la: LocalAuthority, evaluation: SelfEvaluation) -> dict[str, Sheet]:
    """The self-evaluation as spreadsheet tabs: areas, statements and other voices."""
    label = framework_of(evaluation.framework_version).scale.label
    area_rows, statement_rows = [], []
    for area in variant_of(evaluation).areas:
        response = area_response(evaluation, area.id)
        area_rows.append([
            area.number, area.title, area_status(evaluation, area.id).label,
            label(response.judgement) if response and response.judgement else "",
            response.rationale if response else "", response.strengths if response else "",
            response.development if response else "",
        ])
        for statement in area.statements:
            saved = response.rating_for(statement.id) if response else None
            statement_rows.append([
                area.title, statement.id, statement.text,
                saved.rating if saved and saved.rating else "",
                label(saved.rating) if saved and saved.rating else "",
                saved.evidence if saved else "",
            ])
    voice_rows = [
        [response.kind.label, rating.statement_id, rating.rating or "", rating.comment]
        for response in voice_responses(la, evaluation)
        for rating in response.ratings
    ]
    return {
        "Areas": (["Number", "Area", "Status", "Judgement", "Why", "Strengths",
                   "Areas for development"], area_rows),
        "Statements": (["Area", "Statement id", "Statement", "Rating", "Rating label",
                        "Evidence"], statement_rows),
        "Other voices": (["Who", "Statement id", "Rating", "Comment"], voice_rows),
    }
