"""The coverage figure of every province for the tile map.

How it is computed: take the latest year for which any coverage report is approved;
for each province, add up the participants (PU + BPU, plus Jakon and PMI where
reported) and the angkatan kerja of its approved kab/kota reports of that year that
give both; coverage = participants ÷ angkatan kerja × 100. A province without such
kab/kota reports uses its own approved province report of that year, if any; else
it has no data. The share falls into one of five classes of 20 points each."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Max
from django.utils import formats
from django.utils.translation import gettext as _

from participants.calculations import participants, percentage
from participants.models import CoverageReport
from publication.tilemap import TILES, Tile
from regions.models import Province

# Lower bounds of the five classes, in % (the last class includes 100 and above).
CLASS_BOUNDS = (Decimal(0), Decimal(20), Decimal(40), Decimal(60), Decimal(80))

SIZE = 40  # a tile's square, in SVG units, with a gap of 2


@dataclass(frozen=True)
class ProvinceFigure:
    code: str
    name: str
    tile: Tile
    participants: int | None
    angkatan_kerja: int | None
    coverage_pct: Decimal | None

    @property
    def klass(self) -> int | None:
        """1…5, or None without data."""
        if self.coverage_pct is None:
            return None
        return sum(1 for bound in CLASS_BOUNDS if self.coverage_pct >= bound)

    @property
    def shown(self) -> str:
        """The figure as a reader says it: "45,20 %", or "no data"."""
        if self.coverage_pct is None:
            return _("no data")
        return f"{formats.localize(self.coverage_pct, use_l10n=True)} %"

    @property
    def x(self) -> str:
        return str(self.tile.column * SIZE + 1)

    @property
    def y(self) -> str:
        return str(self.tile.row * SIZE + 1)

    @property
    def centre_x(self) -> str:
        return str(self.tile.column * SIZE + SIZE // 2)

    @property
    def label_y(self) -> str:
        return str(self.tile.row * SIZE + 17)

    @property
    def figure_y(self) -> str:
        return str(self.tile.row * SIZE + 31)


def legend() -> list[tuple[int, Decimal, Decimal | None]]:
    """(class, from, below) of each class; the last has no upper bound."""
    uppers: list[Decimal | None] = [*CLASS_BOUNDS[1:], None]
    return [
        (index + 1, low, high)
        for index, (low, high) in enumerate(zip(CLASS_BOUNDS, uppers, strict=True))
    ]


def latest_year() -> int | None:
    """The latest year with an approved coverage report."""
    found = CoverageReport.objects.approved().aggregate(year=Max("year"))["year"]
    return int(found) if found is not None else None


def _sums(year: int) -> dict[str, dict[str, Any]]:
    """Per province: summed kab/kota figures and its own report's figures."""
    sums: dict[str, dict[str, Any]] = {}
    fields = ("province_id", "regency_id", "angkatan_kerja", "peserta_pu")
    rows = CoverageReport.objects.approved().filter(year=year)
    for row in rows.values(*fields, "peserta_bpu", "peserta_jakon", "peserta_pmi"):
        total = participants(
            row["peserta_pu"],
            row["peserta_bpu"],
            row["peserta_jakon"],
            row["peserta_pmi"],
        )
        if total is None or not row["angkatan_kerja"]:
            continue
        entry = sums.setdefault(row["province_id"], {"kab": [0, 0], "own": None})
        if row["regency_id"]:
            entry["kab"][0] += total
            entry["kab"][1] += row["angkatan_kerja"]
        else:
            entry["own"] = [total, row["angkatan_kerja"]]
    return sums


def province_figures(year: int | None) -> list[ProvinceFigure]:
    """The tile map's figures, every province on the map, by code."""
    sums = _sums(year) if year is not None else {}
    provinces = Province.objects.filter(code__in=TILES).order_by("code")
    figures = []
    for province in provinces.only("code", "name"):
        entry = sums.get(province.code)
        pair = None
        if entry is not None:
            pair = entry["kab"] if entry["kab"][1] else entry["own"]
        total, labour = pair if pair else (None, None)
        figures.append(
            ProvinceFigure(
                code=province.code,
                name=province.name,
                tile=TILES[province.code],
                participants=total,
                angkatan_kerja=labour,
                coverage_pct=percentage(total, labour),
            )
        )
    return figures
