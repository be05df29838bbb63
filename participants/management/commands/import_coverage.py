"""`manage.py import_coverage FILE --type T --user U [--dry-run]`: the upload from the
command line (the same checks and writes as the web page); `--template` prints the CSV
template instead. Exit status 0 only when the file was accepted."""

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from participants.importers import batches, problems
from participants.importers.kinds import KINDS
from participants.importers.templates import csv_template
from participants.models import ImportBatch
from review.workflow import ReviewError

TYPES = {kind.value: kind for kind in ImportBatch.Kind}


class Command(BaseCommand):
    help = "Check and import a CSV or XLSX file of coverage data."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", type=Path)
        parser.add_argument("--type", required=True, choices=sorted(TYPES))
        parser.add_argument(
            "--user", help="Username of the uploader (whose area counts)"
        )
        parser.add_argument("--dry-run", action="store_true", help="Check only.")
        parser.add_argument(
            "--template", action="store_true", help="Print the CSV template."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        kind = TYPES[options["type"]]
        if options["template"]:
            self.stdout.write(csv_template(KINDS[kind]).decode("utf-8-sig"), ending="")
            return
        if not options["file"] or not options["user"]:
            raise CommandError("Give a FILE and --user (or --template).")
        user = self._user(options["user"])
        try:
            data = options["file"].read_bytes()
        except OSError:
            raise CommandError(f"Cannot read {options['file']}.") from None
        try:
            batch = batches.create_batch(data, options["file"].name, kind, by=user)
        except ReviewError as error:
            raise CommandError(str(error)) from None
        batch = batches.check_batch(batch)
        self._report(batch)
        if batch.status != ImportBatch.Status.VALIDATED:
            raise CommandError(
                f"{len(batch.problems)} problem(s); nothing was imported."
            )
        if not options["dry_run"]:
            batch = batches.commit_batch(batch, by=user)
            changed = batch.counts.get("reports", 0)
            self.stdout.write(f"Saved: batch {batch.pk}, {changed} report(s) changed.")

    def _user(self, username: str) -> Any:
        try:
            return get_user_model().objects.get(username=username, is_active=True)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No active user '{username}'.") from None

    def _report(self, batch: ImportBatch) -> None:
        counts = batch.counts
        if counts:
            summary = ", ".join(
                f"{name} {counts.get(name, 0)}"
                for name in ("new", "changed", "unchanged")
            )
            self.stdout.write(f"rows {counts.get('rows', 0)}: {summary}")
        for note in problems.notes_shown(batch.notes):
            self.stdout.write(f"note: {note}")
        for problem in batch.problems:
            where = f"row {problem['row']}" if problem["row"] else "file"
            column = f", {problem['column']}" if problem["column"] else ""
            value = f" '{problem['value']}'" if problem["value"] else ""
            self.stderr.write(f"{where}{column}{value}: {problems.reason(problem)}")
