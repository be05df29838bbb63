"""The public API's shapes of a release, its ranking and a candidate's public
results. Ranking rows and a candidate's appearances are read from the release's
snapshot only; a release's own fields from its row."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from publication.models import Release

OPEN_DATA_FORMATS = ("csv", "xlsx", "json")
DECIMAL = _("A decimal number written as a string (full precision), or null.")


class ReleaseEditionSerializer(serializers.Serializer):
    award_year = serializers.IntegerField()
    name = serializers.CharField()


class ReleaseCategorySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ReleaseProvinceSerializer(serializers.Serializer):
    code = serializers.CharField(source="pk")
    name = serializers.CharField()


class ReleaseSerializer(serializers.ModelSerializer):
    """A release as listed: what it covers, when it became public, whether a later
    one corrects it."""

    edition = ReleaseEditionSerializer(read_only=True)
    category = ReleaseCategorySerializer(read_only=True)
    province = ReleaseProvinceSerializer(read_only=True, allow_null=True)
    area = serializers.CharField(
        read_only=True, help_text=_("The province code, or `nasional`.")
    )
    is_superseded = serializers.SerializerMethodField()
    superseded_by = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Release
        fields = [
            "id",
            "number",
            "edition",
            "category",
            "province",
            "area",
            "changelog",
            "correction_reason",
            "published_at",
            "embargo_until",
            "is_demo",
            "is_superseded",
            "supersedes",
            "superseded_by",
            "url",
        ]
        read_only_fields = fields

    def get_is_superseded(self, release: Release) -> bool:
        return release.is_superseded()

    def get_superseded_by(self, release: Release) -> int | None:
        """The correcting release, once it is public."""
        later = getattr(release, "superseded_by", None)
        return later.pk if later is not None and later.is_public() else None

    def get_url(self, release: Release) -> str:
        """The release's page on the public results site."""
        return self._absolute(release.get_absolute_url())

    def _absolute(self, path: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class ReleaseMethodologySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    version = serializers.IntegerField()
    name = serializers.CharField()
    is_illustrative = serializers.BooleanField()
    document = serializers.URLField(
        help_text=_("The methodology as JSON (open data), frozen with the release.")
    )
    page = serializers.URLField(help_text=_("The methodology's public page."))


class ReleaseFilesSerializer(serializers.Serializer):
    csv = serializers.URLField()
    xlsx = serializers.URLField()
    json = serializers.URLField()
    methodology = serializers.URLField()
    bundle = serializers.URLField(
        help_text=_("The ranking run's bundle, which `verify_ranking` checks.")
    )


class ReleaseRunSerializer(serializers.Serializer):
    input_hash = serializers.CharField()
    code_version = serializers.CharField()
    computed_at = serializers.DateTimeField()


class ReleaseDetailSerializer(ReleaseSerializer):
    """A release with its methodology, the ranking run's fingerprint and the
    addresses of its ranking and open-data files."""

    methodology = serializers.SerializerMethodField()
    run = serializers.SerializerMethodField()
    ranking = serializers.SerializerMethodField()
    files = serializers.SerializerMethodField()

    class Meta(ReleaseSerializer.Meta):
        fields = [
            *ReleaseSerializer.Meta.fields,
            "methodology",
            "run",
            "ranking",
            "files",
        ]
        read_only_fields = fields

    @extend_schema_field(ReleaseMethodologySerializer)
    def get_methodology(self, release: Release) -> dict[str, Any]:
        frozen = release.snapshot["methodology"]
        return {
            "id": frozen["pk"],
            "version": frozen["version"],
            "name": frozen["name"],
            "is_illustrative": frozen["is_illustrative"],
            "document": self._absolute(
                reverse("opendata:methodology", args=[release.pk])
            ),
            "page": self._absolute(reverse("public:methodology", args=[frozen["pk"]])),
        }

    @extend_schema_field(ReleaseRunSerializer)
    def get_run(self, release: Release) -> dict[str, Any]:
        run = release.snapshot["run"]
        return {key: run[key] for key in ("input_hash", "code_version", "computed_at")}

    def get_ranking(self, release: Release) -> str:
        """The release's ranking in this API."""
        return self._absolute(reverse("release-ranking", args=[release.pk]))

    @extend_schema_field(ReleaseFilesSerializer)
    def get_files(self, release: Release) -> dict[str, str]:
        files = {
            fmt: reverse("opendata:release_file", args=[release.pk, fmt])
            for fmt in OPEN_DATA_FORMATS
        }
        files["methodology"] = reverse("opendata:methodology", args=[release.pk])
        files["bundle"] = reverse("opendata:bundle", args=[release.pk])
        return {name: self._absolute(path) for name, path in files.items()}


class RankingLineSerializer(serializers.Serializer):
    """One criterion's line of a candidate's total."""

    criterion = serializers.CharField(help_text=_("The criterion's code."))
    name = serializers.CharField(required=False)
    aspect = serializers.CharField(required=False)
    aspect_name = serializers.CharField(required=False)
    status = serializers.CharField()
    raw = serializers.CharField(allow_null=True, help_text=DECIMAL)
    score = serializers.CharField(allow_null=True, help_text=DECIMAL)
    weight = serializers.CharField(help_text=DECIMAL)
    contribution = serializers.CharField(help_text=DECIMAL)
    formula = serializers.CharField(allow_blank=True)
    reasons = serializers.ListField(child=serializers.CharField())
    rubric = serializers.DictField(
        required=False,
        help_text=_(
            "Rubric lines: the assessors' raw aggregate, the normalised one "
            "(or null), how many assessors and which of the two counts."
        ),
    )


class RankingDecisionSerializer(serializers.Serializer):
    outcome = serializers.CharField()
    place = serializers.IntegerField(allow_null=True)
    deviation = serializers.BooleanField()
    reason = serializers.CharField(allow_blank=True)


SUBJECT_FIELDS = (
    "candidate",
    "name",
    "kind",
    "region_code",
    "province_code",
    "province_name",
)


class PublicSubjectSerializer(serializers.Serializer):
    candidate = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField(help_text=_("employer, village, regency or province"))
    region_code = serializers.CharField(allow_blank=True, allow_null=True)
    province_code = serializers.CharField()
    province_name = serializers.CharField()


class RankedRowSerializer(PublicSubjectSerializer):
    rank = serializers.IntegerField()
    total = serializers.CharField(help_text=DECIMAL)
    formula = serializers.CharField(allow_blank=True)
    lines = RankingLineSerializer(many=True)
    decision = RankingDecisionSerializer(allow_null=True)


class IncompleteRowSerializer(PublicSubjectSerializer):
    reasons = serializers.ListField(
        child=serializers.CharField(), help_text=_("Why the candidate is not ranked.")
    )


class RankingSerializer(serializers.Serializer):
    """A release's ranking as frozen: ranked rows in rank order, then the
    candidates left unranked for missing data."""

    release = ReleaseSerializer()
    ranked = RankedRowSerializer(many=True)
    incomplete = IncompleteRowSerializer(many=True)


class AppearanceSerializer(serializers.Serializer):
    """A candidate in one public release: ranked (rank, total, lines, decision)
    or incomplete (reasons)."""

    release = ReleaseSerializer()
    is_ranked = serializers.BooleanField()
    rank = serializers.IntegerField(allow_null=True)
    total = serializers.CharField(allow_null=True, help_text=DECIMAL)
    lines = RankingLineSerializer(many=True)
    decision = RankingDecisionSerializer(allow_null=True)
    reasons = serializers.ListField(child=serializers.CharField())


class PublicCandidateSerializer(PublicSubjectSerializer):
    """A candidate's public results: its appearances in public releases, newest
    first, superseded ones marked."""

    appearances = AppearanceSerializer(many=True)


def appearance(release_data: dict[str, Any], row: dict[str, Any]) -> dict[str, Any]:
    """An appearance from a release's data and the candidate's snapshot row."""
    ranked = "rank" in row
    return {
        "release": release_data,
        "is_ranked": ranked,
        "rank": row.get("rank"),
        "total": row.get("total"),
        "lines": row.get("lines", []),
        "decision": row.get("decision"),
        "reasons": row.get("reasons", []),
    }
