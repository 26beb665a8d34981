"""The triads package's pages, one module per concern."""

from triads.routes import celebrations, meetings, overview, plans, triads, visits  # noqa: F401
