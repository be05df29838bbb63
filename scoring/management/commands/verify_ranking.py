"""`manage.py verify_ranking BUNDLE`: recompute a ranking from its bundle file alone,
with no database, and say whether every rank, total and the hash match (exit 0) or
not (exit 1)."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from scoring.engine import verify_bundle


class Command(BaseCommand):
    help = "Recompute a ranking bundle from the file alone and compare it."
    # No system checks: they may reach the database, and the check needs none.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("bundle", help="A ranking bundle (JSON) downloaded.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            bundle = json.loads(Path(options["bundle"]).read_text(encoding="utf-8"))
            problems = verify_bundle(bundle)
        except OSError as error:
            raise CommandError(f"Cannot read {options['bundle']}: {error}") from None
        except (ValueError, KeyError, TypeError) as error:
            raise CommandError(f"Not a ranking bundle: {error!r}") from None
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(
                f"{len(problems)} differences: the bundle does not verify."
            )
        ranked = len(bundle["ranked"])
        self.stdout.write(
            f"OK: {ranked} ranks, {len(bundle['incomplete'])} incomplete and the hash "
            f"{bundle['hash']} match."
        )
