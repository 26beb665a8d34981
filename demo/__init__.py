"""Fictional demo data and national-scale data. Only the CLI (app/cli.py) imports this package."""
