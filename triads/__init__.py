"""Cohorts, triads, meetings, action plans, QA visits and celebration. Screens arrive with their issues."""

from flask import Blueprint

bp = Blueprint("triads", __name__, template_folder="templates", url_prefix="/la/<la_slug>/triads")
