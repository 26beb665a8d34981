from dataclasses import dataclass

from sqlalchemy import select
from werkzeug.exceptions import NotFound

from app.db import utcnow
from app.extensions import db
from app.interfaces import audit, users
from app.models import Invitation, LocalAuthority, Role, RoleAssignment, School, User
from app.models.audit import CoreAction


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
    audit.record(la, CoreAction.INVITATION_SENT, invitation, email=invitation.email, role=role,
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
    audit.record(la, CoreAction.INVITATION_ACCEPTED, invitation, user_id=user.id)


def revoke(la: LocalAuthority, invitation: Invitation) -> None:
    invitation.revoked_at = utcnow()
    db.session.flush()
    audit.record(la, CoreAction.INVITATION_REVOKED, invitation, email=invitation.email)


def renew(la: LocalAuthority, invitation: Invitation, max_age) -> Invitation:
    """A fresh link: new nonce (old links stop working) and a new expiry."""
    import secrets

    invitation.nonce = secrets.token_hex(16)
    invitation.expires_at = utcnow() + max_age
    db.session.flush()
    audit.record(la, CoreAction.INVITATION_RESENT, invitation, email=invitation.email)
    return invitation


# --- inviting people in bulk (app.admin.people_import checks the rows first) ------------------

# (e-mail, role, school id or None): one person in one role, as an invitation or an assignment has it.
RoleKey = tuple[str, Role, int | None]


def school_ids_by_urn(la: LocalAuthority, urns: set[str]) -> dict[str, tuple[int, str]]:
    """URN -> (school id, name), for this LA's schools with these URNs."""
    if not urns:
        return {}
    stmt = select(School.urn, School.id, School.name).where(School.la_id == la.id, School.urn.in_(urns))
    return {urn: (school_id, name) for urn, school_id, name in db.session.execute(stmt)}


def held_roles(la: LocalAuthority, emails: set[str]) -> set[RoleKey]:
    """The active roles in this LA of the people with these e-mail addresses."""
    if not emails:
        return set()
    stmt = (select(User.email, RoleAssignment.role, RoleAssignment.school_id)
            .join(RoleAssignment, RoleAssignment.user_id == User.id)
            .where(RoleAssignment.la_id == la.id, RoleAssignment.active.is_(True), User.email.in_(emails)))
    return {(email, role, school_id) for email, role, school_id in db.session.execute(stmt)}


def invited_roles(la: LocalAuthority, emails: set[str]) -> set[RoleKey]:
    """The roles these e-mail addresses have an open invitation to (not accepted or cancelled, as
    the People page lists them: an expired one is sent again from there)."""
    if not emails:
        return set()
    stmt = (select(Invitation.email, Invitation.role, Invitation.school_id)
            .where(Invitation.la_id == la.id, Invitation.email.in_(emails), Invitation.accepted_at.is_(None),
                   Invitation.revoked_at.is_(None)))
    return {(email, role, school_id) for email, role, school_id in db.session.execute(stmt)}


@dataclass(frozen=True)
class NewInvitation:
    email: str
    name: str
    role: Role
    school_id: int | None


def create_invitations(la: LocalAuthority, rows: list[NewInvitation], invited_by: User | None,
                       max_age) -> list[Invitation]:
    """One invitation per row, all in this request: checked rows only (people_import.parse)."""
    schools = {s.id: s for s in db.session.scalars(
        select(School).where(School.la_id == la.id, School.id.in_({r.school_id for r in rows if r.school_id})))}
    return [create_invitation(la, r.email, r.name, r.role, schools[r.school_id] if r.school_id else None,
                              invited_by, max_age) for r in rows]
