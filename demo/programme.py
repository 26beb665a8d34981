"""The demo: fictional local authorities, schools and people. No real school or person."""

import time
from datetime import timedelta
from random import Random

from app import one_time_codes
from app.auth.emails import send_invitation
from app.db import utcnow
from app.interfaces import cohorts, invitations, local_authorities, notifications, schools, two_step, users
from app.interfaces.schools import SchoolData
from app.models import Milestone, Phase, Role, SchoolType, current_academic_year
from demo import data_protection as data_protection_demo
from demo import former_staff
from demo import network as network_demo
from selfeval.interfaces import network_summary

DEMO_PASSWORD = "triads-demo-2026"
# The platform administrator always signs in with two steps. This demo secret is printed in the
# README so that anyone trying the demo can add it to an authenticator app; never use it elsewhere.
DEMO_ADMIN_TOTP_SECRET = "SENDTRIADSDEMOADMINSECRETKEY2345"

NORTHMERE_SCHOOLS = [
    # Listed in the four triads they will form; the first of each three is the coach school.
    ("990101", "Ashgrove Primary School", Phase.PRIMARY, SchoolType.COMMUNITY),
    ("990102", "Castle Lane Primary School", Phase.PRIMARY, SchoolType.COMMUNITY),
    ("990103", "Larkrise Nursery School", Phase.NURSERY, SchoolType.COMMUNITY),
    ("990104", "Beacon Hill Academy", Phase.SECONDARY, SchoolType.ACADEMY),
    ("990105", "Harbour View High School", Phase.SECONDARY, SchoolType.FOUNDATION),
    ("990106", "Northmere Sixth Form Centre", Phase.POST_16, SchoolType.ACADEMY),
    ("990107", "Elmfield Special School", Phase.SPECIAL, SchoolType.SPECIAL_SCHOOL),
    ("990108", "Northmere Learning Centre", Phase.ALTERNATIVE_PROVISION, SchoolType.PUPIL_REFERRAL_UNIT),
    ("990109", "Kingsmead All-Through School", Phase.ALL_THROUGH, SchoolType.ACADEMY),
    ("990110", "Fernbank Church of England Primary School", Phase.PRIMARY, SchoolType.VOLUNTARY_AIDED),
    ("990111", "Millstream Primary Academy", Phase.PRIMARY, SchoolType.ACADEMY),
    ("990112", "St Brigid's Catholic Primary School", Phase.PRIMARY, SchoolType.VOLUNTARY_CONTROLLED),
]
EASTBROOK_SCHOOLS = [
    ("991201", "Eastbrook Meadow Primary School", Phase.PRIMARY, SchoolType.COMMUNITY),
    ("991202", "Hollins Park School", Phase.SECONDARY, SchoolType.ACADEMY),
    ("991203", "Willowbank Special School", Phase.SPECIAL, SchoolType.SPECIAL_SCHOOL),
    # Grouped, but their heads have not yet agreed which school coaches: the lead is asked to choose.
    ("991204", "Foxley Green Primary School", Phase.PRIMARY, SchoolType.VOLUNTARY_AIDED),
    ("991205", "Brackenfield Academy", Phase.SECONDARY, SchoolType.ACADEMY),
    ("991206", "St Aldhelm's CE Primary School", Phase.PRIMARY, SchoolType.VOLUNTARY_CONTROLLED),
]

# (email, name, role, LA slug or None, school URN or None)
DEMO_ACCOUNTS = [
    ("admin@send-triads.example", "Morgan Avery", Role.PLATFORM_ADMIN, None, None),
    ("lead@northmere.example", "Priya Okafor", Role.LA_LEAD, "northmere", None),
    ("senco@ashgrove.example", "Hannah Birch", Role.SENCO, "northmere", "990101"),
    ("head@ashgrove.example", "Daniel Whitlock", Role.HEADTEACHER, "northmere", "990101"),
    # Ashgrove's deputy head reads the school's self-evaluation and plan; only the SENCO and head act.
    ("deputy@ashgrove.example", "Leah Marsh", Role.STAFF, "northmere", "990101"),
    # Kingsmead's plan has been reviewed by its coach and waits for its head to sign it off.
    ("head@kingsmead.example", "Aisha Karim", Role.HEADTEACHER, "northmere", "990109"),
    ("senco@castlelane.example", "Tom Ellery", Role.SENCO, "northmere", "990102"),
    ("qa@send-triads.example", "Ruth Adeyemi", Role.QUALITY_ASSURER, "northmere", None),
    ("qa@send-triads.example", "Ruth Adeyemi", Role.QUALITY_ASSURER, "eastbrook", None),
    ("analyst@send-triads.example", "Sam Lindqvist", Role.PROGRAMME_ANALYST, None, None),
    ("lead@eastbrook.example", "Gareth Moss", Role.LA_LEAD, "eastbrook", None),
]


def seed() -> dict[str, int]:
    northmere = local_authorities.create_la("Northmere Borough Council", "northmere", "990")
    eastbrook = local_authorities.create_la("Eastbrook County Council", "eastbrook", "991")
    # Northmere shares its figures with the network, anonymised; Eastbrook has not chosen to.
    local_authorities.set_benchmark_sharing(northmere, True, northmere.version)
    data_protection_demo.seed(northmere)
    las = {"northmere": northmere, "eastbrook": eastbrook}
    by_urn = {}
    for la, rows in ((northmere, NORTHMERE_SCHOOLS), (eastbrook, EASTBROOK_SCHOOLS)):
        created = schools.import_schools(la, [SchoolData(*row) for row in rows])
        by_urn.update({school.urn: school for school in created})

    accounts = {}
    for email, name, role, la_slug, urn in DEMO_ACCOUNTS:
        user = accounts.get(email) or users.create_user(email, name, DEMO_PASSWORD)
        accounts[email] = user
        users.grant_role(user, role, la=las.get(la_slug), school=by_urn.get(urn))
    _admin_two_step(accounts["admin@send-triads.example"])

    cohort_counts = _seed_programme(northmere, eastbrook, by_urn, accounts)
    # Two more LAs share, so the network's figures each have three LAs behind them.
    network_evaluations = network_demo.seed(current_academic_year())
    former_staff.seed(northmere, accounts["lead@northmere.example"])
    network_summary.rebuild()  # every seeded self-evaluation counted, however it was made
    # The histories happened on earlier days: today's first digest should hold only reminders.
    notifications.forget_queued()

    # One invitation still waiting, so the outbox shows what people receive.
    invitation = invitations.create_invitation(
        northmere, "head@larkrise.example", "Imogen Hale", Role.HEADTEACHER, by_urn["990103"],
        accounts["lead@northmere.example"], timedelta(days=7),
    )
    send_invitation(invitation, northmere)
    return {"local_authorities": 2 + len(network_demo.SHARING_LAS),
            "schools": len(by_urn) + sum(len(rows) for rows in network_demo.SHARING_LAS.values()),
            "accounts": len(accounts), **cohort_counts,
            "cohorts": cohort_counts["cohorts"] + 2 * len(network_demo.SHARING_LAS),
            "self_evaluations": cohort_counts["self_evaluations"] + network_evaluations}


def _admin_two_step(admin) -> None:
    """Set up as if with the code of the step before now, so no code a person (or a test) reads
    from an app in the next minute has been used already. The recovery codes are not kept."""
    two_step.start_setup(admin, DEMO_ADMIN_TOTP_SECRET)
    two_step.confirm_setup(admin, one_time_codes.code_for(DEMO_ADMIN_TOTP_SECRET, time.time() - 30))


# This year's state of each Northmere school's self-evaluation.
THIS_YEAR = {
    "990101": "in-progress", "990102": "submitted", "990103": "not-started",
    "990104": "submitted", "990105": "in-progress", "990106": "not-started",
    "990107": "submitted", "990108": "in-progress", "990109": "submitted",
    "990110": "submitted", "990111": "complete", "990112": "not-started",
}


def _seed_programme(northmere, eastbrook, by_urn, accounts) -> dict[str, int]:
    """Cohorts for last year and this year, and self-evaluations in every state."""
    from demo import celebrations as celebration_demo
    from demo import plans as triads_demo
    from demo import self_evaluations as selfeval_demo
    from demo import visits as visit_demo
    from selfeval import interfaces as selfeval

    selfeval.load_bundled_frameworks()
    year = current_academic_year()
    northmere_schools = [by_urn[row[0]] for row in NORTHMERE_SCHOOLS]
    previous = cohorts.create_cohort(northmere, year - 1, northmere_schools)
    current = cohorts.create_cohort(northmere, year, northmere_schools)
    sencos = _school_sencos(northmere_schools, accounts)
    counts = selfeval_demo.seed(northmere, previous, current,
                                {s.id: s for s in northmere_schools}, sencos, THIS_YEAR)
    ashgrove = selfeval.find_self_evaluation(northmere, by_urn["990101"].id, current.id)
    voices = selfeval_demo.seed_voices(northmere, ashgrove, "Daniel Whitlock",
                                       accounts["senco@ashgrove.example"])

    _timetable(northmere, current)
    triad_counts = triads_demo.seed(northmere, previous, current, by_urn, sencos)
    triad_counts |= visit_demo.seed(northmere, current, previous, by_urn, sencos,
                                    accounts["qa@send-triads.example"])
    triad_counts |= celebration_demo.seed(northmere, previous, current, by_urn,
                                          accounts["lead@northmere.example"])

    eastbrook_schools = [by_urn[row[0]] for row in EASTBROOK_SCHOOLS]
    east = cohorts.create_cohort(eastbrook, year, eastbrook_schools)
    east_eval = selfeval.start(eastbrook, eastbrook_schools[0], east, None)
    selfeval_demo.answer_areas(eastbrook, east_eval, eastbrook_schools[0].urn, Random(3), areas=8)
    selfeval_demo.submit(eastbrook, east_eval, None)
    triads_demo.group_without_coach(eastbrook, east, "Eastbrook North",
                                    [by_urn[urn] for urn in ("991204", "991205", "991206")])
    # Eastbrook's lead lets the quality assurer read every Eastbrook cohort, rather than assigning
    # them cohort by cohort as Northmere does: the demo shows both ways.
    assurer = accounts["qa@send-triads.example"]
    role = next(r for r in users.roles_in_la(assurer, eastbrook) if r.role is Role.QUALITY_ASSURER)
    users.set_assurer_whole_la(eastbrook, assurer, role, True, role.version)
    return {"cohorts": 3, "self_evaluations": counts["previous year"] + counts["this year"] + 1,
            "other_voices": voices, **triad_counts}


def _timetable(la, cohort) -> None:
    """This year's timetable, dated from today: the lead has brought the self-evaluation deadline
    forward three days (to a week ago at the latest, so the schools not yet submitted are overdue)
    and set the next step after that ten days from now (due soon: in December, the plans'
    sign-off); every other date is the programme's default."""
    today = utcnow().date()
    first, last = cohort.bounds
    dates = dict(cohort.timetable.dates)
    launch = dates[Milestone.LAUNCH]
    due = min(dates[Milestone.SELF_EVALUATION_DUE] - timedelta(days=3), today - timedelta(days=7))
    dates[Milestone.SELF_EVALUATION_DUE] = min(max(due, launch + timedelta(days=1)), last)
    soon = today + timedelta(days=10)
    upcoming = [m for m, day in sorted(dates.items(), key=lambda item: item[1])
                if day > soon and m not in (Milestone.QA_VISITS_FROM, Milestone.QA_VISITS_TO)]
    if upcoming and first <= soon <= last:
        dates[upcoming[0]] = soon
    cohorts.set_timetable(la, cohort, dates, cohort.version)


# SENCOs for the schools whose SENCO is not in DEMO_ACCOUNTS: fictional names, shared password.
OTHER_SENCOS = {
    "990103": ("senco@larkrise.example", "Imran Shah"),
    "990104": ("senco@beaconhill.example", "Grace Whitfield"),
    "990105": ("senco@harbourview.example", "Owen Pryce"),
    "990106": ("senco@northmere-sixth-form.example", "Leah Novak"),
    "990107": ("senco@elmfield.example", "Martha Quinn"),
    "990108": ("senco@northmere-learning.example", "Dev Mistry"),
    "990109": ("senco@kingsmead.example", "Sophie Kerr"),
    "990110": ("senco@fernbank.example", "Ben Ashworth"),
    "990111": ("senco@millstream.example", "Chloe Darby"),
    "990112": ("senco@stbrigids.example", "Niamh Byrne"),
}


def _school_sencos(schools_in_cohort, accounts) -> dict:
    sencos = {"990101": accounts["senco@ashgrove.example"],
              "990102": accounts["senco@castlelane.example"]}
    for school in schools_in_cohort:
        if school.urn in sencos:
            continue
        email, name = OTHER_SENCOS[school.urn]
        user = users.create_user(email, name, DEMO_PASSWORD)
        users.grant_role(user, Role.SENCO, school=school)
        sencos[school.urn] = user
    return sencos
