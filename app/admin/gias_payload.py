"""Carrying a checked GIAS file's schools from the preview to the Confirm button, so the lead does
not upload tens of MB twice. The preview puts what it would save (a few hundred schools at most:
the LA's own) in a hidden field, compressed and signed with the app's secret key; the confirm
reads back only what this service signed, for this LA, and not long ago."""

from dataclasses import dataclass

from flask import current_app
from itsdangerous import BadData, URLSafeTimedSerializer

from app.admin.gias_import import Change, Preview
from app.interfaces.schools import SchoolData
from app.models import Phase, SchoolType

SALT = "schools.gias-import"
MAX_AGE_SECONDS = 24 * 60 * 60


class PayloadRefused(ValueError):
    """The hidden field was not what the preview wrote (changed, cut short, from another LA) or is
    too old to trust."""


@dataclass(frozen=True)
class ImportPlan:
    to_add: list[SchoolData]
    to_change: list[Change]
    counts: dict[str, int]


def _serializer() -> URLSafeTimedSerializer:
    # URLSafe*: zlib-compressed when that is shorter, which it is for lists of schools.
    return URLSafeTimedSerializer(current_app.secret_key, salt=SALT)


def _row(data: SchoolData) -> list[str]:
    return [data.urn, data.name, data.phase.name, data.school_type.name]


def _data(row: list) -> SchoolData:
    urn, name, phase, school_type = row
    return SchoolData(urn=str(urn), name=str(name), phase=Phase[phase], school_type=SchoolType[school_type])


def seal(la_id: int, preview: Preview) -> str:
    return _serializer().dumps({
        "la": la_id,
        "add": [_row(data) for data in preview.to_add],
        "change": [[c.school_id, c.version, _row(c.old), _row(c.new)] for c in preview.to_change],
        "counts": preview.counts(),
    })


def unseal(la_id: int, token: str) -> ImportPlan:
    try:
        payload = _serializer().loads(token or "", max_age=MAX_AGE_SECONDS)
    except BadData as exc:
        raise PayloadRefused(str(exc)) from exc
    try:
        if payload["la"] != la_id:
            raise PayloadRefused("sealed for another local authority")
        return ImportPlan(
            [_data(row) for row in payload["add"]],
            [Change(int(school_id), int(version), _data(old), _data(new))
             for school_id, version, old, new in payload["change"]],
            {str(k): int(v) for k, v in payload["counts"].items()},
        )
    except (KeyError, TypeError, ValueError) as exc:  # signed by us, so only an older shape
        raise PayloadRefused("not a plan this service reads") from exc
