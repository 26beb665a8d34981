"""Platform administration (LAs, outbox) and the LA lead's screens (schools, people, activity)."""

from flask import Blueprint

bp = Blueprint("admin", __name__, template_folder="templates")

from app.admin import activity, api_tokens, cohorts, las, people, schools, sharing, timetable  # noqa: E402,F401
