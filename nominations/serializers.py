"""Award data out of the API: editions with their stages and category tree,
categories, candidates with a summary of their dossier, dossiers, and employers with
their yearly compliance.

Read only: changes go through the portal's pages and `nominations.services`. Decimals
are strings with two places ("95.00"), as in the coverage-report API; dossier files
are links to the download views, which check permission on every request.
"""

from collections import defaultdict
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.helpers import lazy_serializer
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from nominations.models import (
    Candidate,
    Category,
    Edition,
    Employer,
    EmployerCompliance,
    EvidenceFile,
    Innovation,
    Regulation,
    Sector,
    Stage,
    Verification,
)
from review.models import ReviewStatus

DOSSIER_KINDS = ("regulations", "innovations")


class NamedChoiceField(serializers.ChoiceField):
    """A read-only choice field over the class's `known_choices`."""

    known_choices: Any = ()
    blank_allowed = False

    def __init__(self, **kwargs: Any) -> None:
        kwargs.update(read_only=True, allow_blank=self.blank_allowed)
        super().__init__(self.known_choices, **kwargs)


def named_choices(
    name: str, choices: Any, *, allow_blank: bool = False
) -> type[NamedChoiceField]:
    """A choice field class whose values the schema keeps under their own name:
    fields called `status` or `sector` elsewhere in the API take other values, which
    would leave the schema's generated enum names ambiguous."""
    field_class = type(
        name,
        (NamedChoiceField,),
        {"known_choices": choices, "blank_allowed": allow_blank},
    )
    schema = serializers.ChoiceField(choices=choices, allow_blank=allow_blank)
    return extend_schema_field(schema, component_name=name)(field_class)


EditionStatusField = named_choices("EditionStatusEnum", Edition.Status.choices)
CandidateStatusField = named_choices("CandidateStatusEnum", Candidate.Status.choices)
ReviewStatusField = named_choices("ReviewStatusEnum", ReviewStatus.choices)
SectorField = named_choices("BusinessSectorEnum", Sector.choices)
CategorySectorField = named_choices(
    "CategorySectorEnum", Sector.choices, allow_blank=True
)


class StageSerializer(serializers.ModelSerializer):
    tier = serializers.ChoiceField(choices=Stage.Tier.choices, read_only=True)

    class Meta:
        model = Stage
        fields = ["kind", "tier", "starts_on", "ends_on"]
        read_only_fields = fields


class CategoryNodeSerializer(serializers.ModelSerializer):
    """A category with its sub-categories, as a tree."""

    sector = CategorySectorField()
    zone = serializers.CharField(source="zone.name", read_only=True, allow_null=True)
    children = serializers.SerializerMethodField()

    class Meta:
        model = Category
        fields = [
            "id",
            "name",
            "name_en",
            "subject_type",
            "scale",
            "sector",
            "zone",
            "children",
        ]
        read_only_fields = fields

    @extend_schema_field(
        lazy_serializer("nominations.serializers.CategoryNodeSerializer")(many=True)
    )
    def get_children(self, category: Category) -> Any:
        """The sub-categories, from the edition's categories grouped by parent."""
        children = self.context["children"].get(category.pk, [])
        return CategoryNodeSerializer(children, many=True, context=self.context).data


class EditionSerializer(serializers.ModelSerializer):
    """One year's award with its stage dates and category tree."""

    status = EditionStatusField()
    stages = StageSerializer(many=True, read_only=True)
    categories = serializers.SerializerMethodField()

    class Meta:
        model = Edition
        fields = [
            "award_year",
            "name",
            "assessment_year",
            "period_start",
            "period_end",
            "status",
            "advance_limit",
            "stages",
            "categories",
        ]
        read_only_fields = fields

    @extend_schema_field(CategoryNodeSerializer(many=True))
    def get_categories(self, edition: Edition) -> Any:
        """The category tree, built from the categories fetched with the edition."""
        children: dict[int | None, list[Category]] = defaultdict(list)
        for category in edition.categories.all():
            children[category.parent_id].append(category)
        context = {**self.context, "children": children}
        return CategoryNodeSerializer(children[None], many=True, context=context).data


class CategorySerializer(serializers.ModelSerializer):
    """A category; `parent` is the id of the category it belongs under."""

    edition = serializers.IntegerField(source="edition.award_year", read_only=True)
    sector = CategorySectorField()
    zone = serializers.CharField(source="zone.name", read_only=True, allow_null=True)

    class Meta:
        model = Category
        fields = [
            "id",
            "edition",
            "parent",
            "name",
            "name_en",
            "subject_type",
            "scale",
            "sector",
            "zone",
            "position",
        ]
        read_only_fields = fields


class CategoryRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["id", "name", "subject_type"]
        read_only_fields = fields


class VerificationCountsSerializer(serializers.Serializer):
    """How many items are in each verification state."""

    unverified = serializers.IntegerField()
    verified = serializers.IntegerField()
    rejected = serializers.IntegerField()


class DossierSummarySerializer(serializers.Serializer):
    regulations = VerificationCountsSerializer()
    innovations = VerificationCountsSerializer()


class CandidateSerializer(serializers.ModelSerializer):
    """A candidate: its subject (region or employer), where it stands, and how far
    its dossier is verified. `region` is the Kemendagri code of its own region (its
    kab/kota for an employer); `province` that of the round it competes in."""

    edition = serializers.IntegerField(source="edition.award_year", read_only=True)
    category = CategoryRefSerializer(read_only=True)
    province = serializers.CharField(source="province_id", read_only=True)
    region = serializers.CharField(source="region_code", read_only=True)
    subject_name = serializers.CharField(read_only=True)
    employer = serializers.CharField(
        source="employer.npp",
        read_only=True,
        allow_null=True,
        help_text=_("The employer's NPP, for an employer candidate."),
    )
    status = CandidateStatusField()
    dossier_summary = serializers.SerializerMethodField()

    class Meta:
        model = Candidate
        fields = [
            "id",
            "edition",
            "category",
            "province",
            "region",
            "subject_name",
            "employer",
            "status",
            "provincial_rank",
            "national_title",
            "dossier_summary",
        ]
        read_only_fields = fields

    @extend_schema_field(DossierSummarySerializer)
    def get_dossier_summary(self, candidate: Candidate) -> dict[str, dict[str, int]]:
        """Counts annotated by `nominations.selectors.with_dossier_counts`."""
        return {
            kind: {
                verdict: getattr(candidate, f"{kind}_{verdict}")
                for verdict in Verification.values
            }
            for kind in DOSSIER_KINDS
        }


@extend_schema_field(OpenApiTypes.URI)
class DownloadUrlField(serializers.Field):
    """The absolute address of the view that serves the item's file to those who
    may read it (files are never served from a public media URL)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, item: Regulation | EvidenceFile) -> str:
        url = item.get_file_url()
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


# What every dossier item shows of the aspect it supports and its verification.
ITEM_FIELDS = ["aspect", "verification", "rejection_reason", "verified_at"]


class RegulationSerializer(serializers.ModelSerializer):
    file_name = serializers.CharField(source="original_name", read_only=True)
    file_url = DownloadUrlField()

    class Meta:
        model = Regulation
        fields = [
            "id",
            "kind",
            "number",
            "issued_on",
            "title",
            *ITEM_FIELDS,
            "file_name",
            "content_type",
            "file_url",
        ]
        read_only_fields = fields


class EvidenceFileSerializer(serializers.ModelSerializer):
    file_name = serializers.CharField(source="original_name", read_only=True)
    file_url = DownloadUrlField()

    class Meta:
        model = EvidenceFile
        fields = ["id", "file_name", "content_type", "file_url", "uploaded_at"]
        read_only_fields = fields


class InnovationSerializer(serializers.ModelSerializer):
    evidence = EvidenceFileSerializer(many=True, read_only=True)

    class Meta:
        model = Innovation
        fields = [
            "id",
            "name",
            "description",
            "started_on",
            "beneficiaries",
            "budget",
            "funding_source",
            *ITEM_FIELDS,
            "evidence",
        ]
        read_only_fields = fields


class DossierSerializer(serializers.Serializer):
    """A candidate's regulations and innovations, each with its verification."""

    candidate = serializers.IntegerField(source="pk")
    regulations = RegulationSerializer(many=True)
    innovations = InnovationSerializer(many=True)


class ComplianceSerializer(serializers.ModelSerializer):
    """One year's compliance figures of an employer and their review status."""

    status = ReviewStatusField()

    class Meta:
        model = EmployerCompliance
        fields = [
            "year",
            "status",
            "version",
            *EmployerCompliance.FIGURES,
            "updated_at",
        ]
        read_only_fields = fields


class EmployerSerializer(serializers.ModelSerializer):
    """An employer by its NPP, where it is, and its compliance records by year."""

    regency = serializers.CharField(source="regency_id", read_only=True)
    regency_name = serializers.CharField(source="regency.name", read_only=True)
    province = serializers.CharField(source="regency.province_id", read_only=True)
    branch = serializers.CharField(source="branch.code", read_only=True)
    sector = SectorField()
    compliance = ComplianceSerializer(many=True, read_only=True)

    class Meta:
        model = Employer
        fields = [
            "npp",
            "name",
            "regency",
            "regency_name",
            "province",
            "branch",
            "sector",
            "scale",
            "compliance",
        ]
        read_only_fields = fields
