"""Signed, expiring links for invitations and password resets.

Each token names a nonce that changes on use (invitation accepted / password set), so a link
works once even though the signature itself would still verify.
"""

from datetime import timedelta

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

INVITATION_SALT = "invitation"
RESET_SALT = "password-reset"


def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def make_invitation_token(invitation_id: int, nonce: str) -> str:
    return _serializer(INVITATION_SALT).dumps({"i": invitation_id, "n": nonce})


def read_invitation_token(token: str, max_age: timedelta) -> tuple[int, str] | None:
    data = _loads(INVITATION_SALT, token, max_age)
    if not isinstance(data, dict) or not isinstance(data.get("i"), int):
        return None
    return data["i"], str(data.get("n"))


def make_reset_token(user_id: int, session_key: str) -> str:
    return _serializer(RESET_SALT).dumps({"u": user_id, "k": session_key[:16]})


def read_reset_token(token: str, max_age: timedelta) -> tuple[int, str] | None:
    data = _loads(RESET_SALT, token, max_age)
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None
    return data["u"], str(data.get("k"))


def _loads(salt: str, token: str, max_age: timedelta):
    if len(token) > 500:
        return None
    try:
        return _serializer(salt).loads(token, max_age=int(max_age.total_seconds()))
    except BadSignature:  # includes SignatureExpired
        return None
