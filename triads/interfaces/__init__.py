"""Typed access to triads, meetings and action plans. Other packages use only this package."""

from triads.interfaces import plans
from triads.interfaces.common import Invalid, academic_year_bounds
from triads.interfaces.meetings import (
    MeetingDetails,
    get_meeting,
    list_meetings,
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
    triad_of_school,
    triads_of_schools,
    update_triad,
)


def register() -> None:
    """Tell the self-evaluation package who a school's triad partners and coach are."""
    from selfeval import access

    access.register_triad_lookup(links_for)


__all__ = [
    "Invalid", "MeetingDetails", "academic_year_bounds", "copy_triads", "create_triad",
    "delete_triad", "get_meeting", "get_triad", "links_for", "list_meetings", "list_triads",
    "plans", "register", "triad_of_school", "triad_people", "triads_of_schools", "update_meeting",
    "update_triad",
]
