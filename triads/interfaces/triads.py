"""Triads: creating, changing and copying them, and the links self-evaluation access reads."""

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select
from werkzeug.exceptions import NotFound

from app.extensions import db
from app.interfaces import audit
from app.interfaces.errors import Invalid, expect_version, flush_or_conflict
from app.models import Cohort, LocalAuthority, Role, RoleAssignment, School, User
from selfeval import access as selfeval_access
from triads.models import Meeting, SignOffRule, Triad, TriadMember
from triads.types import TriadsAction

MIN_SCHOOLS, MAX_SCHOOLS = 3, 4
MEETINGS_PER_YEAR = 3


def list_triads(la: LocalAuthority, cohort: Cohort) -> list[Triad]:
    stmt = (select(Triad).where(Triad.la_id == la.id, Triad.cohort_id == cohort.id)
            .order_by(Triad.name))
    return list(db.session.scalars(stmt))


def triad_counts(la: LocalAuthority) -> dict[int, int]:
    """Cohort id -> how many triads it has, for every cohort of the LA, in one grouped query."""
    stmt = select(Triad.cohort_id, func.count()).where(Triad.la_id == la.id).group_by(Triad.cohort_id)
    return {cohort_id: int(n) for cohort_id, n in db.session.execute(stmt)}


def get_triad(la: LocalAuthority, triad_id: int) -> Triad:
    triad = db.session.scalar(select(Triad).where(Triad.id == triad_id, Triad.la_id == la.id))
    if triad is None:
        raise NotFound()
    return triad


def triad_of_school(la_id: int, school_id: int, cohort_id: int) -> Triad | None:
    stmt = (select(Triad).join(TriadMember, TriadMember.triad_id == Triad.id)
            .where(Triad.la_id == la_id, TriadMember.school_id == school_id,
                   TriadMember.cohort_id == cohort_id))
    return db.session.scalar(stmt)


def triads_of_schools(la: LocalAuthority, school_ids: Iterable[int]) -> list[Triad]:
    ids = list(set(school_ids))
    if not ids:
        return []
    stmt = (select(Triad).join(TriadMember, TriadMember.triad_id == Triad.id)
            .where(Triad.la_id == la.id, TriadMember.school_id.in_(ids)).distinct())
    return list(db.session.scalars(stmt))



def triad_schools(la: LocalAuthority, triad: Triad) -> list[School]:
    """The triad's schools in the triad's order, in one query."""
    found = {s.id: s for s in db.session.scalars(
        select(School).where(School.la_id == la.id, School.id.in_(triad.school_ids)))}
    return [found[sid] for sid in triad.school_ids if sid in found]


def triad_names_by_school(cohort: Cohort) -> dict[int, str]:
    """School id -> the name of its triad in this cohort."""
    stmt = (select(TriadMember.school_id, Triad.name).join(Triad, Triad.id == TriadMember.triad_id)
            .where(TriadMember.cohort_id == cohort.id, Triad.la_id == cohort.la_id))
    return {school_id: name for school_id, name in db.session.execute(stmt)}


# The rules between a triad's fields that need no database: the triad form checks them with its
# fields, so that every error shows at once, and _check_triad again before saving.


def school_count_problem(school_ids: list[int]) -> str | None:
    count = len(dict.fromkeys(school_ids))
    if MIN_SCHOOLS <= count <= MAX_SCHOOLS:
        return None
    return f"Select {MIN_SCHOOLS} or {MAX_SCHOOLS} schools for a triad; you selected {count}"


def coach_problem(school_ids: list[int], coach_id: int | None) -> str | None:
    # No coach yet is allowed: the lead's waiting list asks for one until it is chosen.
    if coach_id is not None and coach_id not in school_ids:
        return "The coach school must be one of the triad's schools"
    return None


def _check_triad(la: LocalAuthority, cohort: Cohort, name: str, school_ids: list[int],
                 coach_id: int | None, triad: Triad | None) -> dict[str, str]:
    errors: dict[str, str] = {}
    school_ids = list(dict.fromkeys(school_ids))
    in_cohort = {m.school_id for m in cohort.members}
    if problem := school_count_problem(school_ids):
        errors["schools"] = problem
    elif any(sid not in in_cohort for sid in school_ids):
        errors["schools"] = "Select schools from this cohort"
    else:
        taken = db.session.scalars(
            select(TriadMember).where(TriadMember.cohort_id == cohort.id,
                                      TriadMember.school_id.in_(school_ids))
        ).all()
        clashes = [m for m in taken if triad is None or m.triad_id != triad.id]
        if clashes:
            names = {s.id: s.name for s in db.session.scalars(
                select(School).where(School.id.in_([m.school_id for m in clashes])))}
            errors["schools"] = ("A school can be in only one triad in a cohort: "
                                 + ", ".join(sorted(names.values())) + " already in another triad")
    if problem := coach_problem(school_ids, coach_id):
        errors["coach"] = problem
    duplicate = db.session.scalar(select(Triad.id).where(
        Triad.cohort_id == cohort.id, Triad.name == name,
        Triad.id != (triad.id if triad else -1)))
    if duplicate:
        errors["name"] = "Another triad in this cohort has this name"
    return errors


def create_triad(la: LocalAuthority, cohort: Cohort, name: str, school_ids: list[int],
                 coach_id: int | None) -> Triad:
    errors = _check_triad(la, cohort, name, school_ids, coach_id, None)
    if errors:
        raise Invalid(errors)
    triad = Triad(la_id=la.id, cohort_id=cohort.id, name=name, coach_school_id=coach_id)
    triad.members = [TriadMember(la_id=la.id, cohort_id=cohort.id, school_id=sid)
                     for sid in dict.fromkeys(school_ids)]
    db.session.add(triad)
    db.session.flush()
    for number in range(1, MEETINGS_PER_YEAR + 1):
        db.session.add(Meeting(la_id=la.id, triad_id=triad.id, number=number))
    db.session.flush()
    audit.record(la, TriadsAction.TRIAD_CREATED, triad, name=name, schools=list(school_ids), coach=coach_id)
    return triad


def update_triad(la: LocalAuthority, cohort: Cohort, triad: Triad, name: str,
                 school_ids: list[int], coach_id: int | None, version: int | None) -> Triad:
    expect_version(triad, version)
    errors = _check_triad(la, cohort, name, school_ids, coach_id, triad)
    if errors:
        raise Invalid(errors)
    before = {"name": triad.name, "schools": triad.school_ids, "coach": triad.coach_school_id}
    wanted = list(dict.fromkeys(school_ids))
    triad.members = [m for m in triad.members if m.school_id in wanted]
    have = set(triad.school_ids)
    db.session.flush()  # removals first, so a school moved back in does not clash with itself
    triad.members.extend(TriadMember(la_id=la.id, cohort_id=cohort.id, school_id=sid)
                         for sid in wanted if sid not in have)
    triad.name, triad.coach_school_id = name, coach_id
    # The triad row is written even for a change of members alone (expect_version touches it),
    # so a second person's stale form cannot overwrite it unnoticed.
    flush_or_conflict()
    audit.record(la, TriadsAction.TRIAD_UPDATED, triad, before=before,
                 after={"name": name, "schools": wanted, "coach": coach_id})
    return triad


def delete_triad(la: LocalAuthority, triad: Triad) -> None:
    audit.record(la, TriadsAction.TRIAD_DELETED, triad, name=triad.name, schools=triad.school_ids)
    for meeting in db.session.scalars(select(Meeting).where(Meeting.triad_id == triad.id)):
        db.session.delete(meeting)
    db.session.delete(triad)
    db.session.flush()


def copy_triads(la: LocalAuthority, source: Cohort, target: Cohort) -> list[Triad]:
    """Keep last year's triads (every triad whose schools are all in the new cohort) and last
    year's choice of who signs off a plan."""
    _copy_sign_off_rule(la, source, target)
    target_schools = {m.school_id for m in target.members}
    copied = []
    for triad in list_triads(la, source):
        if set(triad.school_ids) <= target_schools and not _check_triad(
                la, target, triad.name, triad.school_ids, triad.coach_school_id, None):
            copied.append(create_triad(la, target, triad.name, triad.school_ids,
                                       triad.coach_school_id))
    return copied


def _copy_sign_off_rule(la: LocalAuthority, source: Cohort, target: Cohort) -> None:
    rules = {rule.cohort_id: rule for rule in db.session.scalars(
        select(SignOffRule).where(SignOffRule.la_id == la.id,
                                  SignOffRule.cohort_id.in_([source.id, target.id])))}
    if source.id in rules and target.id not in rules:
        db.session.add(SignOffRule(la_id=la.id, cohort_id=target.id, rule=rules[source.id].rule))


def links_for(school_id: int, cohort_id: int) -> selfeval_access.TriadLinks:
    """Partner and coach schools, for self-evaluation access rules."""
    triad = db.session.scalar(
        select(Triad).join(TriadMember, TriadMember.triad_id == Triad.id)
        .where(TriadMember.school_id == school_id, TriadMember.cohort_id == cohort_id))
    return links_in(triad, school_id)


def links_in(triad: Triad | None, school_id: int) -> selfeval_access.TriadLinks:
    """The same links, from a triad already loaded: no query."""
    if triad is None:
        return selfeval_access.TriadLinks()
    partners = frozenset(sid for sid in triad.school_ids if sid != school_id)
    coach = frozenset({triad.coach_school_id} - {school_id, None})
    return selfeval_access.TriadLinks(partners, coach)


@dataclass(frozen=True)
class Contact:
    """One person at one of a triad's schools, with their roles there."""

    school: School
    name: str
    email: str
    roles: tuple[Role, ...]


def triad_contacts(la: LocalAuthority, triad: Triad) -> list[Contact]:
    """The active SENCOs and headteachers of the triad's schools, by school then name, in one query.
    Who may see the e-mail addresses is triads.access.sees_contacts."""
    stmt = (select(School, User, RoleAssignment.role)
            .join(RoleAssignment, RoleAssignment.school_id == School.id)
            .join(User, User.id == RoleAssignment.user_id)
            .where(RoleAssignment.la_id == la.id, School.la_id == la.id,
                   RoleAssignment.school_id.in_(triad.school_ids), RoleAssignment.active.is_(True),
                   User.active.is_(True), RoleAssignment.role.in_([Role.SENCO, Role.HEADTEACHER]))
            .order_by(School.name, User.name, User.id))
    found: dict[tuple[int, int], tuple[School, User, list[Role]]] = {}
    for school, user, role in db.session.execute(stmt):
        found.setdefault((school.id, user.id), (school, user, []))[2].append(role)
    order = [Role.SENCO, Role.HEADTEACHER]
    return [Contact(school, user.name, user.email, tuple(sorted(roles, key=order.index)))
            for school, user, roles in found.values()]
