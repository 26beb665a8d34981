"""Typed access to triads, meetings and action plans. Other packages use only this package."""

from triads.interfaces import celebrations, overview, plans, visits
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
    links_in,
    list_triads,
    triad_contacts,
    triad_counts,
    triad_names_by_school,
    triad_of_school,
    triad_schools,
    triads_of_schools,
    update_triad,
)


def register() -> None:
    """Tell the core and the self-evaluation package what they need to know about triads: a
    school's triad partners and coach (self-evaluation access), everything the core's cohort
    and home pages ask, and a quality assurer's assigned cohorts (app.features)."""
    from app import features
    from selfeval import access

    access.register_triad_lookup(links_for)
    features.register_triads(features.TriadFeature(
        triad_names_by_school=triad_names_by_school,
        list_triads=list_triads,
        copy_triads=copy_triads,
        triad_counts=triad_counts,
    ))
    # Which cohorts a quality assurer is assigned to: the core's one rule of what they read.
    features.register_assigned_cohorts(visits.assigned_cohort_ids)


__all__ = [
    "MeetingDetails", "celebrations", "copy_triads", "create_triad",
    "delete_triad", "get_meeting", "get_triad", "links_for", "links_in", "list_meetings", "list_triads",
    "recorded_counts",
    "overview", "plans", "register", "triad_contacts", "triad_counts", "triad_names_by_school", "triad_of_school",
    "triad_people",
    "triad_schools",
    "triads_of_schools", "update_meeting", "update_triad", "visits",
]
