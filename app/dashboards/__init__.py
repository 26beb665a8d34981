"""Comparison dashboards for an LA lead and its quality assurers: one cohort at a time."""
