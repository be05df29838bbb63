"""`manage.py export_methodology PK [--output FILE]`: a methodology version as JSON."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from scoring.methodology_json import dumps, to_document
from scoring.models import Methodology


class Command(BaseCommand):
    help = "Write a methodology version as a JSON document (schema_version 1)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("methodology", type=int, help="The methodology's id.")
        parser.add_argument("--output", help="A file to write; standard output if not.")

    def handle(self, *args: Any, **options: Any) -> None:
        methodology = Methodology.objects.filter(pk=options["methodology"]).first()
        if methodology is None:
            raise CommandError(f"No methodology with id {options['methodology']}.")
        text = dumps(to_document(methodology))
        if options["output"]:
            Path(options["output"]).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")
