"""The celebration of learning report as a Word document: the introduction, the year in figures,
the impact stories counted, what each triad shared, the year-end plan reviews and the QA findings.
The whole report only: triads.access decides who reads it (CelebrationContext.reads_all)."""

from app.models import LocalAuthority
from app.word import WordDocument, text_of
from triads.interfaces.celebrations import Report, TriadPart

NOT_WRITTEN = "Not written yet"


def _triad_part(doc: WordDocument, part: TriadPart, areas: dict[str, str]) -> None:
    doc.heading(part.triad.name, 2)
    doc.paragraph(", ".join(part.school_names)
                  + (f". Coach school: {part.coach_name}" if part.coach_name else "")
                  + f". Meetings held: {part.meetings_held} of 3.")
    contribution = part.contribution
    if contribution is None:
        doc.paragraph("The triad has not written its contribution yet.")
        return
    representative = ", ".join(n for n in (contribution.representative, part.representative_school) if n)
    doc.paragraph(representative or "Not chosen yet", label="Representative")
    for heading, text in (("Key learnings", contribution.key_learnings),
                          ("Evidence of impact", contribution.evidence_of_impact),
                          ("Next steps for next year", contribution.next_steps)):
        doc.heading(heading, 3)
        doc.paragraphs(text, empty=NOT_WRITTEN)
    for story in contribution.stories:
        doc.heading(f"Impact story: {story.title}", 3)
        doc.paragraphs(story.story)
        doc.paragraph("; ".join(areas.get(a, a) for a in story.areas), label="Areas")
        doc.paragraph("; ".join(k.label for k in story.change_kinds), label="Kind of change")


def celebration_report(la: LocalAuthority, report: Report, areas: dict[str, str]) -> WordDocument:
    """`report`: celebrations.build_report for a celebration that is set up; `areas`: the
    framework's area titles by id."""
    cohort, celebration = report.cohort, report.celebration
    doc = WordDocument(f"Celebration of learning {cohort.academic_year}: {la.name}",
                       subject=f"{la.name}, {cohort.name} {cohort.academic_year}")
    venue = f": {celebration.venue}" if celebration.venue else ""
    doc.facts([
        ("Local authority", la.name),
        ("Cohort", cohort.name),
        ("Held", f"{text_of(celebration.held_on)}, {celebration.format.label.lower()}{venue}"),
        ("Published", f"{text_of(celebration.published_at)}"
                      + (f" by {report.published_by}" if report.published_by else "")
         if celebration.published else "Draft: not yet published"),
    ])
    doc.heading("Introduction", 1)
    doc.paragraphs(celebration.summary, empty=NOT_WRITTEN)

    doc.heading("The year in figures", 1)
    doc.table(["Measure", "Figure"], [
        ("Schools", f"{report.school_count} in {len(report.triads)} triads"),
        ("Triad meetings held", f"{report.meetings_held} of {report.meetings_planned}"),
        ("Action plans reviewed at year end", f"{report.plans_reviewed} of {report.school_count}"),
        ("Success criteria judged", f"{report.met} met, {report.partly_met} partly met, {report.not_met} not met"),
        ("Final QA visit reports", len(report.findings)),
        ("Impact stories", report.story_count),
    ], title="The year in figures")

    doc.heading("Impact stories by area and kind of change", 1)
    doc.paragraph(f"A story may be about more than one area and more than one kind of change, so the "
                  f"numbers in each table can add up to more than {report.story_count}.")
    doc.heading("By area of the framework", 2)
    doc.table(["Area", "Impact stories"], report.stories_by_area, title="Impact stories by area")
    doc.heading("By kind of change", 2)
    doc.table(["Kind of change", "Impact stories"], report.stories_by_kind,
              title="Impact stories by kind of change")

    doc.heading("What each triad shared", 1)
    for part in report.triads:
        _triad_part(doc, part, areas)
    if not report.triads:
        doc.paragraph("There are no triads in this cohort.")

    doc.heading("Action plans reviewed at year end", 1)
    doc.table(["School", "Triad", "Plan", "Met", "Partly met", "Not met", "Not reviewed"],
              [(r.school, r.triad or "Not in a triad", r.status or "No plan", r.met, r.partly_met,
                r.not_met, r.not_reviewed) for r in report.plans],
              title="Each school's action plan and how its success criteria were judged at the year-end review")

    doc.heading("Quality assurance findings", 1)
    if not report.findings:
        doc.paragraph("No QA visit reports were finalised for this cohort.")
        return doc
    doc.heading("How rigorous the process was judged", 2)
    doc.table(["Judgement", "Visits"], report.rigour,
              title="How rigorous the peer-review process was judged, in the final QA reports")
    doc.heading("What is working well", 2)
    doc.table(["Visit", "Date", "Rigour", "What is working well"],
              [(f.visited, f.held_on, f.rigour, f.working_well) for f in report.findings],
              title="What is working well, from each final QA report")
    return doc
