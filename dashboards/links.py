"""Links to one page per row (a school's area profile, a plan, a visit), built once per request:
a cohort-wide table links every row, and routing each link costs more than the rest of the row.
The address is routed once with a stand-in id, then each row's id is put in its place."""

from __future__ import annotations

from flask import request, url_for

STAND_IN = 918_273_645_546_372_819  # no row has this id; an int, so the route's converter takes it


def link(endpoint: str, id_name: str, id_value, **values) -> str:
    """url_for(endpoint, **values, id_name=id_value) for an integer id, routed once per request."""
    # Kept on the request, not on g: a test's app context can outlive several requests, of several LAs.
    made = getattr(request, "dashboard_links", None)
    if made is None:
        made = request.dashboard_links = {}
    key = (endpoint, id_name, tuple(sorted(values.items())))
    parts = made.get(key)
    if parts is None:
        parts = made[key] = url_for(endpoint, **values, **{id_name: STAND_IN}).split(str(STAND_IN))
    if len(parts) != 2:  # the stand-in is not one place in the address: route this one
        return url_for(endpoint, **values, **{id_name: int(id_value)})
    return f"{parts[0]}{int(id_value)}{parts[1]}"
