"""`manage.py import_methodology FILE --category PK --tier provincial`: a JSON
document as the category's next methodology version, all or nothing."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nominations.models import Category, Stage
from scoring.methodology_json import DocumentError, loads
from scoring.services.methodology import create_methodology


class Command(BaseCommand):
    help = "Read a methodology JSON document into a new version for a category."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The JSON document.")
        parser.add_argument("--category", type=int, required=True)
        parser.add_argument("--tier", choices=Stage.Tier.values, required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        category = Category.objects.filter(pk=options["category"]).first()
        if category is None:
            raise CommandError(f"No category with id {options['category']}.")
        try:
            document = loads(Path(options["file"]).read_bytes())
            methodology = create_methodology(
                document, category=category, tier=options["tier"]
            )
        except OSError as error:
            raise CommandError(f"Cannot read {options['file']}: {error}") from None
        except DocumentError as error:
            lines = [f"  {f.path}: {f.message}" for f in error.findings]
            raise CommandError(
                "\n".join(["The document is refused:", *lines])
            ) from None
        self.stdout.write(
            f"Imported {methodology} (id {methodology.pk}) for {category}, "
            f"{options['tier']} tier."
        )
