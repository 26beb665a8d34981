"""Comparison dashboards for an LA's SEND leads and quality assurers, one cohort at a time.

data.py builds DataFrames from the interfaces' rows, summaries.py and charts.py are pure
(frames in, frames or figures out), views.py lays each page out as tables and charts, and
routes.py serves the pages and their CSV and Excel downloads.
"""

from flask import Blueprint

bp = Blueprint("dashboards", __name__, template_folder="templates",
               url_prefix="/la/<la_slug>/dashboards")


@bp.record_once
def _register_feed(state) -> None:
    from app import features
    from dashboards import feed

    features.register_feed(*feed.RESOURCES)


import dashboards.routes  # noqa: E402,F401  (registers the routes on the blueprints)
from dashboards.routes.network import network_bp  # noqa: E402,F401
