"""Record ids in URLs: `<int:...>` matches at most the largest id a record can have, so a longer
number is a page that does not exist (404), not a query the database refuses (500)."""

from werkzeug.routing import IntegerConverter

from app.db import MAX_ID


class IdConverter(IntegerConverter):
    def __init__(self, url_map, *args, **kwargs) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(url_map, *args, **kwargs)
