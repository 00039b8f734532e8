"""Deterministic safety checks (red-flag emergency detection) for the baclofen assistant."""
