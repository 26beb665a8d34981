"""The celebration of learning: a cohort's end-of-year event, each triad's contribution and impact
stories, and the report built from the year's records (plans' year-end reviews, QA findings,
triad meetings) that the LA lead publishes and may withdraw to change."""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from werkzeug.exceptions import NotFound

from app.db import utcnow
from app.extensions import db
from app.interfaces import audit
from app.interfaces.errors import Invalid, expect_version, flush_or_conflict
from app.models import Cohort, LocalAuthority, School, User
from selfeval import interfaces as selfeval
from triads.interfaces import arrangements, meetings, plans, visits
from triads.interfaces.triads import list_triads
from triads.models import Celebration, ImpactStory, Triad, TriadContribution
from triads.types import (
    CelebrationFormat,
    CelebrationStatus,
    ChangeKind,
    CriterionOutcome,
    PlanStatus,
    Rigour,
    TriadsAction,
    VisitStatus,
)

MAX_STORIES = 10
MEETINGS_PER_TRIAD = 3
PUBLISHED = ("The report is published. Withdraw it before you change anything")


def area_titles(la: LocalAuthority) -> dict[str, str]:
    """The eight areas of the LA's current framework, in order: id -> "2. Leadership of SEND"."""
    version = selfeval.current_framework(la)
    if version is None:
        return {}
    return {a.id: f"{a.number}. {a.title}" for a in selfeval.framework_of(version).default_variant.areas}


# --- the celebration --------------------------------------------------------------------------


def find_celebration(la: LocalAuthority, cohort: Cohort) -> Celebration | None:
    return db.session.scalar(select(Celebration).where(
        Celebration.la_id == la.id, Celebration.cohort_id == cohort.id))


def celebrations_by_cohort(la: LocalAuthority) -> dict[int, Celebration]:
    return {c.cohort_id: c for c in db.session.scalars(select(Celebration).where(Celebration.la_id == la.id))}


def _editable(celebration: Celebration) -> None:
    if celebration.published:
        raise Invalid({"celebration": PUBLISHED})


@dataclass(frozen=True)
class EventDetails:
    held_on: date | None
    format: CelebrationFormat | None
    venue: str


def save_event(la: LocalAuthority, cohort: Cohort, celebration: Celebration | None,
               details: EventDetails, version: int | None) -> Celebration:
    """Set up the cohort's celebration, or change its date, format and venue."""
    if celebration is not None:
        _editable(celebration)
        expect_version(celebration, version)
    errors: dict[str, str] = {}
    if details.held_on is None:
        errors["held_on"] = "Enter the date of the celebration"
    errors.update(arrangements.in_year(cohort, details.held_on, "held_on", "The date of the celebration"))
    if details.format is None:
        errors["format"] = "Choose whether the celebration is in person or online"
    if errors:
        raise Invalid(errors)
    created = celebration is None
    if celebration is None:
        celebration = Celebration(la_id=la.id, cohort_id=cohort.id, status=CelebrationStatus.DRAFT)
        db.session.add(celebration)
    celebration.held_on = details.held_on
    celebration.format = details.format
    celebration.venue = details.venue
    flush_or_conflict()
    audit.record(la, TriadsAction.CELEBRATION_EVENT_SAVED, celebration, created=created,
                 held_on=details.held_on.isoformat(), format=details.format)
    return celebration


def save_summary(la: LocalAuthority, celebration: Celebration, summary: str, version: int | None) -> None:
    _editable(celebration)
    expect_version(celebration, version)
    celebration.summary = summary
    flush_or_conflict()
    audit.record(la, TriadsAction.CELEBRATION_SUMMARY_SAVED, celebration)


def publish(la: LocalAuthority, celebration: Celebration, user: User | None, version: int | None) -> None:
    """Share the report with every school in the cohort and its quality assurers."""
    if celebration.published:
        raise Invalid({"celebration": "The report is already published"})
    expect_version(celebration, version)
    if not celebration.summary.strip():
        raise Invalid({"celebration": "Write the introduction before you publish the report"})
    celebration.status = CelebrationStatus.PUBLISHED
    celebration.published_at = utcnow()
    celebration.published_by_id = user.id if user is not None else None
    flush_or_conflict()
    audit.record(la, TriadsAction.CELEBRATION_PUBLISHED, celebration)


def withdraw(la: LocalAuthority, celebration: Celebration, reason: str, version: int | None) -> None:
    """Take the report back to a draft, so it can be changed; schools see only their own part."""
    if not celebration.published:
        raise Invalid({"celebration": "Only a published report can be withdrawn"})
    expect_version(celebration, version)
    if not reason.strip():
        raise Invalid({"reason": "Enter why you are withdrawing the report"})
    celebration.status = CelebrationStatus.DRAFT
    celebration.published_at = None
    celebration.published_by_id = None
    celebration.withdrawn_at = utcnow()
    celebration.withdrawn_reason = reason
    flush_or_conflict()
    audit.record(la, TriadsAction.CELEBRATION_WITHDRAWN, celebration, reason=reason)


# --- each triad's contribution ------------------------------------------------------------------


def contribution_for(celebration: Celebration, triad_id: int) -> TriadContribution | None:
    return next((c for c in celebration.contributions if c.triad_id == triad_id), None)


def _new_contribution(la: LocalAuthority, celebration: Celebration, triad: Triad) -> TriadContribution:
    contribution = TriadContribution(la_id=la.id, triad_id=triad.id, representative="",
                                     key_learnings="", evidence_of_impact="", next_steps="")
    celebration.contributions.append(contribution)
    return contribution


@dataclass(frozen=True)
class ContributionDetails:
    representative: str
    representative_school_id: int | None
    key_learnings: str
    evidence_of_impact: str
    next_steps: str


def save_contribution(la: LocalAuthority, celebration: Celebration, triad: Triad,
                      details: ContributionDetails, version: int | None) -> TriadContribution:
    """A triad's first save creates its contribution; a later one must carry its version."""
    _editable(celebration)
    if triad.cohort_id != celebration.cohort_id:
        raise NotFound()
    contribution = contribution_for(celebration, triad.id)
    if contribution is not None:
        expect_version(contribution, version)
    if details.representative_school_id is not None \
            and details.representative_school_id not in triad.school_ids:
        raise Invalid({"representative_school": "Choose one of the triad's schools"})
    if contribution is None:
        contribution = _new_contribution(la, celebration, triad)
    contribution.representative = details.representative
    contribution.representative_school_id = details.representative_school_id
    contribution.key_learnings = details.key_learnings
    contribution.evidence_of_impact = details.evidence_of_impact
    contribution.next_steps = details.next_steps
    flush_or_conflict()
    audit.record(la, TriadsAction.CELEBRATION_CONTRIBUTION_SAVED, contribution, triad_id=triad.id)
    return contribution


# --- impact stories -----------------------------------------------------------------------------


@dataclass(frozen=True)
class StoryDetails:
    title: str
    story: str
    areas: list[str]  # framework area ids
    kinds: list[str]  # ChangeKind names


def _check_story(details: StoryDetails, area_ids: Sequence[str]) -> dict[str, str]:
    errors = {}
    if not details.title.strip():
        errors["title"] = "Enter a title for the story"
    if not details.story.strip():
        errors["story"] = "Enter the story"
    if not details.areas:
        errors["areas"] = "Choose at least one area the story is about"
    elif set(details.areas) - set(area_ids):
        errors["areas"] = "Choose areas from the eight areas of the framework"
    if not details.kinds:
        errors["kinds"] = "Choose at least one kind of change"
    elif set(details.kinds) - set(ChangeKind.__members__):
        errors["kinds"] = "Choose kinds of change from the list"
    return errors


def _fill(story: ImpactStory, details: StoryDetails, area_ids: Sequence[str]) -> None:
    story.title = details.title
    story.story = details.story
    # Kept in the framework's and the list's order, whatever order they were sent in.
    story.areas = [a for a in area_ids if a in set(details.areas)]
    story.kinds = [k.name for k in ChangeKind if k.name in set(details.kinds)]


def get_story(celebration: Celebration, triad_id: int, story_id: int) -> ImpactStory:
    """A story, only through the contribution of the triad named in the address."""
    contribution = contribution_for(celebration, triad_id)
    for story in contribution.stories if contribution else []:
        if story.id == story_id:
            return story
    raise NotFound()


def add_story(la: LocalAuthority, celebration: Celebration, triad: Triad, details: StoryDetails,
              area_ids: Sequence[str]) -> ImpactStory:
    _editable(celebration)
    if triad.cohort_id != celebration.cohort_id:
        raise NotFound()
    contribution = contribution_for(celebration, triad.id)
    errors = _check_story(details, area_ids)
    if contribution is not None and len(contribution.stories) >= MAX_STORIES:
        errors["title"] = (f"A triad can share at most {MAX_STORIES} impact stories. Remove one "
                           "before you add another")
    if errors:
        raise Invalid(errors)
    if contribution is None:
        contribution = _new_contribution(la, celebration, triad)
    story = ImpactStory(la_id=la.id)
    _fill(story, details, area_ids)
    contribution.stories.append(story)
    db.session.flush()
    audit.record(la, TriadsAction.CELEBRATION_STORY_ADDED, story, triad_id=triad.id, areas=story.areas,
                 kinds=story.kinds)
    return story


def update_story(la: LocalAuthority, celebration: Celebration, story: ImpactStory,
                 details: StoryDetails, area_ids: Sequence[str], version: int | None) -> None:
    _editable(celebration)
    expect_version(story, version)
    errors = _check_story(details, area_ids)
    if errors:
        raise Invalid(errors)
    _fill(story, details, area_ids)
    flush_or_conflict()
    audit.record(la, TriadsAction.CELEBRATION_STORY_CHANGED, story, areas=story.areas, kinds=story.kinds)


def delete_story(la: LocalAuthority, celebration: Celebration, triad_id: int, story: ImpactStory) -> None:
    _editable(celebration)
    contribution = contribution_for(celebration, triad_id)
    audit.record(la, TriadsAction.CELEBRATION_STORY_REMOVED, story, triad_id=triad_id, title=story.title)
    contribution.stories.remove(story)
    db.session.flush()


# --- the report -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TriadPart:
    triad: Triad
    school_names: list[str]
    coach_name: str | None
    contribution: TriadContribution | None
    representative_school: str
    meetings_held: int


@dataclass(frozen=True)
class PlanReview:
    school: str
    triad: str
    status: PlanStatus | None
    met: int
    partly_met: int
    not_met: int
    not_reviewed: int


@dataclass(frozen=True)
class Finding:
    visited: str
    held_on: date | None
    rigour: Rigour | None
    working_well: str


@dataclass(frozen=True)
class Report:
    cohort: Cohort
    celebration: Celebration | None
    published_by: str | None
    school_count: int
    triads: list[TriadPart]
    meetings_held: int
    meetings_planned: int
    plans: list[PlanReview]
    plans_reviewed: int
    outcomes: list[tuple[CriterionOutcome, int]]
    findings: list[Finding]
    rigour: list[tuple[Rigour, int]]
    story_count: int
    stories_by_area: list[tuple[str, int]]
    stories_by_kind: list[tuple[ChangeKind, int]]

    @property
    def criteria_reviewed(self) -> int:
        return sum(n for _, n in self.outcomes)

    def outcome(self, outcome: CriterionOutcome) -> int:
        return dict(self.outcomes).get(outcome, 0)

    @property
    def met(self) -> int:
        return self.outcome(CriterionOutcome.MET)

    @property
    def partly_met(self) -> int:
        return self.outcome(CriterionOutcome.PARTLY_MET)

    @property
    def not_met(self) -> int:
        return self.outcome(CriterionOutcome.NOT_MET)

    def stories(self) -> list[tuple[TriadPart, ImpactStory]]:
        return [(part, story) for part in self.triads if part.contribution
                for story in part.contribution.stories]


def build_report(la: LocalAuthority, cohort: Cohort, celebration: Celebration | None,
                 areas: dict[str, str]) -> Report:
    """Everything the report shows, in a fixed number of queries however many schools and triads
    the cohort has: each kind of record is loaded once, for the whole cohort."""
    names = {m.school_id: m.school.name for m in cohort.members}
    triads = list_triads(la, cohort)
    missing = {sid for t in triads for sid in t.school_ids} - set(names)
    if missing:
        names.update(db.session.execute(select(School.id, School.name).where(
            School.la_id == la.id, School.id.in_(missing))).all())
    held = meetings.recorded_counts(la, [t.id for t in triads])
    contributions = {c.triad_id: c for c in celebration.contributions} if celebration else {}
    parts = []
    for triad in triads:
        contribution = contributions.get(triad.id)
        parts.append(TriadPart(
            triad=triad, school_names=[names.get(sid, "") for sid in triad.school_ids],
            coach_name=names.get(triad.coach_school_id) if triad.coach_school_id else None,
            contribution=contribution,
            representative_school=names.get(contribution.representative_school_id, "")
            if contribution and contribution.representative_school_id else "",
            meetings_held=held.get(triad.id, 0)))
    triad_of = {sid: t.name for t in triads for sid in t.school_ids}

    plans_by_school = {p.school_id: p for p in plans.list_plans(la, cohort)}
    outcomes: Counter = Counter()
    reviews = []
    for school_id, name in sorted(((m.school_id, names[m.school_id]) for m in cohort.members),
                                  key=lambda pair: (pair[1], pair[0])):
        plan = plans_by_school.get(school_id)
        criteria = [c for p in plan.priorities for c in p.criteria] if plan else []
        counted = Counter(c.outcome for c in criteria)
        outcomes.update({k: v for k, v in counted.items() if k is not None})
        reviews.append(PlanReview(
            school=name, triad=triad_of.get(school_id, ""), status=plan.status if plan else None,
            met=counted[CriterionOutcome.MET], partly_met=counted[CriterionOutcome.PARTLY_MET],
            not_met=counted[CriterionOutcome.NOT_MET], not_reviewed=counted[None]))

    triad_names = {t.id: t.name for t in triads}
    findings = [
        Finding(visited=names.get(v.school_id, "") if v.school_id is not None
                else f"{triad_names.get(v.triad_id, 'A triad')} (whole triad)",
                held_on=v.held_on, rigour=v.rigour, working_well=v.working_well)
        for v in visits.list_visits(la, cohort.id) if v.status is VisitStatus.FINAL]
    rigour = Counter(f.rigour for f in findings)

    stories = [s for c in contributions.values() for s in c.stories]
    by_area = Counter(a for s in stories for a in s.areas)
    by_kind = Counter(k for s in stories for k in s.kinds)
    published_by = None
    if celebration is not None and celebration.published_by_id is not None:
        published_by = db.session.scalar(select(User.name).where(User.id == celebration.published_by_id))
    return Report(
        cohort=cohort, celebration=celebration, published_by=published_by,
        school_count=len(cohort.members), triads=parts,
        meetings_held=sum(held.values()), meetings_planned=MEETINGS_PER_TRIAD * len(triads),
        plans=reviews,
        plans_reviewed=sum(1 for r in reviews if r.status is PlanStatus.REVIEWED),
        outcomes=[(o, outcomes[o]) for o in CriterionOutcome],
        findings=sorted(findings, key=lambda f: (f.held_on or date.min, f.visited)),
        rigour=[(r, rigour[r]) for r in Rigour],
        story_count=len(stories),
        stories_by_area=[(title, by_area[area_id]) for area_id, title in areas.items()],
        stories_by_kind=[(k, by_kind[k.name]) for k in ChangeKind],
    )


def suggested_summary(report: Report) -> str:
    """A first draft of the introduction, from the figures, for the lead to rewrite."""
    cohort = report.cohort
    lines = [
        f"In {cohort.academic_year}, {report.school_count} schools in {len(report.triads)} triads "
        f"took part in SEND peer review. The triads held {report.meetings_held} of their "
        f"{report.meetings_planned} meetings.",
        f"{report.plans_reviewed} of {report.school_count} schools reviewed their action plan at "
        f"the year's end: {report.met} success criteria were met, {report.partly_met} partly met "
        f"and {report.not_met} not met.",
    ]
    if report.findings:
        lines.append(f"Quality assurers finished {len(report.findings)} QA visit reports.")
    if report.story_count:
        top = [title.split(". ", 1)[-1] for title, n in
               sorted(report.stories_by_area, key=lambda pair: -pair[1]) if n][:2]
        lines.append(f"The triads shared {report.story_count} impact stories, most often about "
                     f"{' and '.join(top)}.")
    return " ".join(lines)


def story_rows(report: Report, areas: dict[str, str]) -> list[list]:
    """One row per impact story, for a spreadsheet."""
    return [[part.triad.name, story.title, story.story,
             "; ".join(areas.get(a, a) for a in story.areas),
             "; ".join(k.label for k in story.change_kinds),
             part.contribution.representative if part.contribution else ""]
            for part, story in report.stories()]
