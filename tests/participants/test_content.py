"""A report's content as plain data (participants.content): paths, reading a stored
report, and the labels people see for each path."""

import pytest

from participants.content import ReportContent, label_for
from participants.models import CoverageReport
from tests.factories import (
    ClaimLineFactory,
    CoverageReportFactory,
    NonAsnLineFactory,
    VillageProtectionFactory,
    VulnerableWorkerLineFactory,
)

BLANK_FIGURES = dict.fromkeys(CoverageReport.FIGURES)


def test_flat_names_every_figure_and_table_value_by_its_path():
    content = ReportContent(
        figures={"angkatan_kerja": 18_749, "peserta_pu": 6_000},
        lines={
            "non_asn": {"guru_honorer": {"eligible": 100, "protected": 80}},
            "vulnerable": {"petani/apbd": {"workers": 10, "months": 12, "rupiah": 5}},
            "villages": {"64.01.01.2001": {"workers": 120, "funding_source": "apbdes"}},
            "claims": {"jkk": {"cases": 3, "rupiah": 45_000_000}},
        },
    )

    result = content.flat()

    assert result == {
        **BLANK_FIGURES,
        "angkatan_kerja": 18_749,
        "peserta_pu": 6_000,
        "non_asn:guru_honorer:eligible": 100,
        "non_asn:guru_honorer:protected": 80,
        "vulnerable:petani/apbd:workers": 10,
        "vulnerable:petani/apbd:months": 12,
        "vulnerable:petani/apbd:rupiah": 5,
        "villages:64.01.01.2001:workers": 120,
        "villages:64.01.01.2001:funding_source": "apbdes",
        "claims:jkk:cases": 3,
        "claims:jkk:rupiah": 45_000_000,
    }


def test_flat_names_a_value_missing_from_a_row_as_none():
    content = ReportContent(lines={"claims": {"jkm": {"cases": 2}}})

    result = content.flat()

    assert result == {
        **BLANK_FIGURES,
        "claims:jkm:cases": 2,
        "claims:jkm:rupiah": None,
    }


def test_flat_leaves_blank_rows_out():
    content = ReportContent(
        lines={"non_asn": {"bpd": {"eligible": None, "protected": None}}}
    )

    result = content.flat()

    assert result == BLANK_FIGURES


@pytest.mark.django_db
def test_of_reads_figures_and_every_table_of_a_stored_report():
    report = CoverageReportFactory(peserta_jakon=12)
    NonAsnLineFactory(report=report, category="bpd", eligible=727, protected=700)
    VulnerableWorkerLineFactory(
        report=report, sector="nelayan", funding_source="csr", months=6
    )
    village = VillageProtectionFactory(report=report, workers=150)
    ClaimLineFactory(report=report, programme="jkm", cases=2, rupiah=84_000_000)

    result = ReportContent.of(report)

    assert result == ReportContent(
        figures={
            "angkatan_kerja": 10_000,
            "pekerja_formal": 4_000,
            "pekerja_informal": 6_000,
            "peserta_pu": 3_500,
            "peserta_bpu": 2_500,
            "peserta_jakon": 12,
            "peserta_pmi": None,
            "pemberi_kerja": 120,
        },
        lines={
            "non_asn": {"bpd": {"eligible": 727, "protected": 700}},
            "vulnerable": {
                "nelayan/csr": {"workers": 100, "months": 6, "rupiah": 20_160_000}
            },
            "villages": {
                village.village_id: {"workers": 150, "funding_source": "apbdes"}
            },
            "claims": {"jkm": {"cases": 2, "rupiah": 84_000_000}},
        },
    )


@pytest.mark.django_db
def test_of_a_new_report_has_blank_figures_and_empty_tables():
    report = CoverageReportFactory(**BLANK_FIGURES)

    result = ReportContent.of(report)

    assert result == ReportContent(
        figures=BLANK_FIGURES,
        lines={"non_asn": {}, "vulnerable": {}, "villages": {}, "claims": {}},
    )


@pytest.mark.parametrize(
    ("path", "label"),
    [
        ("angkatan_kerja", "Labour force (angkatan kerja)"),
        ("peserta_bpu", "BPU participants (non-wage earners)"),
        ("", "Report"),
        ("non_asn:guru_honorer:protected", "Non-ASN lines — Guru honorer — protected"),
        (
            "vulnerable:petani/apbd:rupiah",
            "Vulnerable-worker lines — Farmers — APBD — rupiah paid",
        ),
        (
            "villages:64.01.01.2001:workers",
            "Village protection — 64.01.01.2001 — workers protected",
        ),
        ("claims:jkk:cases", "Claims lines — JKK (work accident) — cases"),
        ("claims:beasiswa:rupiah", "Claims lines — Scholarship — rupiah paid"),
    ],
)
def test_label_for_names_the_figure_or_the_table_row_and_value(english, path, label):
    result = label_for(path)

    assert result == label


@pytest.mark.parametrize(
    ("path", "label"),
    [
        ("non_asn:guru_honorer", "Non-ASN lines — Guru honorer"),
        ("villages:15.01.01.2001", "Village protection — 15.01.01.2001"),
        ("vulnerable:petani", "Vulnerable-worker lines — petani"),
    ],
)
def test_label_for_a_row_path_of_a_finding_names_the_row(english, path, label):
    result = label_for(path)

    assert result == label


def test_label_for_an_unknown_key_shows_the_key_as_written(english):
    result = label_for("claims:jht:cases")

    assert result == "Claims lines — jht — cases"


def test_from_flat_rebuilds_what_flat_wrote():
    content = ReportContent(
        figures={"angkatan_kerja": 10, "peserta_pu": None},
        lines={
            "non_asn": {"bpd": {"eligible": 5, "protected": 4}},
            "villages": {"64.01.01.2001": {"workers": 120, "funding_source": "apbd"}},
        },
    )

    rebuilt = ReportContent.from_flat(content.flat())

    assert rebuilt.flat() == content.flat()
