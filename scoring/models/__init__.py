"""Models of the scoring app: methodologies, panels and their members."""

from scoring.models.panels import Assignment, Declaration, Panel, PanelMember

__all__ = ["Assignment", "Declaration", "Panel", "PanelMember"]
