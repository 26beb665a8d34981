"""Who is asking: the bearer token on every request to the feed, its rate limit, and the audit of
its use."""

import math

from flask import current_app, g, request

from app.api import bp
from app.api.errors import json_error
from app.db import utcnow
from app.extensions import db
from app.interfaces import api_tokens

PUBLIC = {"api.openapi"}  # the document describes the feed and holds no data
REALM = 'Bearer realm="SEND Triads data feed"'


@bp.before_request
def authenticate():
    if request.endpoint in PUBLIC:
        return None
    header = request.headers.get("Authorization", "")
    if not header:
        return json_error(401, headers={"WWW-Authenticate": REALM})
    scheme, _, secret = header.partition(" ")
    token = api_tokens.authenticate(secret.strip()) if scheme.lower() == "bearer" else None
    if token is None:
        return json_error(401, "The token is not valid: it may be mistyped or revoked.",
                          headers={"WWW-Authenticate": f'{REALM}, error="invalid_token"'})
    g.api_token = token
    now = utcnow()
    window = current_app.config["API_RATE_WINDOW"]
    if api_tokens.count_request(token, now, window) > current_app.config["API_RATE_LIMIT"]:
        # Counted, but not audited as a read: a client stuck in a loop must not flood the trail.
        g.api_refused = True
        ends = api_tokens.window_start(now, window) + window
        return json_error(429, headers={"Retry-After": str(max(1, math.ceil((ends - now).total_seconds())))})
    return None


@bp.after_request
def finish(response):
    response.headers["Cache-Control"] = "no-store"
    token = g.get("api_token")
    if token is None:
        return response
    # GET requests are not committed by the app (only mutating ones are): the count, the time of
    # last use and the audit event are committed here, whatever the answer was.
    try:
        if not g.get("api_refused"):
            api_tokens.record_use(token, request.full_path.rstrip("?"), response.status_code)
        db.session.commit()
    except Exception:
        # Every read is audited: one that cannot be is not served.
        db.session.rollback()
        current_app.logger.exception("Could not record a use of the data feed")
        return json_error(500)
    return response
