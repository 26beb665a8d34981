"""The eight-area self-evaluation: framework as data, each school's answers, other voices."""

from flask import Blueprint

bp = Blueprint("selfeval", __name__, template_folder="templates",
               url_prefix="/la/<la_slug>/self-evaluation")


@bp.record_once
def _register_tasks(state) -> None:
    from app import features
    from selfeval import feed, tasks
    from selfeval.interfaces import network_summary, retention

    features.register_tasks(tasks.waiting)
    features.register_feed(*feed.RESOURCES)
    features.register_retention(retention.cohort_records)
    features.register_schools_changed(network_summary.rebuild)


import selfeval.routes  # noqa: E402,F401  (registers the routes on the blueprints)
from selfeval.routes.voices import public_bp  # noqa: E402,F401
