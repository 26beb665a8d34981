"""What the self-evaluation asks of each person today (app.features.register_tasks): the SENCO's
self-evaluation to start, areas to confirm or complete and the self-evaluation to submit; the LA
lead's schools that have not submitted by the timetable's date.

Only the cohort running today counts, and every date and "overdue" comes from its timetable. Who
is asked is decided by the same rules as the pages (selfeval.access), asked once for all the
cohort's schools; the data is two or three queries whatever the cohort's size.
"""

from collections.abc import Sequence
from datetime import date

from flask import url_for

from app.auth.permissions import holds
from app.features import Task
from app.interfaces import cohorts
from app.models import DueState, LocalAuthority, Milestone, RoleAssignment, User, academic_year_of
from selfeval import access
from selfeval.interfaces import tasks as data

# Kinds, stable: reminders remember what they have sent by the task's key, which starts with them.
START = "selfeval.start"
CONFIRM_AREAS = "selfeval.confirm_areas"
SUBMIT = "selfeval.submit"
NOT_SUBMITTED = "selfeval.not_submitted"  # the LA lead's: schools behind the timetable


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def waiting(la: LocalAuthority, person: User, assignments: Sequence[RoleAssignment], today: date) -> list[Task]:
    mine = [a for a in assignments if a.active and a.la_id == la.id]
    answered = access.schools_answered_for(mine)
    leads = holds(mine, access.LEAD)
    if not answered and not leads:
        return []
    cohort = cohorts.cohort_for_year(la, academic_year_of(today))  # the cohort running today
    if cohort is None:
        return []
    due = cohort.timetable[Milestone.SELF_EVALUATION_DUE]
    names = {school_id: school.name for school_id, school in cohorts.school_names(la, cohort).items()}
    tasks = []

    own = sorted(answered & set(names))
    states = data.evaluation_progress(la, cohort, own) if own else {}
    for school_id in own:
        state = states.get(school_id)
        thing = f"school-{school_id}:cohort-{cohort.id}"
        name = names[school_id]
        if state is None:
            tasks.append(Task(
                START, f"{START}:{thing}", f"Start {name}'s self-evaluation for {cohort.academic_year}",
                url_for("selfeval.school_index", la_slug=la.slug, school_id=school_id), la.id, due,
                cohort.timetable.state(Milestone.SELF_EVALUATION_DUE, False, today), school_id))
        elif access.can_change(mine, school_id, state.submitted):
            href = url_for("selfeval.task_list", la_slug=la.slug, self_evaluation_id=state.evaluation_id)
            kind, title = (
                (CONFIRM_AREAS, f"Confirm or complete {_plural(state.areas_to_confirm, 'area')} of "
                                f"{name}'s self-evaluation")
                if state.areas_to_confirm else (SUBMIT, f"Submit {name}'s self-evaluation"))
            tasks.append(Task(kind, f"{kind}:{thing}", title, href, la.id, due,
                              cohort.timetable.state(Milestone.SELF_EVALUATION_DUE, False, today), school_id))

    if leads:
        behind = sorted(set(names) - data.submitted_school_ids(la, cohort))
        state = cohort.timetable.state(Milestone.SELF_EVALUATION_DUE, not behind, today)
        if state in (DueState.OVERDUE, DueState.DUE_SOON):
            tasks.append(Task(
                NOT_SUBMITTED, f"{NOT_SUBMITTED}:cohort-{cohort.id}",
                f"{_plural(len(behind), 'school')} of {cohort.name} "
                f"{'has' if len(behind) == 1 else 'have'} not submitted a self-evaluation",
                url_for("selfeval.overview", la_slug=la.slug, cohort_id=cohort.id, evaluation="NOT_SUBMITTED"),
                la.id, due, state))
    return tasks
