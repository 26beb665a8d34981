"""One GET route per registered resource, the paging every one of them shares, and the JSON each
row becomes (built from the resource's declared fields, the same ones the OpenAPI document shows)."""

import enum
import math
from collections.abc import Callable
from datetime import UTC, date, time

from flask import current_app, g, jsonify, url_for
from flask import request as http_request

from app import features
from app.api.errors import json_error
from app.db import utcnow
from app.extensions import db
from app.features import FeedField, FeedRequest, FeedResource, FeedScope
from app.interfaces import feed
from app.models import LocalAuthority

LA_PREFIX = "/la/<la>"
RULES = {
    FeedScope.LA: LA_PREFIX + "/{path}",
    FeedScope.COHORT: LA_PREFIX + "/cohorts/<int:cohort_id>/{path}",
    FeedScope.NETWORK: "/network/{path}",
}


def rule_for(resource: FeedResource) -> str:
    """The route, under /api/v1."""
    return RULES[resource.scope].format(path=resource.path)


def add_routes(state) -> None:
    from app.api import openapi

    # No automatic OPTIONS: every method but GET (and HEAD, which is GET without the body) is 405.
    for resource in features.feed_resources():
        state.add_url_rule(rule_for(resource), resource.name, _view(resource), methods=["GET"],
                           provide_automatic_options=False)
    state.add_url_rule("/openapi.json", "openapi", openapi.serve, methods=["GET"],
                       provide_automatic_options=False)


class BadArgument(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _whole_number(name: str, default: int | None, low: int, high: int | None = None) -> int | None:
    raw = http_request.args.get(name)
    if raw is None or raw == "":
        return default
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 9:
        raise BadArgument(f"{name} must be a whole number")
    value = int(raw)
    if value < low or (high is not None and value > high):
        raise BadArgument(f"{name} must be from {low}" + (f" to {high}" if high is not None else " up"))
    return value


def _view(resource: FeedResource) -> Callable:
    def serve(la: str | None = None, cohort_id: int | None = None):
        token = g.api_token
        scope = None
        if resource.scope is FeedScope.NETWORK:
            if not token.network:
                return json_error(403, "This part of the feed is read with a programme network token.")
        else:
            # Another LA's address, an LA that does not exist and a network token all answer
            # alike, so the feed never tells whether another LA (or its cohort) exists.
            scope = db.session.get(LocalAuthority, token.la_id) if token.la_id else None
            if scope is None or scope.slug != la:
                return json_error(404)
        try:
            page = _whole_number("page", 1, 1)
            per_page = _whole_number("per_page", current_app.config["API_PER_PAGE"], 1,
                                     current_app.config["API_MAX_PER_PAGE"])
            params = {p.name: _whole_number(p.name, None, 0) if p.type == "integer"
                      else http_request.args.get(p.name) for p in resource.parameters}
        except BadArgument as error:
            return json_error(400, error.message)
        cohort = feed.get_cohort(scope, cohort_id) if cohort_id is not None else None
        result = resource.rows(FeedRequest(la=scope, cohort=cohort, offset=(page - 1) * per_page,
                                           limit=per_page, today=utcnow().date(), params=params))
        pages = max(1, math.ceil(result.total / per_page))
        body = {
            "data": [encode_row(resource, row) for row in result.rows],
            "meta": {"total": result.total, "page": page, "per_page": per_page, "pages": pages,
                     **result.meta},
            "links": _links(page, pages, per_page, params),
        }
        return jsonify(body)

    serve.__name__ = f"feed_{resource.name}"
    return serve


def _links(page: int, pages: int, per_page: int, params: dict) -> dict:
    def at(number: int) -> str:
        args = {k: v for k, v in params.items() if v is not None}
        return url_for(http_request.endpoint, **http_request.view_args, **args, page=number,
                       per_page=per_page, _external=True)

    return {"self": at(page), "first": at(1), "last": at(pages),
            "prev": at(min(page - 1, pages)) if page > 1 else None,
            "next": at(page + 1) if page < pages else None}


def encode_row(resource: FeedResource, row: dict) -> dict:
    if row.keys() != set(resource.field_names):
        raise ValueError(f"{resource.name}: a row has {sorted(row)}, not the declared fields")
    return {f.name: encode(row[f.name], f) for f in resource.fields}


def encode(value, field: FeedField):
    """A Python value as the field's JSON: codes for enums, ISO 8601 for dates and times."""
    if value is None:
        return None
    if isinstance(value, enum.Enum):
        return value.name
    if field.type == "date":
        return value.isoformat() if isinstance(value, date) else str(value)
    if field.type == "date-time":
        return value.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    if field.type == "time":
        return value.strftime("%H:%M") if isinstance(value, time) else str(value)
    if field.type == "number":
        number = float(value)
        return None if math.isnan(number) else number
    if field.type == "integer":
        return int(value)
    if field.type == "boolean":
        return bool(value)
    return str(value)
