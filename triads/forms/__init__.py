"""The triads package's forms, one module per concern."""
