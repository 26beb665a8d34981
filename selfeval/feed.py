"""What the self-evaluation package gives the data feed: each cohort school's self-evaluation state,
and the area judgements and statement ratings of submitted self-evaluations."""

from app.features import SCHOOL_REFERENCE as SCHOOL_ID
from app.features import FeedField, FeedPage, FeedRequest, FeedResource, FeedScope
from selfeval import framework as fw
from selfeval.interfaces import feed
from selfeval.types import SelfEvaluationStatus

NOT_STARTED = "NOT_STARTED"
EVALUATION_ID = FeedField("self_evaluation_id", "integer", "The self-evaluation's id; stable.")
ONLY_SUBMITTED = (" Only submitted self-evaluations are included: a draft may still hold last year's "
                  "answers, carried forward, and is not yet the school's judgement.")


def _level_label(framework: fw.Framework | None, value: int | None) -> str | None:
    if framework is None or value is None or not framework.scale.contains(value):
        return None
    return framework.scale.label(value)


def _area(framework: fw.Framework | None, variant_id: str, area_id: str) -> fw.Area | None:
    if framework is None:
        return None
    try:
        return framework.variant(variant_id).area(area_id)
    except KeyError:
        return None


def _self_evaluations(request: FeedRequest) -> FeedPage:
    states, total = feed.evaluation_states(request.la, request.cohort, request.offset, request.limit)
    frameworks = feed.frameworks({s.framework_version_id for s in states if s.framework_version_id})
    rows = []
    for state in states:
        framework = frameworks.get(state.framework_version_id)
        variant = framework.variant(state.variant_id) if framework and state.variant_id in framework.variants else None
        rows.append({
            "school_id": state.school_id,
            "self_evaluation_id": state.self_evaluation_id,
            "status": state.status.name if state.status else NOT_STARTED,
            "submitted_at": state.submitted_at if state.status is SelfEvaluationStatus.SUBMITTED else None,
            "last_changed_at": state.updated_at,
            "framework": f"{framework.key} {framework.version}" if framework else None,
            "variant": state.variant_id,
            "areas": len(variant.areas) if variant else None,
            "areas_completed": state.areas_completed,
        })
    return FeedPage(rows, total)


SELF_EVALUATIONS = FeedResource(
    name="self_evaluations",
    scope=FeedScope.COHORT,
    path="self-evaluations",
    summary="Each school's self-evaluation and its state",
    description="One row for every school in the cohort, in school id order, with or without a self-evaluation.",
    fields=(
        SCHOOL_ID,
        FeedField("self_evaluation_id", "integer", "The self-evaluation's id; null when not started.", nullable=True),
        FeedField("status", "string", "NOT_STARTED, IN_PROGRESS or SUBMITTED.",
                  values=(NOT_STARTED, *(s.name for s in SelfEvaluationStatus))),
        FeedField("submitted_at", "date-time", "When it was submitted; null unless submitted.", nullable=True),
        FeedField("last_changed_at", "date-time", "When it was last changed; null when not started.",
                  nullable=True),
        FeedField("framework", "string", "The framework and version it uses.", nullable=True),
        FeedField("variant", "string", "The framework's variant: mainstream or specialist.", nullable=True),
        FeedField("areas", "integer", "How many areas its framework has.", nullable=True),
        FeedField("areas_completed", "integer", "How many areas the school has marked complete."),
    ),
    rows=_self_evaluations,
)


def _area_judgements(request: FeedRequest) -> FeedPage:
    found, total = feed.submitted_area_judgements(request.la, request.cohort, request.offset, request.limit)
    frameworks = feed.frameworks({row.framework_version_id for row in found})
    rows = []
    for row in found:
        framework = frameworks.get(row.framework_version_id)
        area = _area(framework, row.variant_id, row.area_id)
        rows.append({
            "self_evaluation_id": row.self_evaluation_id, "school_id": row.school_id,
            "area_id": row.area_id, "area_number": area.number if area else None,
            "area_title": area.title if area else None, "judgement": row.judgement,
            "judgement_label": _level_label(framework, row.judgement), "completed": row.completed,
            "last_changed_at": row.updated_at,
        })
    return FeedPage(rows, total)


AREA_JUDGEMENTS = FeedResource(
    name="area_judgements",
    scope=FeedScope.COHORT,
    path="area-judgements",
    summary="Each school's own judgement of each area",
    description="One row per area of each school's submitted self-evaluation, by school then area." + ONLY_SUBMITTED,
    fields=(
        EVALUATION_ID,
        SCHOOL_ID,
        FeedField("area_id", "string", "The area's stable id in the framework, e.g. outcomes."),
        FeedField("area_number", "integer", "The area's number in the framework (1 to 8).", nullable=True),
        FeedField("area_title", "string", "The area's title in the school's framework.", nullable=True),
        FeedField("judgement", "integer", "The school's judgement: a level on the framework's scale "
                                          "(1 to 4, from a focus for development to a strength).", nullable=True),
        FeedField("judgement_label", "string", "The level's words in the school's framework.", nullable=True),
        FeedField("completed", "boolean", "Whether the school marked the area complete."),
        FeedField("last_changed_at", "date-time", "When the area was last saved."),
    ),
    rows=_area_judgements,
)


def _statement_ratings(request: FeedRequest) -> FeedPage:
    found, total = feed.submitted_statement_ratings(request.la, request.cohort, request.offset, request.limit)
    frameworks = feed.frameworks({row.framework_version_id for row in found})
    rows = []
    for row in found:
        framework = frameworks.get(row.framework_version_id)
        try:
            text = framework.statement(row.statement_id, row.variant_id).text if framework else None
        except KeyError:
            text = None
        rows.append({
            "self_evaluation_id": row.self_evaluation_id, "school_id": row.school_id,
            "area_id": row.area_id, "statement_id": row.statement_id, "statement": text,
            "rating": row.rating, "rating_label": _level_label(framework, row.rating),
            "has_evidence_note": row.has_evidence_note,
        })
    return FeedPage(rows, total)


STATEMENT_RATINGS = FeedResource(
    name="statement_ratings",
    scope=FeedScope.COHORT,
    path="statement-ratings",
    summary="Each school's rating of each statement",
    description="One row per statement of each school's submitted self-evaluation, by school then statement. "
                "The evidence notes themselves are not in the feed." + ONLY_SUBMITTED,
    fields=(
        EVALUATION_ID,
        SCHOOL_ID,
        FeedField("area_id", "string", "The area the statement belongs to."),
        FeedField("statement_id", "string", "The statement's stable id in the framework, e.g. outcomes.3."),
        FeedField("statement", "string", "The statement's words in the school's framework.", nullable=True),
        FeedField("rating", "integer", "The school's rating on the framework's scale (1 to 4); null if not rated.",
                  nullable=True),
        FeedField("rating_label", "string", "The rating's words.", nullable=True),
        FeedField("has_evidence_note", "boolean", "Whether the school wrote an evidence note for it."),
    ),
    rows=_statement_ratings,
)

RESOURCES = (SELF_EVALUATIONS, AREA_JUDGEMENTS, STATEMENT_RATINGS)
