"""The eight-area self-evaluation: framework as data, each school's answers, other voices."""

from flask import Blueprint

bp = Blueprint("selfeval", __name__, template_folder="templates",
               url_prefix="/la/<la_slug>/self-evaluation")

from selfeval import evidence, routes, summary, voices  # noqa: E402,F401
from selfeval.voices import public_bp  # noqa: E402,F401
