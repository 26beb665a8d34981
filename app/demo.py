"""The demo: fictional local authorities, schools and people. No real school or person."""

from datetime import timedelta

from app.auth.emails import send_invitation
from app.interfaces import invitations, local_authorities, schools, users
from app.interfaces.schools import SchoolData
from app.models import Phase, Role, SchoolType

DEMO_PASSWORD = "triads-demo-2026"

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
]

# (email, name, role, LA slug or None, school URN or None)
DEMO_ACCOUNTS = [
    ("admin@send-triads.example", "Morgan Avery", Role.PLATFORM_ADMIN, None, None),
    ("lead@northmere.example", "Priya Okafor", Role.LA_LEAD, "northmere", None),
    ("senco@ashgrove.example", "Hannah Birch", Role.SENCO, "northmere", "990101"),
    ("head@ashgrove.example", "Daniel Whitlock", Role.HEADTEACHER, "northmere", "990101"),
    ("senco@castlelane.example", "Tom Ellery", Role.SENCO, "northmere", "990102"),
    ("qa@send-triads.example", "Ruth Adeyemi", Role.QUALITY_ASSURER, "northmere", None),
    ("qa@send-triads.example", "Ruth Adeyemi", Role.QUALITY_ASSURER, "eastbrook", None),
    ("analyst@send-triads.example", "Sam Lindqvist", Role.PROGRAMME_ANALYST, None, None),
    ("lead@eastbrook.example", "Gareth Moss", Role.LA_LEAD, "eastbrook", None),
]


def seed() -> dict[str, int]:
    northmere = local_authorities.create_la("Northmere Borough Council", "northmere", "990")
    eastbrook = local_authorities.create_la("Eastbrook County Council", "eastbrook", "991")
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

    # One invitation still waiting, so the outbox shows what people receive.
    invitation = invitations.create_invitation(
        northmere, "senco@larkrise.example", "Imogen Hale", Role.SENCO, by_urn["990103"],
        accounts["lead@northmere.example"], timedelta(days=7),
    )
    send_invitation(invitation, northmere)
    return {"local_authorities": 2, "schools": len(by_urn), "accounts": len(accounts)}
