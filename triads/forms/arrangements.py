"""The time, place and online-link fields that meetings and QA visits share. The fields read what
was typed; the rules between them (the end after the start, a link that starts with https://)
are triads.interfaces.arrangements'."""

import re
from datetime import time

from govuk_frontend_wtf.wtforms_widgets import GovTextInput
from wtforms import StringField
from wtforms.validators import StopValidation

from app.forms import Form, text
from triads.interfaces.arrangements import LINK_MAX, PLACE_MAX, Arrangement, check, in_year

TIME_MAX = 20
TIME = re.compile(r"(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?")
WORDS = {"midday": time(12, 0), "noon": time(12, 0), "12 noon": time(12, 0), "midnight": time(0, 0)}
EXAMPLE = "like 9:30am or 14:00"


def parse_time(typed: str) -> time | None:
    """9:30, 09:30, 9.30am, 2pm, 14:00, midday; None when it is not a time of day."""
    typed = " ".join(typed.lower().split())
    if typed in WORDS:
        return WORDS[typed]
    match = TIME.fullmatch(typed)
    if match is None:
        return None
    hour, minute, half = int(match.group(1)), int(match.group(2) or 0), match.group(3)
    if half is None:
        # Without am or pm, only the 24-hour clock with minutes: "9" alone could be either.
        if match.group(2) is None or hour > 23:
            return None
    elif 1 <= hour <= 12:
        hour = hour % 12 + (12 if half.startswith("p") else 0)
    else:
        return None
    if minute > 59:
        return None
    return time(hour, minute)


class TimeField(StringField):
    """A time of day in London, typed as people write it. Optional; a time that is not one is a
    message at the field, never dropped."""

    widget = GovTextInput()

    def __init__(self, label: str, **kwargs):
        super().__init__(label, description="For example, 9:30am or 14:00", **kwargs)

    def process_formdata(self, valuelist):
        self.raw_data = [str(v) for v in valuelist[:1]]
        typed = self.raw_data[0].strip() if self.raw_data else ""
        self.data = None
        if not typed:
            return
        if len(typed) > TIME_MAX:
            raise ValueError(f"{self.label.text} must be a time, {EXAMPLE}")
        self.data = parse_time(typed)
        if self.data is None:
            raise ValueError(f"{self.label.text} must be a real time, {EXAMPLE}")

    def pre_validate(self, form):
        if self.process_errors:
            raise StopValidation()

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return self.data.strftime("%H:%M") if self.data else ""


def start_time() -> TimeField:
    return TimeField("Start time")


def end_time() -> TimeField:
    return TimeField("End time")


def place(hint: str) -> StringField:
    return text("Place", max_length=PLACE_MAX, hint=hint)


def online_link() -> StringField:
    return text("Online meeting link", max_length=LINK_MAX,
                hint="If people can join online, the link to join, starting with https://")


class ArrangedForm(Form):
    """A form with a date, times, place and link. The rules between those fields are the
    interface's, but they are checked here too so that they are shown with every other error at
    once, not one layer at a time after the others are put right."""

    day_field = "held_on"
    occasion = "meeting"
    cohort = None  # set by the route, so the date's year is checked with the rest

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        day = getattr(self, self.day_field).data
        errors = check(arrangement_of(self), day, self.day_field, self.occasion)
        if self.cohort is not None:
            errors = in_year(self.cohort, day, self.day_field, f"The date of the {self.occasion}") | errors
        return self.add_errors(errors) and valid

    def add_errors(self, errors: dict[str, str]) -> bool:
        """Add each message to its field unless the field already says what is wrong with it.
        False when any was added."""
        added = False
        for name, message in errors.items():
            field = getattr(self, name)
            if not field.errors:
                field.errors = [message]
                added = True
        return not added


def arrangement_of(form) -> Arrangement:
    return Arrangement(form.start_time.data, form.end_time.data, form.place.data or "",
                       form.online_link.data or "")


def fill(form, record) -> None:
    """Show a saved record's times, place and link in the form."""
    form.start_time.data, form.end_time.data = record.start_time, record.end_time
    form.place.data, form.online_link.data = record.place, record.online_link
