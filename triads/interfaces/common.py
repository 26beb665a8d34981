"""Shared pieces of the triads interfaces."""


class Invalid(ValueError):
    """Input refused, with a message per form field."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors
