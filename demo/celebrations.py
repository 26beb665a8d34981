"""Demo celebrations of learning for Northmere: last year's, held in July and published with every
triad's contribution and impact stories; this year's, set up as a draft with one triad's
contribution started. Dates are worked out from each cohort's year so the demo stays current."""

from datetime import date

from app.models import Cohort, LocalAuthority, School, User
from triads import interfaces
from triads.interfaces import celebrations
from triads.types import CelebrationFormat

# Triad -> (representative, the representative's school URN, key learnings, evidence of impact,
# next steps, [(story title, story, areas, kinds of change)])
LAST_YEAR = {
    "Ashgrove triad": (
        "Hannah Birch, SENCO", "990101",
        "Asking parents and pupils as well as staff made our self-evaluations more honest.\n"
        "Meeting in each other's schools showed us practice we would not have seen otherwise.",
        "Castle Lane's provision map now links every intervention to an entry and exit measure. "
        "Termly tracking shows which interventions work.",
        "Carry the parent survey into next year and share the provision map template with the "
        "new schools.",
        [("A provision map that shows impact",
          "Castle Lane rebuilt its provision map with the coach school's help. Leaders now stop "
          "interventions that do not make a difference and fund the ones that do.",
          ["monitoring", "provision"], ["SYSTEMS", "PROVISION"]),
         ("Parents as partners",
          "A termly coffee morning and a short survey replaced one annual review meeting. Parents "
          "say they know who to talk to.", ["pupils-parents"], ["PARENTS"])]),
    "Beacon Hill triad": (
        "Grace Whitfield, SENCO", "990104",
        "SEND needs a voice on the senior team. Our headteachers joined every triad meeting.",
        "Beacon Hill created an assistant headteacher post for inclusion; SEND is a standing item "
        "at every senior leadership meeting.",
        "Bring governors into the self-evaluation next year.",
        [("SEND on the senior leadership team",
          "The SENCO became an assistant headteacher for inclusion and now reports to governors "
          "each term.", ["leadership"], ["LEADERSHIP", "STAFFING"])]),
    "Elmfield triad": (
        "Martha Quinn, SENCO", "990107",
        "Special and mainstream schools learn a great deal from each other's assessment practice.",
        "Kingsmead adopted Elmfield's assessment steps for pupils on SEN support; staff say "
        "identification is earlier and clearer.",
        "Joint moderation of assessments twice a year.",
        [("Earlier identification",
          "A shared referral pathway with clear steps means concerns reach the SENCO within a week.",
          ["identification"], ["SYSTEMS"]),
         ("Pupils shape their own support plans",
          "Pupils now help write the one-page profiles that staff use.", ["pupils-parents", "provision"],
          ["PUPIL_VOICE"])]),
    "Fernbank triad": (
        "Ben Ashworth, SENCO", "990110",
        "Teaching assistants are our biggest resource for SEND; training them well changed the most.",
        "Every TA completed the precision-teaching programme; the progress of pupils in the "
        "sessions they lead has improved for two terms running.",
        "Extend the TA programme to lunchtime staff and share it with the whole cohort.",
        [("A TA training programme for every class",
          "Six sessions across the year, led by the coach school's SENCO, with a follow-up "
          "observation for each TA.", ["resources", "teaching"], ["CPD", "STAFFING"]),
         ("Whole-school expectations of teachers",
          "A short CPD series on adaptive teaching set out what every teacher does for pupils "
          "with SEND.", ["teaching"], ["CPD"])]),
}
INTRODUCTION_END = ("Thank you to every SENCO, headteacher and coach school for a year of honest, "
                    "generous peer review.")


def seed(la: LocalAuthority, previous: Cohort, current: Cohort, by_urn: dict[str, School],
         lead: User) -> dict[str, int]:
    area_ids = list(celebrations.area_titles(la))
    stories = 0

    _, end = previous.bounds
    past = celebrations.save_event(la, previous, None, celebrations.EventDetails(
        date(end.year, 7, 8), CelebrationFormat.IN_PERSON,
        "Northmere Civic Centre, Council Chamber. Doors open at 3.30pm."), None)
    triads = {t.name: t for t in interfaces.list_triads(la, previous)}
    for name, (who, urn, learnings, evidence, next_steps, told) in LAST_YEAR.items():
        triad = triads[name]
        celebrations.save_contribution(la, past, triad, celebrations.ContributionDetails(
            who, by_urn[urn].id, learnings, evidence, next_steps), None)
        for title, story, areas, kinds in told:
            celebrations.add_story(la, past, triad, celebrations.StoryDetails(title, story, areas, kinds),
                                   area_ids)
            stories += 1
    report = celebrations.build_report(la, previous, past, celebrations.area_titles(la))
    celebrations.save_summary(la, past, celebrations.suggested_summary(report) + "\n" + INTRODUCTION_END,
                              past.version)
    celebrations.publish(la, past, lead, past.version)

    # This year's: a draft, with the Ashgrove triad's contribution under way.
    _, end = current.bounds
    draft = celebrations.save_event(la, current, None, celebrations.EventDetails(
        date(end.year, 7, 7), CelebrationFormat.ONLINE,
        "The joining link is sent with the invitation."), None)
    ashgrove = next(t for t in interfaces.list_triads(la, current) if t.name == "Ashgrove triad")
    celebrations.save_contribution(la, draft, ashgrove, celebrations.ContributionDetails(
        "Hannah Birch, SENCO", by_urn["990101"].id,
        "Carrying last year's self-evaluation forward saved time; the parent survey is now routine.",
        "", ""), None)
    celebrations.add_story(la, draft, ashgrove, celebrations.StoryDetails(
        "Pupil voice in every review",
        "Pupils now lead part of their own review meetings, with a simple sheet they fill in first.",
        ["pupils-parents"], ["PUPIL_VOICE"]), area_ids)
    return {"celebrations": 2, "impact_stories": stories + 1}
