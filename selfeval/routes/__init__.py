"""The self-evaluation's pages, one module per concern."""

from selfeval.routes import evaluations, evidence, summary, voices  # noqa: F401
