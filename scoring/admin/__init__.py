"""Scoring in Django's admin: methodologies (`methodology`), panels (`panels`),
score sheets (`sheets`), ranking runs (`runs`, read only) and recompute jobs
(`jobs`, read only)."""

from scoring.admin import jobs, methodology, panels, runs, sheets

__all__ = ["jobs", "methodology", "panels", "runs", "sheets"]
