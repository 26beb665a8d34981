"""The feed's errors: JSON with one shape, whatever went wrong, and never an HTML page."""

from flask import Response, jsonify, request

PREFIX = "/api/"

CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    429: "too_many_requests",
    500: "server_error",
}

MESSAGES = {
    400: "The request is not one the feed understands.",
    401: "Send a data feed token: Authorization: Bearer <token>.",
    403: "This token cannot read this part of the feed.",
    404: "There is nothing here for this token.",
    405: "The feed is read-only: use GET.",
    429: "Too many requests for this token. Wait and try again.",
    500: "Sorry, there is a problem with the service.",
}


def is_api_request() -> bool:
    return request.path.startswith(PREFIX)


def json_error(status: int, message: str | None = None, headers: dict | None = None) -> Response:
    """{"error": {"status": 404, "code": "not_found", "message": "..."}}"""
    response = jsonify(error={"status": status, "code": CODES.get(status, "error"),
                              "message": message or MESSAGES.get(status, "")})
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    for name, value in (headers or {}).items():
        response.headers[name] = value
    if status == 405:
        response.headers["Allow"] = "GET, HEAD"
    return response
