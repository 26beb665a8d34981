from sqlalchemy import select, update
from werkzeug.exceptions import NotFound

from app.db import utcnow
from app.extensions import db
from app.interfaces import audit, user_sessions
from app.interfaces.errors import Invalid, expect_version, flush_or_conflict
from app.models import LocalAuthority, Role, RoleAssignment, School, User
from app.models.audit import CoreAction
from app.models.user import new_session_key
from app.passwords import hash_password, needs_rehash, verify_password


def normalise_email(email: str) -> str:
    return email.strip().lower()


def get_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def get_user(user_id: int) -> User | None:
    return db.session.get(User, user_id)


def create_user(email: str, name: str, password: str | None) -> User:
    user = User(
        email=normalise_email(email),
        name=name.strip(),
        password_hash=hash_password(password) if password else None,
    )
    db.session.add(user)
    db.session.flush()
    return user


def check_password(user: User, password: str) -> bool:
    ok = verify_password(user.password_hash, password)
    if ok and needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return ok


def set_password(user: User, password: str) -> None:
    user.password_hash = hash_password(password)
    user.session_key = new_session_key()  # password-reset links made before stop working
    db.session.flush()
    audit.record(None, CoreAction.USER_PASSWORD_CHANGED, user)


def update_account(user: User, name: str, version: int) -> None:
    expect_version(user, version)
    user.name = name.strip()
    flush_or_conflict()


def mark_signed_in(user: User) -> None:
    # A plain UPDATE, not through the mapper: signing in must not bump the row's version, or an
    # account page open in another window would be refused as stale.
    db.session.execute(update(User).where(User.id == user.id).values(last_signed_in_at=utcnow()))


def grant_role(
    user: User, role: Role, la: LocalAuthority | None = None, school: School | None = None
) -> RoleAssignment:
    """Give `user` the role, or switch an existing inactive identical assignment back on."""
    if role.scope == "school" and school is None:
        raise ValueError(f"{role.name} needs a school")
    la_id = school.la_id if school is not None else (la.id if la is not None else None)
    for assignment in user.roles:
        if (
            assignment.role is role
            and assignment.la_id == la_id
            and assignment.school_id == (school.id if school else None)
        ):
            assignment.active = True
            db.session.flush()
            return assignment
    assignment = RoleAssignment(
        user=user, role=role, la_id=la_id, school_id=school.id if school else None
    )
    db.session.add(assignment)
    db.session.flush()
    audit.record(
        la if la is not None else None, CoreAction.ROLE_GRANTED, user, role=role,
        school_id=assignment.school_id,
    )
    return assignment


# --- people in an LA -------------------------------------------------------------------------


def list_people(la: LocalAuthority) -> list[User]:
    """Everyone holding a role (active or not) in the LA, by name."""
    stmt = (
        select(User)
        .join(RoleAssignment, RoleAssignment.user_id == User.id)
        .where(RoleAssignment.la_id == la.id)
        .distinct()
        .order_by(User.name, User.id)
    )
    return list(db.session.scalars(stmt))


def get_person(la: LocalAuthority, user_id: int) -> User:
    stmt = (
        select(User)
        .join(RoleAssignment, RoleAssignment.user_id == User.id)
        .where(User.id == user_id, RoleAssignment.la_id == la.id)
        .limit(1)
    )
    user = db.session.scalar(stmt)
    if user is None:
        raise NotFound()
    return user


def roles_in_la(user: User, la: LocalAuthority) -> list[RoleAssignment]:
    return [assignment for assignment in user.roles if assignment.la_id == la.id]


def get_role_assignment(la: LocalAuthority, user: User, assignment_id: int) -> RoleAssignment:
    for assignment in roles_in_la(user, la):
        if assignment.id == assignment_id:
            return assignment
    raise NotFound()


def change_role(
    la: LocalAuthority,
    user: User,
    assignment: RoleAssignment,
    role: Role,
    school: School | None,
    version: int,
) -> RoleAssignment:
    expect_version(assignment, version)
    school_id = school.id if school is not None else None
    if any(other.id != assignment.id and other.role is role and other.school_id == school_id
           for other in roles_in_la(user, la)):
        raise Invalid({"role": f"{user.name} already has this role"})
    before = {"role": assignment.role, "school_id": assignment.school_id}
    assignment.role = role
    assignment.school_id = school.id if school is not None else None
    if role is not Role.QUALITY_ASSURER:
        assignment.whole_la = False  # a grant of the whole LA is a quality assurer's only
    flush_or_conflict()
    audit.record(
        la, CoreAction.ROLE_CHANGED, user, before=before,
        after={"role": role, "school_id": assignment.school_id},
    )
    return assignment


def get_assurer_role(la: LocalAuthority, assignment_id: int) -> RoleAssignment:
    """A quality assurer's role in this LA, by its id (404 for any other role, or another LA's)."""
    assignment = db.session.scalar(select(RoleAssignment).where(
        RoleAssignment.id == assignment_id, RoleAssignment.la_id == la.id,
        RoleAssignment.role == Role.QUALITY_ASSURER))
    if assignment is None:
        raise NotFound()
    return assignment


def set_assurer_whole_la(la: LocalAuthority, user: User, assignment: RoleAssignment, whole_la: bool,
                         version: int) -> RoleAssignment:
    """The lead's choice of which cohorts a quality assurer reads: those assigned to them, or every
    cohort of the LA (app/auth/permissions.py cohort_scope)."""
    expect_version(assignment, version)
    if assignment.role is not Role.QUALITY_ASSURER:
        raise Invalid({"whole_la": "Only a quality assurer's cohorts can be chosen"})
    if assignment.whole_la == whole_la:
        return assignment
    before = assignment.whole_la
    assignment.whole_la = whole_la
    flush_or_conflict()
    audit.record(la, CoreAction.ASSURER_COHORTS_CHANGED, user, before={"whole_la": before},
                 after={"whole_la": whole_la})
    return assignment


def remove_role(la: LocalAuthority, user: User, assignment: RoleAssignment) -> None:
    audit.record(la, CoreAction.ROLE_REMOVED, user, role=assignment.role, school_id=assignment.school_id)
    user.roles.remove(assignment)
    db.session.flush()


def set_active_in_la(la: LocalAuthority, user: User, active: bool) -> None:
    """Deactivation is per LA: a quality assurer who also works for another LA keeps that work.

    A user left with no active role anywhere is deactivated outright and every session of theirs
    ends (app/auth/sessions.py has the rule; the loader refuses an inactive person in any case).
    """
    for assignment in roles_in_la(user, la):
        assignment.active = active
    if active:
        user.active = True
    elif not user.active_roles():
        user.active = False
        user_sessions.end_all(user)
    db.session.flush()
    audit.record(la, CoreAction.USER_REACTIVATED if active else CoreAction.USER_DEACTIVATED, user)


def count_active_leads(la: LocalAuthority) -> int:
    stmt = select(RoleAssignment.id).where(
        RoleAssignment.la_id == la.id,
        RoleAssignment.role == Role.LA_LEAD,
        RoleAssignment.active.is_(True),
    )
    return len(db.session.scalars(stmt).all())


def list_school_people(la: LocalAuthority, school: School) -> list[tuple[User, RoleAssignment]]:
    stmt = (
        select(User, RoleAssignment)
        .join(RoleAssignment, RoleAssignment.user_id == User.id)
        .where(RoleAssignment.la_id == la.id, RoleAssignment.school_id == school.id)
        .order_by(User.name)
    )
    return [(user, assignment) for user, assignment in db.session.execute(stmt)]
