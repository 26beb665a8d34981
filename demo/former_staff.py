"""A SENCO who has left and asked to be erased: Castle Lane's SENCO at the start of this year wrote a
progress note on the school's plan, then moved on. Their notes stay, written by "A former SENCO", and the account
holds no name or e-mail address (see People, then the person, in Northmere)."""

from app.interfaces import cohorts, personal_data, schools, users
from app.models import Role, current_cohort
from triads import interfaces as triads
from triads.types import ActionStatus


def seed(northmere, lead) -> None:
    school = next(s for s in schools.list_schools(northmere) if s.urn == "990102")
    cohort = current_cohort(cohorts.list_cohorts(northmere))
    plan = triads.plans.find_plan(northmere, school.id, cohort.id)
    if plan is None or not plan.priorities or not plan.priorities[0].actions:
        return
    leaver = users.create_user("j.marsh-former@castlelane.example", "Joanna Marsh", None)
    users.grant_role(leaver, Role.SENCO, school=school)
    action = plan.priorities[0].actions[0]
    triads.plans.add_progress_note(northmere, plan, action, action.status or ActionStatus.ON_TRACK,
                                   "Handed over to Tom Ellery with the provision map up to date.", leaver)
    users.set_active_in_la(northmere, leaver, False)
    personal_data.erase(leaver, northmere, lead)
