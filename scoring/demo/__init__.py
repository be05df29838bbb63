"""Demonstration data of scoring: the illustrative methodologies and Jambi's Tim 9."""

from scoring.demo.methodologies import create_demo_methodologies, illustrative_document
from scoring.demo.panels import SEATS, create_demo_panels

__all__ = [
    "SEATS",
    "create_demo_methodologies",
    "create_demo_panels",
    "illustrative_document",
]
