"""A warning, not a block, when free text looks like it holds a child's full name.

The records are about schools and staff, never about individual children, yet a comment can
name a pupil by mistake. Every long free-text field (`app.forms.long_text`) runs this check: when
the text looks like a first name followed by a surname, the form comes back with a warning and a
box to tick to save it anyway.

It is a heuristic, and the page says so. It flags a capitalised word from a list of common UK
first names (app/data/first_names.txt, written for this service) followed directly by another
capitalised word that could be a surname. It leaves out names of the LA's staff, schools and the
LA itself, anything after a title (Mr, Mrs, Dr...), words that are plainly not surnames ("Primary",
"Class", "Term") and, at the start of a sentence, first names that are also ordinary words
("Grace", "Summer"). It misses a name typed in lower case, a first name alone, or a name not in the
list; it may flag an adult's name or a place. Both are listed in tests/app/test_child_names.py.
"""

import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from flask import g, render_template, request
from flask_login import current_user
from govuk_frontend_wtf.wtforms_widgets import GovCharacterCount
from markupsafe import Markup
from wtforms.validators import ValidationError

FIRST_NAMES_FILE = Path(__file__).parent / "data" / "first_names.txt"

WORD = re.compile(r"[^\W\d_][^\W\d_'’-]*(?:['’-][^\W\d_]+)*")
SENTENCE_END = ".!?\n•"
TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "lady", "lord",
          "st", "saint", "rev", "reverend", "father", "sister", "cllr", "councillor"}
# First names that are also everyday words: at the start of a sentence they are probably the word.
EVERYDAY_WORDS = {
    "amber", "austin", "bailey", "billy", "blake", "bobby", "bonnie", "carter", "casey", "daisy",
    "eden", "faith", "felix", "frankie", "grace", "harper", "harris", "hazel", "holly", "hudson",
    "iris", "ivy", "jade", "jordan", "lily", "max", "morgan", "olive", "piper", "poppy",
    "robin", "rosa", "rose", "rowan", "ruby", "summer", "taylor", "violet", "willow",
}
# Capitalised words that follow a first name without being a surname ("Willow Class").
NOT_SURNAMES = {
    "academy", "award", "avenue", "borough", "building", "centre", "church", "city", "class", "close",
    "club", "college", "council", "county", "court", "day", "department", "drive", "english",
    "federation", "field", "fields", "forum", "green", "group", "hall", "high", "hill", "house",
    "infant", "infants", "junior", "juniors", "lane", "library", "lodge", "maths", "meeting", "nursery",
    "park", "place", "plan", "primary", "programme", "project", "reception", "review", "road",
    "room", "school", "science", "secondary", "service", "services", "square", "street", "team",
    "term", "town", "trust", "unit", "wing", "ward", "way", "week", "year",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "autumn", "spring", "summer", "winter", "christmas", "easter",
}

WARNING = "Check this: it looks like it may contain a child's name"


@cache
def first_names() -> frozenset[str]:
    lines = FIRST_NAMES_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def _sentence_start(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \t\"'“‘([")
    return not before or before[-1] in SENTENCE_END


def suspected_names(text: str, known: Iterable[str] = ()) -> list[str]:
    """The parts of `text` that look like a first name and a surname, less those found in `known`
    (the names of staff, schools and the LA)."""
    names = first_names()
    known_lower = [k.lower() for k in known if k]
    words = list(WORD.finditer(text or ""))
    found = []
    for i, (word, following) in enumerate(zip(words, words[1:], strict=False)):
        first, surname = word.group(), following.group()
        if not (first[0].isupper() and not first.isupper() and first.lower() in names):
            continue
        if text[word.end():following.start()] not in (" ", "  "):
            continue  # "Jack, Smith" or a name split over two lines is two things
        if not (surname[0].isupper() and not surname.isupper() and len(surname) > 1
                and surname.lower() not in NOT_SURNAMES):
            continue
        if i > 0 and words[i - 1].group().lower() in TITLES:
            continue
        if _sentence_start(text, word.start()) and first.lower() in EVERYDAY_WORDS:
            continue
        candidate = f"{first} {surname}"
        if any(candidate.lower() in name for name in known_lower):
            continue
        found.append(candidate)
    return found


# --- on every long free-text field ---------------------------------------------------------------


def confirmation_name(field_name: str) -> str:
    return f"{field_name}-not-a-child"


def _known_names() -> list[str]:
    """Names that are not a child's: the LA's people and schools, the LA's name, and the person
    writing. Read only when the text has something that looks like a name."""
    from app.interfaces import schools, users

    known = []
    if current_user and current_user.is_authenticated:
        known.append(current_user.name)
    la = g.get("current_la")
    if la is not None:
        known.append(la.name)
        known += [person.name for person in users.list_people(la)]
        known += [school.name for school in schools.list_schools(la)]
    return known


class ChildNameCheck:
    """Refuses the text once, with the warning, when it looks like it holds a child's name; the
    person ticks "save anyway" (or changes the text) and saves again."""

    def __call__(self, form, field) -> None:
        if not field.data or request.form.get(confirmation_name(field.name)) == "yes":
            return
        if suspected_names(field.data) and suspected_names(field.data, _known_names()):
            field.child_name_warning = True
            raise ValidationError(WARNING)


class CharacterCountWithNameCheck(GovCharacterCount):
    """The GOV.UK character count, followed by the warning and the "save anyway" box when the
    check above flagged the text."""

    def __call__(self, field, **kwargs):
        html = super().__call__(field, **kwargs)
        if not getattr(field, "child_name_warning", False):
            return html
        params = kwargs.get("params") or {}
        name = params.get("name", field.name)
        warning = render_template("_child_name_warning.html", name=confirmation_name(name),
                                  id=confirmation_name(params.get("id", field.id)))
        return html + Markup(warning)  # noqa: S704 -- a template's output, autoescaped as it was drawn
