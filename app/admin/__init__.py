"""Platform administration (LAs, outbox) and the LA lead's screens (schools, people, activity)."""

from flask import Blueprint

bp = Blueprint("admin", __name__, template_folder="templates")

from app.admin import (  # noqa: E402,F401
    activity,
    api_tokens,
    assurer_cohorts,
    cohorts,
    las,
    people,
    person_data,
    privacy,
    retention,
    schools,
    sharing,
    sign_out,
    timetable,
)
