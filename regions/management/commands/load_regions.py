"""`manage.py load_regions [DIR]`: load the idn-area-data CSV files."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from regions.loaders import RegionFileError, load_regions


class Command(BaseCommand):
    help = "Load provinces, kab/kota, kecamatan and desa from the idn-area-data CSVs."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "directory",
            nargs="?",
            type=Path,
            default=settings.IDN_AREA_DATA_DIR,
            help="Folder with provinces, regencies, districts and villages CSVs",
        )
        parser.add_argument(
            "--force", action="store_true", help="Compare every row even if unchanged."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        directory: Path = options["directory"]
        try:
            result = load_regions(directory, force=options["force"])
        except RegionFileError as error:
            for problem in error.problems:
                self.stderr.write(problem)
            raise CommandError("Nothing was loaded.") from None
        if result.skipped:
            self.stdout.write(
                "Regions are up to date (same source files as last load)."
            )
            return
        for level, counts in result.counts.items():
            summary = ", ".join(f"{key} {value}" for key, value in counts.items())
            self.stdout.write(f"{level}: {summary}")
