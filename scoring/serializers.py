"""Score sheets in and out of the API.

In: only the form is checked here (whole numbers, no unknown fields, no repeated
criterion, no NUL); which levels belong to which criterion, whether the sheet may
change and whether it is complete are decided by `scoring.services.sheets`,
exactly as for the sheet page."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field, inline_serializer
from rest_framework import serializers

from participants.serializers import StrictSerializer, WholeNumberField
from scoring.models import Criterion, ScoreSheet, SheetScore
from scoring.models.sheets import NOTE_MAX_LENGTH

MAX_ID = 2**63 - 1
MAX_SCORES = 200  # far more rubric criteria than any methodology has


class SheetLevelSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    score = serializers.IntegerField()
    description = serializers.CharField()


class SheetCriterionSerializer(serializers.Serializer):
    """A rubric criterion with the level and note this sheet gives it."""

    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    aspect = serializers.CharField(help_text=_("The aspect's code."))
    levels = SheetLevelSerializer(many=True)
    level = serializers.IntegerField(
        allow_null=True, help_text=_("The chosen level's id; null while unscored.")
    )
    note = serializers.CharField(allow_blank=True)


class ScoreSheetSerializer(serializers.ModelSerializer):
    """A sheet as listed: whose, for which candidate, in which state."""

    candidate = serializers.SerializerMethodField()
    panel = serializers.IntegerField(source="member.panel_id")
    role = serializers.CharField(source="member.role")
    is_scoring_closed = serializers.BooleanField(
        source="member.panel.is_scoring_closed"
    )
    is_editable = serializers.BooleanField()

    class Meta:
        model = ScoreSheet
        fields = [
            "id",
            "candidate",
            "panel",
            "role",
            "status",
            "version",
            "is_editable",
            "is_scoring_closed",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(
        inline_serializer(
            "SheetCandidate",
            {"id": serializers.IntegerField(), "name": serializers.CharField()},
        )
    )
    def get_candidate(self, sheet: ScoreSheet) -> dict[str, Any]:
        return {"id": sheet.candidate_id, "name": sheet.candidate.subject_name}


class ScoreSheetDetailSerializer(ScoreSheetSerializer):
    """A sheet with its rubric criteria (levels to choose from, the chosen one
    and the note)."""

    criteria = serializers.SerializerMethodField()

    class Meta(ScoreSheetSerializer.Meta):
        fields = [*ScoreSheetSerializer.Meta.fields, "criteria"]
        read_only_fields = fields

    @extend_schema_field(SheetCriterionSerializer(many=True))
    def get_criteria(self, sheet: ScoreSheet) -> list[dict[str, Any]]:
        criteria: list[Criterion] = self.context["criteria"]
        stored: dict[int, SheetScore] = {s.criterion_id: s for s in sheet.scores.all()}
        return [_criterion(c, stored.get(c.pk)) for c in criteria]


def _criterion(criterion: Criterion, score: SheetScore | None) -> dict[str, Any]:
    return {
        "id": criterion.pk,
        "code": criterion.code,
        "name": criterion.name,
        "aspect": criterion.aspect.code,
        "levels": [
            {"id": lv.pk, "score": lv.score, "description": lv.description}
            for lv in criterion.levels.all()
        ],
        "level": score.level_id if score else None,
        "note": score.note if score else "",
    }


class ScoreInputSerializer(StrictSerializer):
    """One criterion's new level and/or note; a key left out keeps its value."""

    criterion = WholeNumberField(min_value=1, max_value=MAX_ID)
    level = WholeNumberField(
        min_value=1,
        max_value=MAX_ID,
        required=False,
        allow_null=True,
        help_text=_("A level id of this criterion; null clears the level."),
    )
    note = serializers.CharField(
        required=False, allow_blank=True, max_length=NOTE_MAX_LENGTH
    )


class SheetSaveSerializer(StrictSerializer):
    """A draft save: the version read, and the criteria that change."""

    version = WholeNumberField(
        min_value=1,
        max_value=MAX_ID,
        help_text=_("The version read before editing; a newer one is a 409."),
    )
    scores = serializers.ListField(child=ScoreInputSerializer(), max_length=MAX_SCORES)

    def validate_scores(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        ids = [row["criterion"] for row in rows]
        if len(ids) != len(set(ids)):
            raise serializers.ValidationError(
                _("Name each criterion once."), code="repeated"
            )
        return rows

    def values(self) -> tuple[dict[int, int | None], dict[int, str]]:
        """Levels and notes as `save_sheet` takes them."""
        levels: dict[int, int | None] = {}
        notes: dict[int, str] = {}
        for row in self.validated_data["scores"]:
            if "level" in row:
                levels[row["criterion"]] = row["level"]
            if "note" in row:
                notes[row["criterion"]] = row["note"]
        return levels, notes


class SheetVersionSerializer(StrictSerializer):
    version = WholeNumberField(
        min_value=1,
        max_value=MAX_ID,
        help_text=_("The version read; a newer one is a 409."),
    )


class SheetOpenSerializer(StrictSerializer):
    candidate = WholeNumberField(
        min_value=1, max_value=MAX_ID, help_text=_("The candidate to score.")
    )


SHEET_CONFLICT = inline_serializer(
    "SheetConflict",
    {
        "detail": serializers.CharField(),
        "current_version": serializers.IntegerField(
            required=False, help_text=_("The version saved by someone else since.")
        ),
    },
)
