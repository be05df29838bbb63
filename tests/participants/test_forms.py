import pytest
from django import forms
from django.utils import translation

from participants.content import ReportContent
from participants.forms import ReportFilterForm, ReportForms
from review.findings import Finding
from review.numbers import (
    IndonesianIntegerField,
    NegativeNumberError,
    NumberTooLargeError,
    WholeNumberField,
    parse_integer,
    whole_number,
)


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("1.234.567", 1_234_567),
        ("1234567", 1_234_567),
        (" 1 234 567 ", 1_234_567),
        ("0", 0),
        ("999", 999),
        ("18.749", 18_749),
        ("1\u00a0234", 1_234),
    ],
)
def test_parse_integer_reads_indonesian_numbers(text, number):
    assert parse_integer(text) == number


@pytest.mark.parametrize(
    "text", ["1,5", "abc", "1.5", "1.2345", "12.34.567", "1..234", "1,234", "٣", "1e3"]
)
def test_parse_integer_refuses_decimals_and_words(text):
    with pytest.raises(ValueError, match=r".") as error:
        parse_integer(text)

    assert not isinstance(error.value, NegativeNumberError)


@pytest.mark.parametrize("text", ["-5", "−1.000", " - 12 "])
def test_parse_integer_refuses_negative_numbers(text):
    with pytest.raises(NegativeNumberError):
        parse_integer(text)


def test_parse_integer_takes_another_separator_when_given():
    assert parse_integer("1,234,567", separators=(".", ",")) == 1_234_567


def clean(text: str, *, language: str = "en") -> int | None:
    field = IndonesianIntegerField(label="labour force")
    with translation.override(language):
        return field.clean(text)


def clean_errors(text: str, *, language: str = "en") -> list[str]:
    with pytest.raises(forms.ValidationError) as error:
        clean(text, language=language)
    return error.value.messages


def test_integer_field_names_the_field_in_its_messages(english):
    messages = [clean_errors("1,5"), clean_errors("abc"), clean_errors("-3")]

    assert messages == [
        [
            "Labour force: enter a whole number such as 1.234.567 (dots between "
            "thousands, no decimals)."
        ],
        [
            "Labour force: enter a whole number such as 1.234.567 (dots between "
            "thousands, no decimals)."
        ],
        ["Labour force: cannot be negative."],
    ]


def test_integer_field_leaves_blank_as_not_reported():
    assert [clean(""), clean("   "), clean("1.234.567")] == [None, None, 1_234_567]


def test_integer_field_takes_english_commas_only_in_english():
    assert clean("1,234,567", language="en") == 1_234_567
    assert clean_errors("1,234", language="id") != []


def test_integer_field_refuses_numbers_beyond_any_real_figure(english):
    assert clean_errors("9.999.999.999.999.999") == [
        "Labour force: this number is too large."
    ]


def test_integer_field_renders_a_numeric_text_input_with_localised_value():
    class Form(forms.Form):
        workforce = IndonesianIntegerField(label="labour force")

    with translation.override("id"):
        html = str(Form(initial={"workforce": 1_234_567})["workforce"])

    assert html == (
        '<input type="text" name="workforce" value="1.234.567" inputmode="numeric" '
        'autocomplete="off" class="input-number" id="id_workforce">'
    )


def page(**values: str) -> dict[str, str]:
    """A posted entry page: management forms and the version, plus `values`."""
    data = {
        "version": "1",
        "vulnerable-TOTAL_FORMS": "2",
        "vulnerable-INITIAL_FORMS": "0",
        "villages-TOTAL_FORMS": "2",
        "villages-INITIAL_FORMS": "0",
    }
    data.update(values)
    return data


def test_report_forms_build_content_and_skip_blank_rows(english):
    forms_ = ReportForms(
        page(
            angkatan_kerja="18.749",
            peserta_pu="5.000",
            **{
                "non_asn-guru_honorer__eligible": "1.802",
                "non_asn-guru_honorer__protected": "",
                "vulnerable-0-sector": "petani",
                "vulnerable-0-funding_source": "apbd",
                "vulnerable-0-workers": "11.940",
                "vulnerable-0-months": "12",
                "vulnerable-0-rupiah": "2.407.104.000",
                "villages-1-village": "1501012001",
                "villages-1-workers": "120",
                "villages-1-funding_source": "apbdes",
                "claims-jkm__cases": "4",
            },
        )
    )

    assert forms_.is_valid()
    content = forms_.content()
    assert (content.figures["angkatan_kerja"], content.figures["pekerja_formal"]) == (
        18_749,
        None,
    )
    assert content.lines == {
        "non_asn": {"guru_honorer": {"eligible": 1_802, "protected": None}},
        "vulnerable": {
            "petani/apbd": {"workers": 11_940, "months": 12, "rupiah": 2_407_104_000}
        },
        "villages": {"15.01.01.2001": {"workers": 120, "funding_source": "apbdes"}},
        "claims": {"jkm": {"cases": 4, "rupiah": None}},
    }


def test_report_forms_want_the_keys_of_a_filled_row(english):
    forms_ = ReportForms(
        page(**{"vulnerable-0-workers": "10", "villages-0-village": "15.01.01.2001"})
    )

    assert forms_.is_valid() is False
    assert forms_.vulnerable.errors[0] == {
        "sector": ["Sector: fill this in, or empty the whole row."],
        "funding_source": ["Funding source: fill this in, or empty the whole row."],
    }
    assert forms_.villages.errors[0] == {
        "funding_source": ["Funding source: fill this in, or empty the whole row."]
    }


def test_report_forms_refuse_a_row_that_repeats_another(english):
    row = {"sector": "nelayan", "funding_source": "csr", "workers": "5"}
    data = page(**{f"vulnerable-{n}-{k}": v for n in (0, 1) for k, v in row.items()})

    forms_ = ReportForms(data)

    assert forms_.is_valid() is False
    assert forms_.vulnerable.errors == [
        {},
        {"__all__": ["This row repeats row 1; put the figures in one row."]},
    ]


def test_report_forms_show_initial_content_with_their_version():
    content = ReportContent(
        figures={"angkatan_kerja": 18_749},
        lines={"villages": {"15.01.01.2001": {"workers": 7, "funding_source": "csr"}}},
    )

    forms_ = ReportForms(content=content, version=4, explanation="BPS revised")

    assert (
        forms_.figures["angkatan_kerja"].value(),
        forms_.figures["version"].value(),
        forms_.figures["warning_explanation"].value(),
        forms_.villages.forms[0]["village"].value(),
        len(forms_.villages.forms),
    ) == (18_749, 4, "BPS revised", "15.01.01.2001", 4)


def test_report_forms_put_findings_beside_their_inputs(english):
    forms_ = ReportForms(
        page(
            **{
                "vulnerable-0-sector": "petani",
                "vulnerable-0-funding_source": "apbd",
                "vulnerable-0-workers": "10",
                "villages-0-village": "15.01.01.2001",
                "villages-0-funding_source": "csr",
            }
        )
    )
    assert forms_.is_valid()

    forms_.add_findings(
        [
            Finding("peserta_pu", "participants_above_workforce", "too many"),
            Finding("non_asn:bpd:protected", "protected_above_eligible", "bpd"),
            Finding("vulnerable:petani/apbd:months", "months_range", "months"),
            Finding("villages:15.01.01.2001", "village_outside_region", "where"),
            Finding("claims:jkk:rupiah", "negative", "claims"),
            Finding("", "reason_required", "why"),
            Finding("non_asn:unknown", "unknown_category", "unknown"),
        ]
    )

    assert (
        forms_.figures.errors,
        forms_.non_asn.errors,
        forms_.vulnerable.forms[0].errors,
        forms_.villages.forms[0].errors,
        forms_.claims.errors,
        forms_.top_errors,
    ) == (
        {"peserta_pu": ["too many"], "reason": ["why"]},
        {"bpd__protected": ["bpd"]},
        {"months": ["months"]},
        {"village": ["where"]},
        {"jkk__rupiah": ["claims"]},
        ["unknown"],
    )


def test_report_forms_summarise_errors_with_links_to_the_inputs(english):
    forms_ = ReportForms(page(angkatan_kerja="abc"))
    forms_.is_valid()

    assert forms_.error_summary() == [
        (
            "Labour force (angkatan kerja): enter a whole number such as 1.234.567 "
            "(dots between thousands, no decimals).",
            "id_angkatan_kerja",
        )
    ]


@pytest.mark.django_db
def test_filter_form_offers_every_year_since_the_first_award(world):
    form = ReportFilterForm()

    years = [value for value, _label in form.fields["year"].choices]

    assert (years[0], years[1], years[-1]) == ("", years[1], "2017")
    assert [p.code for p in form.fields["province"].queryset] == ["15", "21"]


@pytest.mark.parametrize(
    ("text", "number"),
    [("0", 0), ("2024", 2024), ("007", 7), ("9" * 18, 10**18 - 1)],
)
def test_whole_number_reads_ascii_digits(text, number):
    assert whole_number(text) == number


@pytest.mark.parametrize(
    "text", ["", "²", "٣", "３", "१", "-1", "+1", " 1", "1.0", "1" * 19, None, 12]
)
def test_whole_number_refuses_everything_else(text):
    assert whole_number(text) is None


@pytest.mark.parametrize("text", ["-" * 3000, "−-5", "--5"])
def test_parse_integer_refuses_runs_of_minus_signs_as_no_number(text):
    with pytest.raises(ValueError, match=r".") as error:
        parse_integer(text)

    assert not isinstance(error.value, NegativeNumberError)


def test_parse_integer_refuses_a_very_long_number_as_too_large():
    with pytest.raises(NumberTooLargeError):
        parse_integer("1" * 5000)


@pytest.mark.parametrize("text", ["-" * 3000, "٣", "３", "²", "1" * 5000])
def test_integer_field_answers_in_words_for_hostile_text(english, text):
    assert clean_errors(text) in (
        ["Labour force: enter a whole number such as 1.234.567 (dots between "
         "thousands, no decimals)."],
        ["Labour force: this number is too large."],
    )  # fmt: skip


@pytest.mark.parametrize("text", ["٣", "３", "²", "1" * 5000, "1.5"])
def test_whole_number_field_refuses_other_scripts(text):
    with pytest.raises(forms.ValidationError):
        WholeNumberField().clean(text)
