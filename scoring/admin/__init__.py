"""Scoring in Django's admin: methodologies (`methodology`) and panels (`panels`)."""

from scoring.admin import methodology, panels

__all__ = ["methodology", "panels"]
