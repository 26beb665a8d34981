"""Loads a self-evaluation for a request with everything its pages need, checking access once."""

from dataclasses import dataclass

from flask import abort
from flask_login import current_user

from app.interfaces import cohorts, schools
from app.models import Cohort, School
from app.tenancy import current_la, la_roles
from selfeval import access, interfaces
from selfeval import framework as fw
from selfeval.models import AreaStatus, SelfEvaluation


@dataclass
class EvaluationContext:
    evaluation: SelfEvaluation
    school: School
    cohort: Cohort
    framework: fw.Framework
    variant: fw.Variant
    links: access.TriadLinks
    can_edit: bool
    can_comment: bool
    can_reopen: bool

    @property
    def scale(self) -> fw.Scale:
        return self.framework.scale

    def area(self, area_id: str) -> fw.Area:
        for area in self.variant.areas:
            if area.id == area_id:
                return area
        abort(404)

    def statuses(self) -> list[tuple[fw.Area, AreaStatus]]:
        return [(a, interfaces.area_status(self.evaluation, a.id)) for a in self.variant.areas]


def load(self_evaluation_id: int) -> EvaluationContext:
    evaluation = interfaces.get_self_evaluation(current_la, self_evaluation_id)
    school = schools.get_school(current_la, evaluation.school_id)
    cohort = cohorts.get_cohort(current_la, evaluation.cohort_id)
    links = access.triad_links(school.id, cohort.id)
    roles = la_roles()
    if not access.can_view(roles, school.id, evaluation.submitted, links):
        abort(403)
    framework = interfaces.framework_of(evaluation.framework_version)
    return EvaluationContext(
        evaluation=evaluation,
        school=school,
        cohort=cohort,
        framework=framework,
        variant=framework.variant(evaluation.variant_id),
        links=links,
        can_edit=access.can_edit(roles, school.id) and not evaluation.submitted,
        can_comment=access.can_comment(roles, evaluation.submitted, links)
        and current_user.is_authenticated,
        can_reopen=access.can_reopen(roles) and evaluation.submitted,
    )
