"""What the retention job removes of a finished cohort's triad work once it passes the LA's date
(app.features.register_retention): action plans, meeting records, QA visit reports and the
celebration of learning are deleted whole, with everything under them. The triads themselves (which
schools worked together, which was the coach) hold no personal data and stay."""

from sqlalchemy import delete, func, select

from app.data_protection import DataKind
from app.extensions import db
from app.models import Cohort, LocalAuthority
from triads.models import ActionPlan, Celebration, Meeting, QAVisit, Triad


def cohort_records(la: LocalAuthority, cohort: Cohort, remove: bool) -> dict[DataKind, int]:
    triads = select(Triad.id).where(Triad.la_id == la.id, Triad.cohort_id == cohort.id)
    of_cohort = {
        DataKind.PLANS: (ActionPlan, ActionPlan.cohort_id == cohort.id),
        DataKind.MEETINGS: (Meeting, Meeting.triad_id.in_(triads)),
        DataKind.VISIT_REPORTS: (QAVisit, QAVisit.cohort_id == cohort.id),
        DataKind.CELEBRATIONS: (Celebration, Celebration.cohort_id == cohort.id),
    }
    found = {kind: db.session.scalar(select(func.count(model.id)).where(model.la_id == la.id, where)) or 0
             for kind, (model, where) in of_cohort.items()}
    if remove and any(found.values()):
        # The database's ON DELETE CASCADE takes what hangs under each (priorities, actions,
        # progress notes, attendees, next steps, contributions and stories).
        for model, where in of_cohort.values():
            db.session.execute(delete(model).where(model.la_id == la.id, where),
                               execution_options={"synchronize_session": False})
        db.session.expire_all()
    return found
