"""Demonstration coverage data: every active province and kab/kota, 2020–2024, in
mixed workflow states, with the figures reported in the press (domain guide §8) in
approved reports.

Every number comes from `random.Random` seeded with a fixed text and a region code, so
the same regions always give the same data, whatever else is loaded and whatever the
clock says (`figures`, `plans`). Reports are bulk-created for speed, but each is checked
with the shared validation first, and provenance is kept: the workflow steps as status
changes and one system audit entry per report (`store`).
"""

from participants.demo.plans import MISSING, plan_reports
from participants.demo.reported import REPORTED
from participants.demo.store import DEMO_REASON, create_demo_reports

__all__ = ["DEMO_REASON", "MISSING", "REPORTED", "create_demo_reports", "plan_reports"]
