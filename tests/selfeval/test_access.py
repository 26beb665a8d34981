"""The rules of who may see and do what with a self-evaluation: pure, asked of role assignments, so
they answer for many self-evaluations at once. No app, no database."""

from dataclasses import dataclass

from app.models import Role
from selfeval import access
from selfeval.access import TriadLinks

OWN, PARTNER, COACH, STRANGER = 1, 2, 3, 4
TRIAD = TriadLinks(partner_school_ids=frozenset({PARTNER, COACH}), coach_school_ids=frozenset({COACH}))


@dataclass(frozen=True)
class Assignment:
    role: Role
    school_id: int | None = None
    active: bool = True


def person(*assignments: Assignment) -> list[Assignment]:
    return list(assignments)


def test_la_staff_read_every_self_evaluation_of_their_cohorts_drafts_included():
    for role in (Role.LA_LEAD, Role.QUALITY_ASSURER):
        assert access.can_view(person(Assignment(role)), STRANGER, False, TriadLinks(), True)
        # Outside the cohorts they read (app/auth/permissions.py cohort_scope): nothing.
        assert not access.can_view(person(Assignment(role)), STRANGER, True, TriadLinks(), False)


def test_a_school_reads_its_own_drafts_and_its_triad_partners_submitted_work_only():
    senco = person(Assignment(Role.SENCO, PARTNER))
    assert access.can_view(senco, PARTNER, False, TriadLinks(), False)
    assert not access.can_view(senco, OWN, False, TRIAD, False)
    assert access.can_view(senco, OWN, True, TRIAD, False)
    assert not access.can_view(senco, STRANGER, True, TriadLinks(), True)


def test_only_the_schools_senco_changes_it_and_only_until_it_is_submitted():
    senco, head = person(Assignment(Role.SENCO, OWN)), person(Assignment(Role.HEADTEACHER, OWN))
    assert access.can_change(senco, OWN, submitted=False)
    assert not access.can_change(senco, OWN, submitted=True)
    assert not access.can_change(head, OWN, submitted=False)
    assert not access.can_change(person(Assignment(Role.SENCO, OWN, active=False)), OWN, submitted=False)
    # The summary's lists feed the action plan, so they stay the SENCO's to confirm after submitting.
    assert access.can_confirm_summary(senco, OWN)


def test_the_schools_a_person_answers_for_come_from_all_their_assignments_at_once():
    sencos_of_two = person(Assignment(Role.SENCO, OWN), Assignment(Role.SENCO, PARTNER),
                           Assignment(Role.HEADTEACHER, STRANGER))
    assert access.schools_answered_for(sencos_of_two) == {OWN, PARTNER}
    waiting = [school for school in (OWN, PARTNER, COACH, STRANGER) if access.can_change(sencos_of_two, school, False)]
    assert waiting == [OWN, PARTNER]


def test_the_coach_school_senco_and_the_lead_comment_on_submitted_work_only():
    coach = person(Assignment(Role.SENCO, COACH))
    partner = person(Assignment(Role.SENCO, PARTNER))
    lead = person(Assignment(Role.LA_LEAD))
    assert access.can_comment(coach, True, TRIAD) and not access.can_comment(coach, False, TRIAD)
    assert not access.can_comment(partner, True, TRIAD)
    assert access.can_comment(lead, True, TriadLinks()) and not access.can_comment(lead, False, TriadLinks())
    assert not access.can_comment(person(Assignment(Role.QUALITY_ASSURER)), True, TRIAD)


def test_only_the_lead_reopens_and_only_what_is_submitted():
    lead = person(Assignment(Role.LA_LEAD))
    assert access.can_reopen(lead, submitted=True)
    assert not access.can_reopen(lead, submitted=False)
    assert not access.can_reopen(person(Assignment(Role.QUALITY_ASSURER)), submitted=True)
