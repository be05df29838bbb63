"""`manage.py prepare_portal [--demo]`: migrate, load regions and maybe demo data.

One process for the whole set-up, so that a second `make run` is quick."""

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from accounts.demo import DEMO_PASSWORD, create_demo_users
from accounts.models import User
from nominations.demo import create_demo_award
from participants.demo import create_demo_reports
from publication.demo import issue_demo_certificates
from publication.demo_releases import create_demo_releases
from publication.models import Certificate
from regions.demo import load_demo_offices
from review.models import ReviewStatus
from scoring.demo import (
    SEATS,
    create_demo_methodologies,
    create_demo_panels,
    create_demo_runs,
    create_demo_sheets,
)


class Command(BaseCommand):
    help = "Migrate, load the regions and, with --demo, the demonstration data."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--demo", action="store_true", help="Load demo data too.")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        call_command("load_regions", stdout=self.stdout, stderr=self.stderr)
        if not options["demo"]:
            return
        created = load_demo_offices()
        if created:
            self.stdout.write(f"Demo branches created: {created}")
        users = create_demo_users()
        reports = create_demo_reports()
        if reports:
            counts = ", ".join(
                f"{reports[status]} {status}"
                for status in ReviewStatus.values
                if reports[status]
            )
            self.stdout.write(
                f"Demo coverage reports created: {reports.total()} ({counts})"
            )
        candidates = create_demo_award()
        if candidates:
            self.stdout.write(
                f"Demo award edition created with {candidates} candidates"
            )
        methodologies = create_demo_methodologies()
        if methodologies:
            self.stdout.write(f"Illustrative methodologies created: {methodologies}")
        seats = create_demo_panels()
        if seats:
            self.stdout.write(f"Demo Tim 9 of Jambi created with {len(seats)} members")
        self._scoring()
        self._releases()
        self.stdout.write(
            self.style.SUCCESS(f"Demo log-ins (password for all: {DEMO_PASSWORD}):")
        )
        for user in users:
            self.stdout.write(f"  {user.username:<20} {user.role}")
        self._panel_logins()

    def _scoring(self) -> None:
        """Tim 9's submitted sheets and the rankings computed from them."""
        sheets = create_demo_sheets()
        if sheets:
            self.stdout.write(f"Demo score sheets of Tim 9 submitted: {sheets}")
        runs = create_demo_runs()
        if runs:
            stages = ", ".join(run.stage for run in runs)
            self.stdout.write(f"Demo ranking runs of Jambi computed: {stages}")

    def _releases(self) -> None:
        """The demo rounds run to published provincial and national releases."""
        releases = create_demo_releases()
        if releases:
            national = sum(1 for release in releases if release.province_id is None)
            self.stdout.write(
                f"Demo releases published: {len(releases) - national} provincial, "
                f"{national} national"
            )
        issued = Certificate.objects.filter(is_demo=True).exists()
        certificates = issue_demo_certificates()
        if certificates and not issued:
            revoked = sum(1 for c in certificates if c.is_revoked)
            self.stdout.write(
                f"Demo certificates: {len(certificates)} issued, {revoked} revoked"
            )

    def _panel_logins(self) -> None:
        """The Tim 9 demo assessors beyond `penilai`, with their seat."""
        names = {seat.username for seat in SEATS} - {"penilai"}
        existing = set(
            User.objects.filter(username__in=names).values_list("username", flat=True)
        )
        for seat in SEATS:
            if seat.username in existing:
                self.stdout.write(
                    f"  {seat.username:<20} penilai (Tim 9 Jambi, {seat.role})"
                )
