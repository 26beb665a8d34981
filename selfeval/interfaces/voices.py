"""Other voices: links asking colleagues, governors, parents and pupils for their views, and the
answers given through them."""

from sqlalchemy import select
from werkzeug.exceptions import NotFound

from app.db import utcnow
from app.extensions import db
from app.interfaces import audit
from app.interfaces.errors import Invalid
from app.models import LocalAuthority, User
from selfeval import framework as fw
from selfeval.interfaces.frameworks import framework_of
from selfeval.models import AreaResponse, SelfEvaluation, VoiceInvitation, VoiceRating, VoiceResponse
from selfeval.types import SelfEvaluationAction, VoiceKind


def create_voice_invitation(la: LocalAuthority, evaluation: SelfEvaluation, kind: VoiceKind,
                            area_ids: list[str], email: str | None, name: str | None,
                            user: User | None) -> VoiceInvitation:
    """An e-mailed invitation is for one named person; a link without e-mail is a school-only
    link that many people (typically parents or pupils) can use, each answer kept apart."""
    invitation = VoiceInvitation(
        la_id=la.id, self_evaluation_id=evaluation.id, kind=kind, area_ids=list(area_ids),
        email=email or None, name=None if kind.anonymous else (name or None),
        multi_use=not email, created_by_id=user.id if user else None,
    )
    db.session.add(invitation)
    db.session.flush()
    # A parent's or pupil's answers are anonymous to everyone, the LA included: the activity page
    # shows only that the link was e-mailed, never to whom.
    audit.record(la, SelfEvaluationAction.VOICE_INVITED, invitation, kind=kind, areas=list(area_ids),
                 **({"emailed": bool(email)} if kind.anonymous else {"email": email or None}))
    return invitation


def list_voice_invitations(la: LocalAuthority, evaluation: SelfEvaluation) -> list[VoiceInvitation]:
    stmt = (
        select(VoiceInvitation)
        .where(VoiceInvitation.la_id == la.id, VoiceInvitation.self_evaluation_id == evaluation.id)
        .order_by(VoiceInvitation.created_at, VoiceInvitation.id)
    )
    return list(db.session.scalars(stmt))


def get_voice_invitation(la: LocalAuthority, evaluation: SelfEvaluation,
                         invitation_id: int) -> VoiceInvitation:
    invitation = db.session.scalar(
        select(VoiceInvitation).where(
            VoiceInvitation.id == invitation_id,
            VoiceInvitation.la_id == la.id,
            VoiceInvitation.self_evaluation_id == evaluation.id,
        )
    )
    if invitation is None:
        raise NotFound()
    return invitation


def open_voice_invitation(invitation_id: int, nonce: str) -> VoiceInvitation | None:
    """For the public answer page: the invitation named by a signed link, if still open."""
    invitation = db.session.get(VoiceInvitation, invitation_id)
    if invitation is None or invitation.nonce != nonce or invitation.closed_at is not None:
        return None
    if not invitation.multi_use and any(r.submitted_at for r in invitation.responses):
        return None
    return invitation


def evaluation_for_voice(invitation: VoiceInvitation) -> SelfEvaluation:
    return db.session.get(SelfEvaluation, invitation.self_evaluation_id)


def statements_for(invitation: VoiceInvitation, variant: fw.Variant) -> tuple[list[fw.Area], list[fw.Statement]]:
    """The areas the link asks about and their statements; a pupil sees only those with pupil wording."""
    chosen = [a for a in variant.areas if a.id in invitation.area_ids]
    statements = [s for a in chosen for s in a.statements]
    if invitation.kind is VoiceKind.PUPIL:
        statements = [s for s in statements if s.pupil_text]
    return chosen, statements


def close_voice_invitation(la: LocalAuthority, invitation: VoiceInvitation) -> None:
    invitation.closed_at = utcnow()
    db.session.flush()
    audit.record(la, SelfEvaluationAction.VOICE_CLOSED, invitation)


def record_voice(invitation: VoiceInvitation, ratings: dict[str, tuple[int | None, str]],
                 respondent_name: str | None) -> VoiceResponse:
    """Keep one person's answers. Anonymous kinds never store a name."""
    evaluation = evaluation_for_voice(invitation)
    scale = framework_of(evaluation.framework_version).scale
    for rating, _ in ratings.values():
        if rating is not None and not scale.contains(rating):
            raise Invalid({"ratings": f"Rating {rating} is not on the scale"})
    response = VoiceResponse(
        la_id=invitation.la_id, invitation_id=invitation.id, self_evaluation_id=evaluation.id,
        kind=invitation.kind, submitted_at=utcnow(),
        respondent_name=None if invitation.kind.anonymous else (respondent_name or invitation.name),
    )
    response.ratings = [
        VoiceRating(la_id=invitation.la_id, statement_id=statement_id, rating=rating,
                    comment=comment)
        for statement_id, (rating, comment) in ratings.items()
    ]
    db.session.add(response)
    db.session.flush()
    return response


def voice_responses(la: LocalAuthority, evaluation: SelfEvaluation) -> list[VoiceResponse]:
    stmt = (
        select(VoiceResponse)
        .where(
            VoiceResponse.la_id == la.id,
            VoiceResponse.self_evaluation_id == evaluation.id,
            VoiceResponse.submitted_at.is_not(None),
        )
        .order_by(VoiceResponse.submitted_at)
    )
    return list(db.session.scalars(stmt))


def views_by_statement(responses: list[VoiceResponse]) -> dict[str, list[tuple[VoiceKind, int | None, str]]]:
    """Every other voice's rating and comment, per statement."""
    views: dict[str, list] = {}
    for response in responses:
        for rating in response.ratings:
            views.setdefault(rating.statement_id, []).append(
                (response.kind, rating.rating, rating.comment)
            )
    return views


def divergent_statements(area: fw.Area, response: AreaResponse | None,
                         views: dict[str, list[tuple[VoiceKind, int | None, str]]], count: int = 3) -> set[str]:
    """The statements of the area where the school's own rating differs most from other voices'."""
    own = {s.id: (response.rating_for(s.id).rating if response and response.rating_for(s.id) else None)
           for s in area.statements}
    others = {statement_id: [rating for _, rating, _ in found] for statement_id, found in views.items()}
    return {statement_id for statement_id, _ in fw.most_divergent(own, others, count=count)}
