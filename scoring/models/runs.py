"""Ranking runs: immutable records of one computation of a ranking, with every
input value and the record it came from, the methodology and code versions, the
canonical input hash and the outcome."""

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class RankingRunError(ValueError):
    """A ranking run cannot be changed once written."""


class RankingRun(models.Model):
    """One computation of the ranking of a category, in a province's round
    (`province` set) or nationally. Written once, never updated.

    `bundle` holds the engine's bundle (`scoring.engine.bundle.export_bundle`: the
    canonical inputs, hash, ranks and incomplete candidates), so the run verifies
    from its own data; `explanations` the lines per ranked candidate; `sources` per
    candidate the coverage report, previous report, compliance record (pk and
    version) and verification steps its values came from."""

    class Stage(models.TextChoices):
        DESK = "desk", _("Desk ranking (before the pleno)")
        FINAL = "final", _("Final ranking (after the interviews)")

    edition = models.ForeignKey(
        "nominations.Edition",
        verbose_name=_("edition"),
        on_delete=models.PROTECT,
        related_name="ranking_runs",
    )
    category = models.ForeignKey(
        "nominations.Category",
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="ranking_runs",
    )
    province = models.ForeignKey(
        "regions.Province",
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ranking_runs",
        help_text=_("Empty for a national ranking."),
    )
    zone = models.ForeignKey(
        "regions.Zone",
        verbose_name=_("zone"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ranking_runs",
        help_text=_("Set for a zone's ranking (a national-tier ranking)."),
    )
    tier = models.CharField(_("tier"), max_length=10)
    stage = models.CharField(_("stage"), max_length=5, choices=Stage.choices)
    methodology = models.ForeignKey(
        "scoring.Methodology",
        verbose_name=_("methodology"),
        on_delete=models.PROTECT,
        related_name="runs",
    )
    code_version = models.CharField(_("code version"), max_length=60)
    input_hash = models.CharField(_("input hash"), max_length=64, db_index=True)
    bundle = models.JSONField(_("bundle"))
    explanations = models.JSONField(_("explanations"))
    sources = models.JSONField(_("sources"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("ranking run")
        verbose_name_plural = _("ranking runs")
        constraints = [
            models.UniqueConstraint(
                fields=["methodology", "province", "stage", "input_hash"],
                name="ranking_run_once_per_inputs",
            ),
            # A zone's runs have no province: unique per zone instead.
            models.UniqueConstraint(
                fields=["methodology", "zone", "stage", "input_hash"],
                condition=models.Q(zone__isnull=False),
                name="ranking_run_once_per_zone_inputs",
            ),
        ]

    def __str__(self) -> str:
        area = self.province_id or (f"zone {self.zone_id}" if self.zone_id else "")
        return f"{self.category} {area or 'national'} {self.stage} #{self.pk}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Insert only: a run is a record of what was computed."""
        if self.pk is not None:
            raise RankingRunError("a ranking run is never changed")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("scoring:run", args=[self.pk])

    @property
    def area(self) -> str:
        """The area part of the run's list URL: a province code, `zona-<pk>` or
        `nasional`."""
        if self.province_id:
            return str(self.province_id)
        return f"zona-{self.zone_id}" if self.zone_id else "nasional"

    @property
    def ranked(self) -> list[dict[str, Any]]:
        return list(self.bundle["ranked"])

    @property
    def incomplete(self) -> list[dict[str, Any]]:
        return list(self.bundle["incomplete"])
