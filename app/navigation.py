"""The top menu: each role's jobs, and which of them the page being shown belongs to.

A menu item names a section of the service and the endpoints that belong to it: an endpoint
("admin.people") or a whole blueprint ("visits."). The section of a page is decided here, from the
request's endpoint, never by the page's template. The same endpoint may belong to a different item
for different people: a school's self-evaluation is under "Cohorts" for the LA lead and under
"Self-evaluation" for the school's SENCO. The core imports no feature package, so the features'
pages are named by endpoint only, and an item whose endpoint is not registered is left out.
"""

from collections import OrderedDict
from dataclasses import dataclass

from flask import current_app, g, request, url_for
from flask_login import current_user

from app.auth.permissions import SCHOOL_READERS, SCHOOL_STAFF
from app.models import LocalAuthority, Role, RoleAssignment, School


@dataclass(frozen=True)
class Section:
    text: str
    endpoint: str  # where the item leads
    claims: tuple[str, ...]  # the endpoints, or blueprints ("visits."), whose pages are in it

    def claim(self, endpoint: str) -> int:
        """How closely this section claims the endpoint: 2 by name, 1 by its blueprint, 0 not."""
        if endpoint in self.claims:
            return 2
        return 1 if any(c.endswith(".") and endpoint.startswith(c) for c in self.claims) else 0


HOME = Section("Home", "home.index", ("home.index", "home.la_home"))
ACCOUNT = Section("Your account", "auth.account",
                  ("auth.account", "auth.change_password", "auth.email_preferences"))

# The LA lead's and quality assurer's: a school's self-evaluation, plan, triad and meetings are
# reached from the cohort's pages, so they are in "Cohorts".
COHORTS = Section("Cohorts", "admin.cohorts", (
    "admin.cohorts", "admin.cohort", "admin.new_cohort", "admin.edit_cohort", "admin.copy_cohort",
    "admin.timetable", "triads.", "plans.", "selfeval.",
))
SCHOOLS = Section("Schools", "admin.schools", (
    "admin.schools", "admin.school", "admin.new_school", "admin.edit_school", "admin.delete_school",
    "admin.import_schools", "admin.confirm_school_import", "admin.export_schools",
    "admin.school_import_template",
))
PEOPLE = Section("People", "admin.people", (
    "admin.people", "admin.person", "admin.invite", "admin.import_people",
    "admin.people_import_template", "admin.add_role", "admin.edit_role", "admin.remove_role",
    "admin.deactivate", "admin.reactivate", "admin.resend_invitation", "admin.revoke_invitation",
))
DASHBOARDS = Section("Dashboards", "dashboards.index", ("dashboards.",))
VISITS = Section("QA visits", "visits.index", ("visits.",))
CELEBRATIONS = Section("Celebrations", "celebrations.index", ("celebrations.",))
ACTIVITY = Section("Activity", "admin.activity", ("admin.activity",))

# A school's SENCO, headteacher or other staff: their own school's work. A triad's part of the
# celebration is written from the triad's page, so it is in "Triad".
SELF_EVALUATION = Section("Self-evaluation", "selfeval.school_index", ("selfeval.",))
ACTION_PLAN = Section("Action plan", "plans.school", ("plans.",))
TRIAD = Section("Triad", "triads.school_triads", ("triads.", "celebrations."))

NETWORK = Section("Network benchmarks", "network.index", (
    "network.index", "network.export_csv", "network.export_xlsx", "admin.network_api_tokens",
    "admin.network_api_token_created", "admin.revoke_network_api_token",
))
STATEMENTS = Section("Statements", "network.statements", ("network.statements", "network.export_statements_csv"))
LOCAL_AUTHORITIES = Section("Local authorities", "admin.las", ("admin.las", "admin.new_la", "admin.edit_la"))
OUTBOX = Section("Outbox", "admin.outbox", ("admin.outbox", "admin.outbox_message"))

LEAD_MENU = (COHORTS, SCHOOLS, PEOPLE, DASHBOARDS, VISITS, CELEBRATIONS, ACTIVITY)
ASSURER_MENU = (VISITS, COHORTS, DASHBOARDS, CELEBRATIONS)


@dataclass(frozen=True)
class Item:
    section: Section
    href: str
    text: str


def _school_items(la: LocalAuthority, assignments: list[RoleAssignment]) -> list[Item | None]:
    """Their school's self-evaluation, plan and triad, and QA visits for those who may read them.
    Named after the school only for someone who works for more than one."""
    schools: dict[int, School] = {}
    items: list[Item | None] = []
    for a in sorted(assignments, key=lambda a: a.school.name if a.school else ""):
        if a.role in SCHOOL_READERS and a.school is not None:
            schools.setdefault(a.school.id, a.school)
    for school in schools.values():
        suffix = f": {school.name}" if len(schools) > 1 else ""
        items += [_item(s, s.text + suffix, la_slug=la.slug, school_id=school.id)
                  for s in (SELF_EVALUATION, ACTION_PLAN, TRIAD)]
    if any(a.role in SCHOOL_STAFF for a in assignments):
        items.append(_item(VISITS, la_slug=la.slug))
    return items


def _item(section: Section, text: str | None = None, **values) -> Item | None:
    if section.endpoint not in current_app.view_functions:
        return None  # a feature not registered in this app
    return Item(section, url_for(section.endpoint, **values), text or section.text)


def _la_items(la: LocalAuthority, assignments: list[RoleAssignment]) -> list[Item | None]:
    roles = {a.role for a in assignments}
    if Role.LA_LEAD in roles:
        menu = LEAD_MENU
    elif Role.QUALITY_ASSURER in roles:
        menu = ASSURER_MENU
    else:
        menu = ()
    items = [_item(s, la_slug=la.slug) for s in menu]
    if not menu:
        items = _school_items(la, assignments)
    return items


def _the_la() -> tuple[LocalAuthority | None, list[RoleAssignment]]:
    """The LA of the request; else, for someone who works in only one LA, that one."""
    if g.get("current_la") is not None:
        return g.current_la, list(g.get("la_roles", []))
    in_las = [a for a in current_user.active_roles() if a.la_id is not None]
    if len({a.la_id for a in in_las}) == 1:
        return in_las[0].la, in_las
    return None, []


def current_section(items: list[Item], endpoint: str | None) -> Item | None:
    """The item whose section claims the endpoint most closely; the first of equals."""
    if not endpoint:
        return None
    best, score = None, 0
    for item in items:
        claim = item.section.claim(endpoint)
        if claim > score:
            best, score = item, claim
    return best


MENUS_KEPT = 4096  # distinct (roles, LA of the page) pairs


def menu_items() -> list[Item]:
    """The signed-in person's menu, in order. Made once for each set of roles and LA of the page,
    and kept: it is the same for everyone holding the same roles, and was 14 url_for calls."""
    if not current_user.is_authenticated:
        return []
    la = g.get("current_la")
    key = (request.script_root, la.id if la is not None else None, tuple(current_user.active_roles()))
    kept = current_app.extensions.setdefault("menus", OrderedDict())
    items = kept.get(key)
    if items is None:
        items = kept[key] = _menu()
        if len(kept) > MENUS_KEPT:
            kept.popitem(last=False)
    return items


def _menu() -> list[Item]:
    items = [_item(HOME)]
    la, assignments = _the_la()
    if la is not None:
        items += _la_items(la, assignments)
    if current_user.has_global_role(Role.PROGRAMME_ANALYST):
        items += [_item(s) for s in (NETWORK, STATEMENTS)]
    if current_user.has_global_role(Role.PLATFORM_ADMIN):
        items += [_item(s) for s in (LOCAL_AUTHORITIES, OUTBOX)]
    items.append(_item(ACCOUNT))
    return [i for i in items if i is not None]


def navigation() -> list[dict]:
    """The menu as GOV.UK service navigation items: the section of the page shown is active, and
    marked as the current page when it is the item's own page."""
    items = menu_items()
    here = current_section(items, request.endpoint)
    return [{"href": i.href, "text": i.text, "active": i is here and i.href != request.path,
             "current": i is here and i.href == request.path} for i in items]
