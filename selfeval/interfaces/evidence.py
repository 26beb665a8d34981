"""Evidence files behind an area's answers, stored in the database (5 MB at most)."""

from sqlalchemy import select
from werkzeug.exceptions import NotFound

from app.extensions import db
from app.interfaces import audit
from app.models import LocalAuthority, User
from selfeval import framework as fw
from selfeval.interfaces.evaluations import AreaAnswers, area_response, save_area
from selfeval.models import AreaResponse, EvidenceFile, SelfEvaluation
from selfeval.types import SelfEvaluationAction


def add_evidence(la: LocalAuthority, response: AreaResponse, statement_id: str | None,
                 filename: str, content_type: str, data: bytes, user: User | None) -> EvidenceFile:
    evidence = EvidenceFile(
        la_id=la.id, area_response_id=response.id, statement_id=statement_id,
        filename=filename[:200], content_type=content_type[:100], size=len(data), data=data,
        uploaded_by_id=user.id if user else None,
    )
    db.session.add(evidence)
    db.session.flush()
    audit.record(la, SelfEvaluationAction.EVIDENCE_UPLOADED, evidence, filename=evidence.filename,
                 area_response_id=response.id)
    return evidence


def add_area_evidence(la: LocalAuthority, evaluation: SelfEvaluation, area: fw.Area, statement_id: str | None,
                      filename: str, content_type: str, data: bytes, user: User | None) -> EvidenceFile:
    """Evidence for an area not answered yet starts the area, empty, so the file has an area to
    belong to."""
    response = area_response(evaluation, area.id)
    if response is None:
        response = save_area(la, evaluation, area, AreaAnswers({}, None, "", "", "", False), None)
    return add_evidence(la, response, statement_id, filename, content_type, data, user)


def list_evidence(la: LocalAuthority, evaluation: SelfEvaluation) -> list[EvidenceFile]:
    area_ids = [a.id for a in evaluation.areas]
    if not area_ids:
        return []
    stmt = (
        select(EvidenceFile)
        .where(EvidenceFile.la_id == la.id, EvidenceFile.area_response_id.in_(area_ids))
        .order_by(EvidenceFile.created_at)
    )
    return list(db.session.scalars(stmt))


def list_area_evidence(la: LocalAuthority, evaluation: SelfEvaluation, area_id: str) -> list[EvidenceFile]:
    response = area_response(evaluation, area_id)
    if response is None:
        return []
    return [f for f in list_evidence(la, evaluation) if f.area_response_id == response.id]


def get_evidence(la: LocalAuthority, evaluation: SelfEvaluation, evidence_id: int) -> EvidenceFile:
    for evidence in list_evidence(la, evaluation):
        if evidence.id == evidence_id:
            return evidence
    raise NotFound()


def area_of_evidence(evaluation: SelfEvaluation, evidence: EvidenceFile) -> str:
    return next(a.area_id for a in evaluation.areas if a.id == evidence.area_response_id)


def delete_evidence(la: LocalAuthority, evidence: EvidenceFile) -> None:
    audit.record(la, SelfEvaluationAction.EVIDENCE_DELETED, evidence, filename=evidence.filename)
    db.session.delete(evidence)
    db.session.flush()
