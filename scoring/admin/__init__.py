"""Scoring in Django's admin: methodologies (`methodology`), panels (`panels`) and
ranking runs (`runs`, read only)."""

from scoring.admin import methodology, panels, runs

__all__ = ["methodology", "panels", "runs"]
