"""Action-plan screens."""
