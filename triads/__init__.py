"""Cohorts' triads with their coach school, triad meetings, and each school's action plan."""

from flask import Blueprint

bp = Blueprint("triads", __name__, template_folder="templates", url_prefix="/la/<la_slug>/triads")
plans_bp = Blueprint("plans", __name__, template_folder="templates", url_prefix="/la/<la_slug>/plans")
visits_bp = Blueprint("visits", __name__, template_folder="templates", url_prefix="/la/<la_slug>/visits")
celebrations_bp = Blueprint("celebrations", __name__, template_folder="templates",
                            url_prefix="/la/<la_slug>/celebrations")


@bp.record_once
def _register_triad_lookup(state) -> None:
    from app import features
    from triads import feed, tasks
    from triads.interfaces import register, retention

    register()
    # Here rather than in interfaces.register: the tasks ask triads.access, a layer above interfaces.
    features.register_tasks(tasks.waiting)
    features.register_feed(*feed.RESOURCES)
    features.register_retention(retention.cohort_records)


import triads.routes  # noqa: E402,F401  (registers the routes on the blueprints)
