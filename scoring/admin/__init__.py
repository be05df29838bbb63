"""Scoring in Django's admin: methodologies (`methodology`), panels (`panels`),
score sheets (`sheets`) and ranking runs (`runs`, read only)."""

from scoring.admin import methodology, panels, runs, sheets

__all__ = ["methodology", "panels", "runs", "sheets"]
