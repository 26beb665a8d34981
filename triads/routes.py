"""Triad and meeting screens."""
