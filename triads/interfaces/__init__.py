"""Typed access to triads, meetings and action plans. Other packages use only this package."""

from triads.interfaces import celebrations, overview, plans, visits
from triads.interfaces.common import Invalid
from triads.interfaces.meetings import (
    MeetingDetails,
    get_meeting,
    list_meetings,
    recorded_counts,
    triad_people,
    update_meeting,
)
from triads.interfaces.triads import (
    copy_triads,
    create_triad,
    delete_triad,
    get_triad,
    links_for,
    list_triads,
    triad_names_by_school,
    triad_of_school,
    triads_of_schools,
    update_triad,
)


def register() -> None:
    """Tell the core and the self-evaluation package what they need to know about triads: a
    school's triad partners and coach (self-evaluation access), and which schools are in a triad
    of a cohort (they may not leave the cohort)."""
    from app.interfaces import cohorts
    from selfeval import access

    access.register_triad_lookup(links_for)
    cohorts.register_triad_names(triad_names_by_school)


__all__ = [
    "Invalid", "MeetingDetails", "celebrations", "copy_triads", "create_triad",
    "delete_triad", "get_meeting", "get_triad", "links_for", "list_meetings", "list_triads",
    "recorded_counts",
    "overview", "plans", "register", "triad_names_by_school", "triad_of_school", "triad_people",
    "triads_of_schools", "update_meeting", "update_triad", "visits",
]
