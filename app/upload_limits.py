"""How large a request may be: MAX_CONTENT_LENGTH everywhere, except a view that accepts a larger
upload and says so with @accepts_upload(max_bytes).

The limit is read when the body is first parsed, and CSRF protection parses it in a before-request
hook, before the view runs: so setting `request.max_content_length` inside the view would come too
late. The request asks the matched view for its limit instead."""

from collections.abc import Callable

from flask import Request, current_app


def accepts_upload(max_bytes: int) -> Callable:
    def decorator(view: Callable) -> Callable:
        view.max_upload_bytes = max_bytes  # copied outward by functools.wraps
        return view

    return decorator


class UploadLimitRequest(Request):
    @property
    def max_content_length(self) -> int | None:
        if self._max_content_length is None and self.url_rule is not None:
            view = current_app.view_functions.get(self.url_rule.endpoint)
            limit = getattr(view, "max_upload_bytes", None)
            if limit is not None:
                return limit
        return super().max_content_length

    @max_content_length.setter
    def max_content_length(self, value: int | None) -> None:
        self._max_content_length = value
