"""The data feed: a read-only JSON API for an LA's reporting tools (and the network's, for the
programme analyst), opened by a bearer token. The core owns tokens, paging, the rate limit, the
audit of every use and the OpenAPI document; each package registers its own resources
(`app.features.register_feed`), which become one GET route each.

No session, no cookies, no CSRF: nothing here reads `current_user` or writes `session`, and every
route is GET (anything else is 405 before a token is even looked at).
"""

from flask import Blueprint

from app import features
from app.api.resources import CORE_RESOURCES
from app.extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)  # GET only; a POST must meet the 405, not the CSRF check

features.register_feed(*CORE_RESOURCES)


@bp.record_once
def _add_routes(state) -> None:
    # Registered after every feature blueprint, so every package's resources are known by now.
    from app.api import routes

    routes.add_routes(state)


from app.api import auth  # noqa: E402,F401  (the before and after request hooks)
