"""The dashboards' pages: one cohort's comparisons, the triad-forming helper, the network benchmarks."""

from dashboards.routes import cohorts, forming, network  # noqa: F401
