"""Scoring in Django's admin: methodologies (`methodology`), panels (`panels`) and
score sheets (`sheets`)."""

from scoring.admin import methodology, panels, sheets

__all__ = ["methodology", "panels", "sheets"]
