"""The core's own resources in the data feed: the LA's schools and its cohorts with their timetable."""

from app.features import FeedField, FeedPage, FeedRequest, FeedResource, FeedScope
from app.interfaces import feed
from app.models import Milestone, Phase, SchoolType

SCHOOL_ID = FeedField("school_id", "integer", "The school's id in the service; stable.")


def _schools(request: FeedRequest) -> FeedPage:
    schools, total = feed.schools_page(request.la, request.offset, request.limit)
    return FeedPage([{"school_id": s.id, "urn": s.urn, "name": s.name, "phase": s.phase,
                      "school_type": s.school_type} for s in schools], total)


SCHOOLS = FeedResource(
    name="schools",
    scope=FeedScope.LA,
    path="schools",
    summary="The LA's schools",
    description="Every school the local authority has in the service, in id order.",
    fields=(
        SCHOOL_ID,
        FeedField("urn", "string", "The school's unique reference number (6 digits)."),
        FeedField("name", "string", "The school's name."),
        FeedField.coded("phase", Phase, "The school's phase."),
        FeedField.coded("school_type", SchoolType, "The kind of school."),
    ),
    rows=_schools,
)


def _cohorts(request: FeedRequest) -> FeedPage:
    cohorts, total = feed.cohorts_page(request.la, request.offset, request.limit)
    rows = []
    for cohort, schools in cohorts:
        first, last = cohort.bounds
        timetable = cohort.timetable
        rows.append({"cohort_id": cohort.id, "name": cohort.name, "start_year": cohort.start_year,
                     "academic_year": cohort.academic_year, "starts_on": first, "ends_on": last,
                     "schools": schools, **{m.value: timetable[m] for m in Milestone}})
    return FeedPage(rows, total)


COHORTS = FeedResource(
    name="cohorts",
    scope=FeedScope.LA,
    path="cohorts",
    summary="The LA's cohorts and their timetables",
    description=("Each programme year's cohort, oldest first, with the dates of its timetable: the LA "
                 "lead's date where they set one, otherwise the programme's default."),
    fields=(
        FeedField("cohort_id", "integer", "The cohort's id; use it in the cohort's own addresses."),
        FeedField("name", "string", "The cohort's name."),
        FeedField("start_year", "integer", "The calendar year its academic year starts in (2026 for 2026/27)."),
        FeedField("academic_year", "string", "The academic year as schools write it, e.g. 2026/27."),
        FeedField("starts_on", "date", "The first day of the academic year (1 September)."),
        FeedField("ends_on", "date", "The last day of the academic year (31 August)."),
        FeedField("schools", "integer", "How many schools are in the cohort."),
        *(FeedField(m.value, "date", f"Timetable: {m.label}.") for m in Milestone),
    ),
    rows=_cohorts,
)


CORE_RESOURCES = (SCHOOLS, COHORTS)
