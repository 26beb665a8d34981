"""Ids written inside text, which no foreign key carries: the record an audit event is about (its
model's name and id) and the ids in its detail, and the ids in a notification's key ("plan-12:shared")
and its link ("/la/northmere/plans/12#priority-5"). When ids change on import, these change with
them; an id whose row is not in the archive becomes 0 in text and None in an audit event.
"""

import re
from collections.abc import Callable

from flask import current_app
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from app.db import Base

# The word that stands for a table's id in keys ("plan-12"), links (plan_id) and audit details
# (school_id). An unknown word is left as it is: tests/app/test_la_archive.py checks that every
# id in a route's address is named here.
NAMES = {
    "action": "plan_action",
    "assignment": "role_assignment",
    "assurer_role": "role_assignment",
    "assurer": "user_account",
    "area_response": "area_response",
    "cohort": "cohort",
    "comment": "plan_priority_comment",
    "criterion": "plan_success_criterion",
    "evidence": "evidence_file",
    "invitation": "invitation",
    "meeting": "triad_meeting",
    "plan": "action_plan",
    "priority": "plan_priority",
    "school": "school",
    "self_evaluation": "self_evaluation",
    "step": "qa_next_step",
    "story": "celebration_impact_story",
    "token": "api_token",
    "triad": "triad",
    "user": "user_account",
    "version": "framework_version",
    "visit": "qa_visit",
    "voice": "voice_invitation",
}
# Ids in addresses that are not an LA's rows: the installation's own (an LA, an outbox message, a
# signed-in session) or a framework's words ("leadership").
NOT_LA_IDS = {"la_id", "message_id", "session_id", "area_id"}

# (table, old id) -> the id it now has, or None when the row is not in the archive.
Lookup = Callable[[str, int], int | None]

TOKEN = re.compile(r"\b([a-z_]+)-(\d+)\b")


def _in_text(lookup: Lookup, word: str, old: str) -> str:
    table = NAMES.get(word)
    if table is None:
        return old
    return str(lookup(table, int(old)) or 0)


def rewrite_key(text: str, lookup: Lookup) -> str:
    return TOKEN.sub(lambda m: f"{m.group(1)}-{_in_text(lookup, m.group(1), m.group(2))}", text)


def rewrite_link(href: str, lookup: Lookup) -> str:
    path, mark, fragment = href.partition("#")
    path, question, query = path.partition("?")
    adapter = current_app.url_map.bind("localhost")
    try:
        endpoint, args = adapter.match(path, method="GET")
    except (HTTPException, RequestRedirect):
        return href  # not an address of the service: nothing in it to change
    for name, value in args.items():
        if name.endswith("_id") and name not in NOT_LA_IDS and isinstance(value, int):
            args[name] = int(_in_text(lookup, name.removesuffix("_id"), str(value)))
    return adapter.build(endpoint, args) + question + query + mark + rewrite_key(fragment, lookup)


def _model_tables() -> dict[str, str]:
    return {mapper.class_.__name__: mapper.local_table.name for mapper in Base.registry.mappers}


def rewrite_audit(row: dict, lookup: Lookup) -> dict:
    table = _model_tables().get(row["entity"])
    if row.get("entity_id") is not None and table is not None:
        row["entity_id"] = lookup(table, row["entity_id"])
    detail = row.get("detail")
    if isinstance(detail, dict):
        row["detail"] = {key: _detail_value(key, value, lookup) for key, value in detail.items()}
    return row


def _detail_value(key: str, value, lookup: Lookup):
    table = NAMES.get(key.removesuffix("_id")) if key.endswith("_id") else None
    if table is None or not isinstance(value, int) or isinstance(value, bool):
        return value
    return lookup(table, value)


def rewrite_notification(row: dict, lookup: Lookup) -> dict:
    row["key"] = rewrite_key(row["key"], lookup)
    row["href"] = rewrite_link(row["href"], lookup)
    return row


# Tables whose text holds ids, and how each row's are rewritten.
REWRITE = {
    "audit_event": rewrite_audit,
    "notification": rewrite_notification,
}
