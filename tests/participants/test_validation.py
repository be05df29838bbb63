"""The one definition of the coverage rules (participants.validation): every hard
error, both warnings, and messages that name the field in the active language."""

from decimal import Decimal

import pytest
from django.utils import translation

from participants.content import ReportContent, label_for
from participants.validation import check_content, check_figures, check_line
from review.findings import Finding, errors, warnings

WORKFORCE = {
    "angkatan_kerja": 10_000,
    "pekerja_formal": 4_000,
    "pekerja_informal": 6_000,
}
SIXTY_PERCENT = {**WORKFORCE, "peserta_pu": 3_500, "peserta_bpu": 2_500}
FULL_YEAR = {"workers": 100, "months": 12, "rupiah": 100 * 12 * 16_800}


def test_check_figures_accepts_consistent_figures(english):
    result = check_figures({**SIXTY_PERCENT, "peserta_jakon": 10, "peserta_pmi": 5})

    assert result == []


def test_check_figures_accepts_blank_figures(english):
    result = check_figures({})

    assert result == []


def test_check_figures_refuses_a_negative_figure(english):
    result = check_figures({**SIXTY_PERCENT, "peserta_bpu": -1})

    assert result == [
        Finding(
            "peserta_bpu",
            "negative",
            "BPU participants (non-wage earners): cannot be negative.",
        )
    ]


def test_check_figures_refuses_formal_plus_informal_other_than_workforce(english):
    result = check_figures({**SIXTY_PERCENT, "pekerja_informal": 6_001})

    assert result == [
        Finding(
            "angkatan_kerja",
            "workforce_sum",
            "Labour force (angkatan kerja): formal (4,000) plus informal workers "
            "(6,001) must equal the labour force (10,000).",
        )
    ]


@pytest.mark.parametrize(
    "blank", ["angkatan_kerja", "pekerja_formal", "pekerja_informal"]
)
def test_check_figures_skips_the_workforce_sum_when_one_part_is_blank(english, blank):
    figures = {**SIXTY_PERCENT, "pekerja_informal": 1, blank: None}

    result = check_figures(figures)

    assert result == []


def test_check_figures_refuses_participants_above_the_workforce(english):
    figures = {**SIXTY_PERCENT, "peserta_pu": 7_000, "peserta_pmi": 600}

    result = check_figures(figures)

    assert result == [
        Finding(
            "peserta_pu",
            "participants_above_workforce",
            "PU participants (wage earners): participants (10,100) cannot be more "
            "than the labour force (10,000).",
        )
    ]


def test_check_figures_refuses_pu_alone_above_the_workforce_while_bpu_is_blank(
    english,
):
    figures = {**SIXTY_PERCENT, "peserta_pu": 10_001, "peserta_bpu": None}

    result = check_figures(figures)

    assert [(f.path, f.rule) for f in result] == [
        ("peserta_pu", "participants_above_workforce")
    ]


def test_check_figures_accepts_participants_equal_to_the_workforce(english):
    figures = {**SIXTY_PERCENT, "peserta_pu": 7_500}

    result = check_figures(figures)

    assert result == []


def test_check_figures_warns_when_coverage_moves_more_than_15_points(english):
    result = check_figures(SIXTY_PERCENT, previous_coverage=Decimal("44.99"))

    assert result == [
        Finding(
            "peserta_pu",
            "coverage_jump",
            "PU participants (wage earners): coverage moves from 44.99 % last year "
            "to 60.00 % (more than 15 points); explain why.",
            is_warning=True,
        )
    ]


@pytest.mark.parametrize("previous", [Decimal("45.00"), Decimal("75.00")])
def test_check_figures_accepts_a_move_of_exactly_15_points(english, previous):
    result = check_figures(SIXTY_PERCENT, previous_coverage=previous)

    assert result == []


def test_check_figures_warns_when_coverage_drops_more_than_15_points(english):
    result = check_figures(SIXTY_PERCENT, previous_coverage=Decimal("75.01"))

    assert [(f.rule, f.is_warning) for f in result] == [("coverage_jump", True)]


def test_check_line_accepts_a_consistent_row(english):
    result = check_line("vulnerable", "petani/apbd", FULL_YEAR)

    assert result == []


def test_check_line_refuses_a_negative_value(english):
    result = check_line("claims", "jkk", {"cases": 3, "rupiah": -5})

    assert result == [
        Finding(
            "claims:jkk:rupiah",
            "negative",
            "Claims lines — JKK (work accident) — rupiah paid: cannot be negative.",
        )
    ]


def test_check_line_refuses_protected_above_eligible(english):
    result = check_line(
        "non_asn", "guru_honorer", {"eligible": 1_802, "protected": 1_803}
    )

    assert result == [
        Finding(
            "non_asn:guru_honorer:protected",
            "protected_above_eligible",
            "Non-ASN lines — Guru honorer — protected: protected (1,803) cannot be "
            "more than eligible (1,802).",
        )
    ]


def test_check_line_accepts_protected_equal_to_eligible(english):
    result = check_line("non_asn", "bpd", {"eligible": 727, "protected": 727})

    assert result == []


@pytest.mark.parametrize(
    ("table", "key", "row", "path", "rule", "message"),
    [
        (
            "non_asn",
            "satpam",
            {"eligible": 1, "protected": 1},
            "non_asn:satpam",
            "unknown_category",
            "Non-ASN lines: 'satpam' is not a known category.",
        ),
        (
            "vulnerable",
            "penambang/apbd",
            FULL_YEAR,
            "vulnerable:penambang/apbd",
            "unknown_sector",
            "Vulnerable-worker lines: 'penambang' is not a known sector.",
        ),
        (
            "vulnerable",
            "petani/apbn",
            FULL_YEAR,
            "vulnerable:petani/apbn",
            "unknown_funding_source",
            "Vulnerable-worker lines: 'apbn' is not a known funding source.",
        ),
        (
            "claims",
            "jht",
            {"cases": 1, "rupiah": 1},
            "claims:jht",
            "unknown_programme",
            "Claims lines: 'jht' is not a known programme.",
        ),
        (
            "vulnerable",
            "petani.apbd",
            FULL_YEAR,
            "vulnerable:petani.apbd",
            "unknown_key",
            "Vulnerable-worker lines: 'petani.apbd' is not a valid row key.",
        ),
    ],
)
def test_check_line_refuses_an_unknown_row_key(
    english, table, key, row, path, rule, message
):
    result = check_line(table, key, row)

    assert result == [Finding(path, rule, message)]


def test_check_line_refuses_an_unknown_village_funding_source(english):
    row = {"workers": 120, "funding_source": "apbn"}

    result = check_line("villages", "15.01.01.2001", row)

    assert result == [
        Finding(
            "villages:15.01.01.2001:funding_source",
            "unknown_funding_source",
            "Village protection — 15.01.01.2001 — funding source: 'apbn' is not a "
            "known funding source.",
        )
    ]


def test_check_line_asks_for_a_missing_village_funding_source(english):
    row = {"workers": 120, "funding_source": None}

    result = check_line("villages", "15.01.01.2001", row)

    assert result == [
        Finding(
            "villages:15.01.01.2001:funding_source",
            "unknown_funding_source",
            "Village protection — 15.01.01.2001 — funding source: choose a funding "
            "source.",
        )
    ]


def test_check_line_refuses_a_village_outside_the_region(english):
    row = {"workers": 120, "funding_source": "apbdes"}

    result = check_line("villages", "21.05.01.2001", row, villages={"15.01.01.2001"})

    assert result == [
        Finding(
            "villages:21.05.01.2001",
            "village_outside_region",
            "Village protection: desa 21.05.01.2001 is not in this region.",
        )
    ]


def test_check_line_accepts_a_village_inside_the_region(english):
    row = {"workers": 120, "funding_source": "apbdes"}

    result = check_line("villages", "15.01.01.2001", row, villages={"15.01.01.2001"})

    assert result == []


@pytest.mark.parametrize("months", [0, 13])
def test_check_line_refuses_months_outside_1_to_12(english, months):
    row = {**FULL_YEAR, "months": months}

    result = check_line("vulnerable", "petani/apbd", row)

    assert result == [
        Finding(
            "vulnerable:petani/apbd:months",
            "months_range",
            "Vulnerable-worker lines — Farmers — APBD — months covered: must be "
            "from 1 to 12.",
        )
    ]


def test_check_line_warns_when_rupiah_is_below_the_minimum(english):
    row = {**FULL_YEAR, "rupiah": 100 * 12 * 16_800 - 1}

    result = check_line("vulnerable", "petani/apbd", row)

    assert result == [
        Finding(
            "vulnerable:petani/apbd:rupiah",
            "below_minimum",
            "Vulnerable-worker lines — Farmers — APBD — rupiah paid: Rp20,159,999 "
            "is less than 100 workers × 12 months × Rp16.800 = Rp20,160,000; "
            "explain why.",
            is_warning=True,
        )
    ]


def test_check_line_skips_the_minimum_while_a_value_is_blank(english):
    row = {**FULL_YEAR, "rupiah": 1, "months": None}

    result = check_line("vulnerable", "petani/apbd", row)

    assert result == []


def test_check_content_collects_findings_of_figures_and_every_table(english):
    content = ReportContent(
        figures={**SIXTY_PERCENT, "pemberi_kerja": -1},
        lines={
            "non_asn": {"bpd": {"eligible": 1, "protected": 2}},
            "vulnerable": {"ojek/csr": {**FULL_YEAR, "rupiah": 0}},
            "villages": {"21.05.01.2001": {"workers": 1, "funding_source": "csr"}},
            "claims": {"jkm": {"cases": -1, "rupiah": 0}},
        },
    )

    result = check_content(content, villages={"15.01.01.2001"})

    assert [(f.path, f.rule, f.is_warning) for f in result] == [
        ("pemberi_kerja", "negative", False),
        ("non_asn:bpd:protected", "protected_above_eligible", False),
        ("vulnerable:ojek/csr:rupiah", "below_minimum", True),
        ("villages:21.05.01.2001", "village_outside_region", False),
        ("claims:jkm:cases", "negative", False),
    ]


def test_check_content_refuses_an_unknown_table(english):
    content = ReportContent(lines={"bonus": {"x": {"value": 1}}})

    result = check_content(content)

    assert result == [
        Finding("", "unknown_table", "Report: 'bonus' is not a table of the report.")
    ]


def test_errors_and_warnings_split_findings():
    error = Finding("peserta_pu", "negative", "…")
    warning = Finding("peserta_pu", "coverage_jump", "…", is_warning=True)

    result = (errors([error, warning]), warnings([error, warning]))

    assert result == ([error], [warning])


@pytest.mark.parametrize(
    ("figures", "line"),
    [
        ({"peserta_pu": -1}, None),
        ({**SIXTY_PERCENT, "pekerja_formal": 1}, None),
        (None, ("non_asn", "bpd", {"eligible": 1, "protected": 2})),
        (None, ("vulnerable", "petani/apbd", {**FULL_YEAR, "months": 13})),
    ],
)
def test_messages_name_the_field_in_indonesian(figures, line):
    with translation.override("id"):
        findings = check_figures(figures) if figures else check_line(*line)

        result = [f.message.startswith(label_for(f.path) + ":") for f in findings]

    assert result == [True]


@pytest.mark.parametrize(
    ("path", "content"),
    [
        ("angkatan_kerja", ReportContent(figures={"angkatan_kerja": 1_000_000_001})),
        (
            "claims:jkk:rupiah",
            ReportContent(
                lines={"claims": {"jkk": {"cases": 1, "rupiah": 10**15 + 1}}}
            ),
        ),
    ],
)
def test_check_content_refuses_implausibly_large_numbers(path, content):
    findings = check_content(content)

    assert [(f.path, f.rule, f.is_warning) for f in findings] == [
        (path, "too_large", False)
    ]
