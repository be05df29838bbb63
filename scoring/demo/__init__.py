"""Demonstration data of scoring: the illustrative methodologies, Jambi's Tim 9, its
submitted score sheets and the ranking runs computed from them."""

from scoring.demo.methodologies import create_demo_methodologies, illustrative_document
from scoring.demo.panels import SEATS, create_demo_panels
from scoring.demo.runs import create_demo_runs
from scoring.demo.sheets import create_demo_sheets

__all__ = [
    "SEATS",
    "create_demo_methodologies",
    "create_demo_panels",
    "create_demo_runs",
    "create_demo_sheets",
    "illustrative_document",
]
