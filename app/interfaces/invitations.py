from sqlalchemy import select
from werkzeug.exceptions import NotFound

from app.db import utcnow
from app.extensions import db
from app.interfaces import audit, users
from app.models import Invitation, LocalAuthority, Role, School, User


def create_invitation(
    la: LocalAuthority,
    email: str,
    name: str,
    role: Role,
    school: School | None,
    invited_by: User | None,
    max_age,
) -> Invitation:
    invitation = Invitation(
        la_id=la.id,
        email=users.normalise_email(email),
        name=name.strip(),
        role=role,
        school_id=school.id if school is not None else None,
        invited_by_id=invited_by.id if invited_by is not None else None,
        expires_at=utcnow() + max_age,
    )
    db.session.add(invitation)
    db.session.flush()
    audit.record(la, "invitation.sent", invitation, email=invitation.email, role=role,
                 school_id=invitation.school_id)
    return invitation


def get_invitation(invitation_id: int) -> Invitation | None:
    return db.session.get(Invitation, invitation_id)


def get_la_invitation(la: LocalAuthority, invitation_id: int) -> Invitation:
    invitation = db.session.scalar(
        select(Invitation).where(Invitation.id == invitation_id, Invitation.la_id == la.id)
    )
    if invitation is None:
        raise NotFound()
    return invitation


def list_open_invitations(la: LocalAuthority) -> list[Invitation]:
    stmt = (
        select(Invitation)
        .where(
            Invitation.la_id == la.id,
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
        )
        .order_by(Invitation.created_at.desc())
    )
    return list(db.session.scalars(stmt))


def accept(invitation: Invitation, user: User) -> None:
    la = db.session.get(LocalAuthority, invitation.la_id)
    users.grant_role(user, invitation.role, la=la, school=invitation.school)
    invitation.accepted_at = utcnow()
    user.active = True
    db.session.flush()
    audit.record(la, "invitation.accepted", invitation, user_id=user.id)


def revoke(la: LocalAuthority, invitation: Invitation) -> None:
    invitation.revoked_at = utcnow()
    db.session.flush()
    audit.record(la, "invitation.revoked", invitation, email=invitation.email)


def renew(la: LocalAuthority, invitation: Invitation, max_age) -> Invitation:
    """A fresh link: new nonce (old links stop working) and a new expiry."""
    import secrets

    invitation.nonce = secrets.token_hex(16)
    invitation.expires_at = utcnow() + max_age
    db.session.flush()
    audit.record(la, "invitation.resent", invitation, email=invitation.email)
    return invitation
