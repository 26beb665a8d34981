"""What the retention job removes of a finished cohort's self-evaluations once they pass the LA's
date (app.features.register_retention): the free text, evidence files and other voices go, and so do
the names of who started and submitted each one. The ratings stay, anonymised, because the
network's benchmarks and year-on-year comparisons are built from them."""

from sqlalchemy import delete, exists, func, or_, select, update

from app.data_protection import DataKind
from app.extensions import db
from app.models import Cohort, LocalAuthority
from selfeval.models import (
    AreaComment,
    AreaResponse,
    EvidenceFile,
    SelfEvaluation,
    StatementRating,
    VoiceInvitation,
    VoiceRating,
    VoiceResponse,
)


def cohort_records(la: LocalAuthority, cohort: Cohort, remove: bool) -> dict[DataKind, int]:
    evaluations = select(SelfEvaluation.id).where(SelfEvaluation.la_id == la.id,
                                                  SelfEvaluation.cohort_id == cohort.id)
    areas = select(AreaResponse.id).where(AreaResponse.self_evaluation_id.in_(evaluations))
    area_text = or_(AreaResponse.rationale != "", AreaResponse.strengths != "", AreaResponse.development != "")
    with_text_or_names = select(func.count(SelfEvaluation.id)).where(
        SelfEvaluation.id.in_(evaluations),
        or_(SelfEvaluation.started_by_id.is_not(None), SelfEvaluation.submitted_by_id.is_not(None),
            func.coalesce(SelfEvaluation.reopened_reason, "") != "",
            exists().where(AreaResponse.self_evaluation_id == SelfEvaluation.id, area_text),
            exists().where(StatementRating.area_response_id == AreaResponse.id,
                           AreaResponse.self_evaluation_id == SelfEvaluation.id, StatementRating.evidence != ""),
            exists().where(AreaComment.self_evaluation_id == SelfEvaluation.id)))
    found = {
        DataKind.SELF_EVALUATION_TEXT: db.session.scalar(with_text_or_names) or 0,
        DataKind.EVIDENCE_FILES: db.session.scalar(
            select(func.count(EvidenceFile.id)).where(EvidenceFile.area_response_id.in_(areas))) or 0,
        DataKind.VOICES: db.session.scalar(
            select(func.count(VoiceInvitation.id)).where(VoiceInvitation.self_evaluation_id.in_(evaluations))) or 0,
    }
    if remove and any(found.values()):
        _remove(evaluations, areas, area_text)
    return found


def _remove(evaluations, areas, area_text) -> None:
    plain = {"synchronize_session": False}
    db.session.execute(delete(EvidenceFile).where(EvidenceFile.area_response_id.in_(areas)), execution_options=plain)
    responses = select(VoiceResponse.id).where(VoiceResponse.self_evaluation_id.in_(evaluations))
    db.session.execute(delete(VoiceRating).where(VoiceRating.response_id.in_(responses)), execution_options=plain)
    db.session.execute(delete(VoiceResponse).where(VoiceResponse.self_evaluation_id.in_(evaluations)),
                       execution_options=plain)
    db.session.execute(delete(VoiceInvitation).where(VoiceInvitation.self_evaluation_id.in_(evaluations)),
                       execution_options=plain)
    db.session.execute(delete(AreaComment).where(AreaComment.self_evaluation_id.in_(evaluations)),
                       execution_options=plain)
    db.session.execute(update(StatementRating).where(StatementRating.area_response_id.in_(areas),
                                                     StatementRating.evidence != "")
                       .values(evidence=""), execution_options=plain)
    db.session.execute(update(AreaResponse).where(AreaResponse.id.in_(areas), area_text)
                       .values(rationale="", strengths="", development="", version=AreaResponse.version + 1),
                       execution_options=plain)
    db.session.execute(update(SelfEvaluation).where(SelfEvaluation.id.in_(evaluations))
                       .values(started_by_id=None, submitted_by_id=None, reopened_reason=None,
                               version=SelfEvaluation.version + 1), execution_options=plain)
    db.session.expire_all()
