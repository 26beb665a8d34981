"""The triads package's tables, one module per concern. Importing this package puts every table
on Base.metadata (the migrations environment relies on it)."""

from triads.models.celebrations import Celebration, ImpactStory, TriadContribution
from triads.models.meetings import MEETING_PURPOSES, Meeting, MeetingAttendee
from triads.models.plans import (
    Action,
    ActionPlan,
    PlanTransition,
    Priority,
    PriorityComment,
    ProgressNote,
    SignOffRule,
    SuccessCriterion,
)
from triads.models.triads import Triad, TriadMember
from triads.models.visits import CohortAssurer, QANextStep, QAVisit, QAVisitComment

__all__ = [
    "MEETING_PURPOSES", "Action", "ActionPlan", "Celebration", "CohortAssurer", "ImpactStory", "Meeting",
    "MeetingAttendee", "PlanTransition", "Priority", "PriorityComment", "ProgressNote", "QANextStep",
    "QAVisit", "QAVisitComment", "SignOffRule", "SuccessCriterion", "Triad", "TriadContribution", "TriadMember",
]
