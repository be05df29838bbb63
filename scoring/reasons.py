"""Every code the ranking engine and the adapter write — why a value is missing
(`missing:<figure>`, `zero:<figure>`, `no_previous_year`, `missing:rubric:<criterion>`)
and an explanation line's status — as one sentence a reader understands, in one
mapping. Run pages show the sentence, the code beside it for whoever checks a
bundle. A test feeds the engine every kind of gap and asserts each code it
produces is here."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

REASONS = {
    # The adapter: no approved record at all.
    "missing:coverage_report": gettext_lazy(
        "There is no approved coverage report for the assessment year."
    ),
    "missing:compliance": gettext_lazy(
        "There is no approved compliance record for the assessment year."
    ),
    # Coverage figures of the assessment year.
    "missing:angkatan_kerja": gettext_lazy(
        "The labour force (angkatan kerja) is not reported."
    ),
    "zero:angkatan_kerja": gettext_lazy("The reported labour force is zero."),
    "missing:peserta_pu": gettext_lazy(
        "Wage-earner (PU) participants are not reported."
    ),
    "missing:peserta_bpu": gettext_lazy(
        "Non-wage-earner (BPU) participants are not reported."
    ),
    "missing:pekerja_formal": gettext_lazy("Formal workers are not reported."),
    "zero:pekerja_formal": gettext_lazy(
        "The reported number of formal workers is zero."
    ),
    "missing:pekerja_informal": gettext_lazy("Informal workers are not reported."),
    "zero:pekerja_informal": gettext_lazy(
        "The reported number of informal workers is zero."
    ),
    "missing:participants": gettext_lazy("The number of participants is not known."),
    # Growth against the previous year.
    "no_previous_year": gettext_lazy(
        "There is no approved report of the previous year to measure growth against."
    ),
    "missing:previous.participants": gettext_lazy(
        "The previous year's report does not give the participants."
    ),
    "missing:previous.angkatan_kerja": gettext_lazy(
        "The previous year's report does not give the labour force."
    ),
    "zero:previous.angkatan_kerja": gettext_lazy(
        "The previous year's labour force is zero."
    ),
    # Tables of the coverage report.
    "missing:non_asn": gettext_lazy("Non-ASN workers' coverage is not reported."),
    "missing:non_asn.protected": gettext_lazy(
        "Protected non-ASN workers are not known."
    ),
    "missing:non_asn.eligible": gettext_lazy("Eligible non-ASN workers are not known."),
    "zero:non_asn.eligible": gettext_lazy("No non-ASN worker is reported as eligible."),
    "missing:vulnerable": gettext_lazy(
        "Vulnerable workers' protection is not reported."
    ),
    "missing:vulnerable.workers": gettext_lazy(
        "No line of the vulnerable workers' table gives a number of workers."
    ),
    "missing:vulnerable.rupiah": gettext_lazy(
        "No line of the vulnerable workers' table gives both workers and rupiah."
    ),
    "zero:vulnerable.workers": gettext_lazy(
        "The vulnerable workers' table counts zero workers."
    ),
    "missing:villages": gettext_lazy("Protection per desa is not reported."),
    "missing:villages_reached": gettext_lazy(
        "The number of desa with at least 100 protected is not known."
    ),
    "missing:villages_total": gettext_lazy("The number of desa is not known."),
    "zero:villages_total": gettext_lazy("The region has no active desa on record."),
    # Employer compliance.
    "missing:employees": gettext_lazy("The number of employees is not reported."),
    "zero:employees": gettext_lazy("The reported number of employees is zero."),
    "missing:registered_participants": gettext_lazy(
        "Registered participants are not reported."
    ),
    "missing:months_paid_on_time": gettext_lazy(
        "The months paid on time are not reported."
    ),
    "missing:months": gettext_lazy("The number of months is not known."),
    "zero:months": gettext_lazy("The number of months is zero."),
    "missing:wage_report_accuracy": gettext_lazy(
        "The accuracy of wage reporting is not reported."
    ),
    "missing:digital_channel_use": gettext_lazy(
        "The use of digital channels is not reported."
    ),
    "missing:csr_vulnerable_protected": gettext_lazy(
        "Vulnerable workers protected through CSR are not reported."
    ),
    "missing:vendors_total": gettext_lazy("The number of vendors is not reported."),
    "zero:vendors_total": gettext_lazy("The reported number of vendors is zero."),
    "missing:vendors_registered": gettext_lazy("Registered vendors are not reported."),
}

# An explanation line's status (`scoring.engine.LineStatus`).
LINE_STATUSES = {
    "counted": gettext_lazy("Counted in the total."),
    "independent": gettext_lazy("Independent criterion: shown, not counted."),
    "pending": gettext_lazy(
        "Pending: scored at the interviews, not counted in a desk ranking."
    ),
}

RUBRIC_PREFIX = "missing:rubric:"


def reason_text(code: str) -> str:
    """The sentence of a reason code; a criterion no assessor scored, or an
    indicator the candidate's kind does not have, named in the sentence."""
    known = REASONS.get(code)
    if known is not None:
        return str(known)
    if code.startswith(RUBRIC_PREFIX):
        return _("No assessor has submitted a level for criterion %(criterion)s.") % {
            "criterion": code.removeprefix(RUBRIC_PREFIX)
        }
    if code.startswith("missing:"):
        return _(
            "The indicator %(indicator)s cannot be computed for this candidate."
        ) % {"indicator": code.removeprefix("missing:")}
    return _("Not known (%(code)s).") % {"code": code}


def status_text(status: str) -> str:
    """The sentence of an explanation line's status."""
    return str(LINE_STATUSES.get(status, status))
