"""What each column of the CSV and XLSX files and each key of the JSON file of a
release holds, as the data page describes them (and `exports` writes them)."""

from django.utils.translation import gettext_lazy

# The columns before and after the criteria's: (name, description).
COLUMNS = [
    ("edition_year", gettext_lazy("The award year of the edition.")),
    ("category", gettext_lazy("The category's name.")),
    ("province_code", gettext_lazy("The province's code; empty for national results.")),
    ("province_name", gettext_lazy("The province's name; empty for national results.")),
    ("release", gettext_lazy("The release number; a correction has a higher one.")),
    ("status", gettext_lazy("ranked, or incomplete: not ranked for missing data.")),
    ("rank", gettext_lazy("The computed rank; empty for an incomplete candidate.")),
    ("candidate_id", gettext_lazy("The candidate's number on this portal.")),
    ("name", gettext_lazy("The candidate's name.")),
    ("kind", gettext_lazy("regency (kabupaten/kota), province, village or employer.")),
    ("region_code", gettext_lazy("The region's code (Kemendagri).")),
    ("total", gettext_lazy("The total score, the sum of the contributions.")),
    (
        "decision",
        gettext_lazy(
            "The committee's decision: provincial_winner, national_finalist, "
            "national_winner; empty if none."
        ),
    ),
    ("place", gettext_lazy("The place the committee gave; empty if none.")),
]
CRITERION_COLUMNS = [
    (
        "<criterion>_score",
        gettext_lazy("The criterion's normalised score (0–100), one column each."),
    ),
    (
        "<criterion>_contribution",
        gettext_lazy("The criterion's weighted contribution to the total."),
    ),
]
LAST_COLUMNS = [
    (
        "reasons",
        gettext_lazy(
            "Why an incomplete candidate is not ranked: reason codes separated by "
            "“; ” (e.g. no_previous_year: last year's coverage report is missing)."
        ),
    ),
]
# The keys of the JSON file: (key, description).
JSON_KEYS = [
    ("licence", gettext_lazy("The licence, its address and the attribution to give.")),
    (
        "release",
        gettext_lazy(
            "number, published_at (ISO 8601), changelog, correction_reason, "
            "supersedes (the release number it corrects) and is_demo."
        ),
    ),
    ("edition", gettext_lazy("name and award_year.")),
    ("category", gettext_lazy("name.")),
    ("province", gettext_lazy("code and name; null for national results.")),
    (
        "run",
        gettext_lazy(
            "The ranking run published: stage, tier, input_hash (the hash the "
            "bundle verifies), code_version and computed_at."
        ),
    ),
    ("methodology", gettext_lazy("name, version and is_illustrative.")),
    (
        "ranked",
        gettext_lazy(
            "The ranked candidates in rank order: candidate, name, kind, "
            "region_code, province_code, province_name, rank, total, formula, "
            "decision (outcome, place, deviation, deviation_reason) and lines."
        ),
    ),
    (
        "ranked[].lines",
        gettext_lazy(
            "One per criterion: criterion, name, aspect, aspect_name, status "
            "(counted, independent or pending), raw, score, weight, contribution, "
            "formula and reasons."
        ),
    ),
    (
        "incomplete",
        gettext_lazy(
            "The candidates not ranked: candidate, name, kind, region_code, "
            "province_code, province_name and reasons (codes)."
        ),
    ),
]
