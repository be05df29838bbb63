"""What each upload kind holds: its columns (with Indonesian and English header
aliases), its natural key and the report table it writes. Templates, reading and
validation all work from these definitions."""

import re
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from participants.models import (
    ClaimLine,
    FundingSource,
    ImportBatch,
    NonAsnLine,
    VulnerableWorkerLine,
)

CODE = "code"  # a region code, kept as text
VILLAGE = "village"  # a desa/kelurahan code, kept as text
YEAR = "year"
NUMBER = "number"  # a whole number, Indonesian or plain notation
CHOICE = "choice"
LABEL = "label"  # informational (e.g. the region's name); not read

# The last column of a pre-filled template that marks a locked report's rows; the
# reader ignores it without a note.
LOCK_HEADER = "status_kunci"


def normalise(text: str) -> str:
    """Header or choice spelling to compare: 'Kode Wilayah ' -> 'kode_wilayah'."""
    return re.sub(r"[^0-9a-z]+", "_", text.strip().lower()).strip("_")


@dataclass(frozen=True)
class Column:
    """One column of an upload file."""

    name: str
    label_id: str
    label_en: str
    kind: str
    required: bool = False
    aliases: tuple[str, ...] = ()
    choices: type[models.TextChoices] | None = None
    note_id: str = ""
    note_en: str = ""

    def spellings(self) -> set[str]:
        return {
            normalise(s)
            for s in (self.name, self.label_id, self.label_en, *self.aliases)
        }

    def choice_lookup(self) -> dict[str, str]:
        """Accepted spellings of each choice (its code and its labels) -> code."""
        if self.choices is None:
            return {}
        lookup = {}
        for value, label in self.choices.choices:
            lookup[normalise(value)] = value
            lookup[normalise(str(label))] = value
        return lookup


@dataclass(frozen=True)
class UploadKind:
    """An upload kind: columns, the key that identifies a row, the table it fills."""

    name: str
    title: StrOrPromise
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    table: str | None  # None: the report's own figures
    value_columns: tuple[str, ...] = field(default=())

    def column(self, name: str) -> Column:
        return next(column for column in self.columns if column.name == name)


REGION = Column(
    "region",
    "kode_wilayah",
    "region_code",
    CODE,
    True,
    ("kode", "wilayah", "region"),
    note_id="Kode Kemendagri provinsi (15) atau kab/kota (15.71), sebagai teks.",
    note_en="Kemendagri code of the province (15) or kab/kota (15.71), as text.",
)
REGION_NAME = Column(
    "region_name",
    "nama_wilayah",
    "region_name",
    LABEL,
    aliases=("nama",),
    note_id="Nama wilayah, hanya untuk dibaca; tidak diimpor.",
    note_en="The region's name, for reading only; not imported.",
)
YEAR_COLUMN = Column(
    "year",
    "tahun",
    "year",
    YEAR,
    True,
    note_id="Tahun data, misalnya 2024.",
    note_en="The data's year, e.g. 2024.",
)


def number(name: str, label_id: str, label_en: str, *aliases: str) -> Column:
    return Column(
        name,
        label_id,
        label_en,
        NUMBER,
        aliases=aliases,
        note_id="Bilangan bulat (1.234.567 atau 1234567); kosong = tidak dilaporkan.",
        note_en="A whole number (1.234.567 or 1234567); blank = not reported.",
    )


def choice(
    name: str, label_id: str, label_en: str, choices: type[models.TextChoices]
) -> Column:
    codes = ", ".join(choices.values)
    return Column(
        name,
        label_id,
        label_en,
        CHOICE,
        True,
        choices=choices,
        note_id=f"Salah satu dari: {codes}.",
        note_en=f"One of: {codes}.",
    )


KINDS = {
    ImportBatch.Kind.REPORTS: UploadKind(
        "reports",
        _("Coverage reports"),
        (
            REGION,
            REGION_NAME,
            YEAR_COLUMN,
            number("angkatan_kerja", "angkatan_kerja", "labour_force", "labor_force"),
            number("pekerja_formal", "pekerja_formal", "formal_workers"),
            number("pekerja_informal", "pekerja_informal", "informal_workers"),
            number("peserta_pu", "peserta_pu", "pu_participants", "pu"),
            number("peserta_bpu", "peserta_bpu", "bpu_participants", "bpu"),
            number("peserta_jakon", "peserta_jakon", "jakon_participants", "jakon"),
            number("peserta_pmi", "peserta_pmi", "pmi_participants", "pmi"),
            number(
                "pemberi_kerja", "pemberi_kerja", "registered_employers", "employers"
            ),
        ),
        key=("region", "year"),
        table=None,
    ),
    ImportBatch.Kind.NON_ASN: UploadKind(
        "non-asn",
        _("Non-ASN staff"),
        (
            REGION,
            REGION_NAME,
            YEAR_COLUMN,
            choice("category", "kategori", "category", NonAsnLine.Category),
            number("eligible", "sasaran", "eligible"),
            number("protected", "terlindungi", "protected"),
        ),
        key=("region", "year", "category"),
        table="non_asn",
    ),
    ImportBatch.Kind.VULNERABLE: UploadKind(
        "vulnerable",
        _("Vulnerable workers"),
        (
            REGION,
            REGION_NAME,
            YEAR_COLUMN,
            choice("sector", "sektor", "sector", VulnerableWorkerLine.Sector),
            choice("funding_source", "sumber_dana", "funding_source", FundingSource),
            number("workers", "pekerja", "workers"),
            number("months", "bulan", "months"),
            number("rupiah", "rupiah", "rupiah_paid"),
        ),
        key=("region", "year", "sector", "funding_source"),
        table="vulnerable",
    ),
    ImportBatch.Kind.VILLAGES: UploadKind(
        "villages",
        _("Village protection"),
        (
            Column(
                "village",
                "kode_desa",
                "village_code",
                VILLAGE,
                True,
                ("desa", "village"),
                note_id="Kode Kemendagri desa (64.01.01.2001), sebagai teks.",
                note_en="Kemendagri code of the desa (64.01.01.2001), as text.",
            ),
            Column(
                "village_name",
                "nama_desa",
                "village_name",
                LABEL,
                note_id="Nama desa, hanya untuk dibaca.",
                note_en="For reading only.",
            ),
            YEAR_COLUMN,
            number(
                "workers",
                "pekerja_terlindungi",
                "workers_protected",
                "pekerja",
                "workers",
            ),
            choice("funding_source", "sumber_dana", "funding_source", FundingSource),
        ),
        key=("village", "year"),
        table="villages",
    ),
}
CLAIM_PROGRAMMES = ClaimLine.Programme
