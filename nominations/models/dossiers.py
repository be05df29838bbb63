"""A candidate's dossier: regulations and innovations, each supporting one aspect and
verified by a verifier; files are kept in private storage and served only through a
view that checks permission."""

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from nominations.models.candidates import Candidate
from participants.models import FundingSource
from review.models import Step, figure

if TYPE_CHECKING:
    from django.db.models.fields.related_descriptors import RelatedManager


def private_storage() -> Storage:
    """Where dossier files live: outside the static and public media trees."""
    return storages["private"]


class Aspect(models.TextChoices):
    """The assessment aspect an item supports (the 2022–2025 criteria's names)."""

    REGULASI = "regulasi", _("Regulation")
    IMPLEMENTASI = "implementasi", _("Implementation")
    CAKUPAN = "cakupan", _("Coverage")
    INOVASI = "inovasi", _("Innovation")
    ANGGARAN = "anggaran", _("Budget")
    KEPATUHAN = "kepatuhan", _("Compliance")


class Verification(models.TextChoices):
    UNVERIFIED = "unverified", _("Not verified yet")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")


class DossierItem(models.Model):
    """What every dossier item has: its candidate, aspect and verification."""

    candidate = models.ForeignKey(
        Candidate, verbose_name=_("candidate"), on_delete=models.CASCADE
    )
    aspect = models.CharField(_("supports the aspect"), max_length=16, choices=Aspect)
    verification = models.CharField(
        _("verification"),
        max_length=10,
        choices=Verification.choices,
        default=Verification.UNVERIFIED,
    )
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    if TYPE_CHECKING:
        verification_steps: RelatedManager["VerificationStep"]

    class Meta:
        abstract = True

    @property
    def current_verification(self) -> "VerificationStep | None":
        """The logged step the item's verification comes from (None for an item
        never verified). Steps are never changed, so a ranking run keeps this id to
        know which verification it used. Reads prefetched `verification_steps`."""
        steps = list(self.verification_steps.all())
        return steps[-1] if steps else None


class Regulation(DossierItem):
    """A regional law or decision that protects workers, with its PDF."""

    class Kind(models.TextChoices):
        PERDA = "perda", _("Perda (regional law)")
        PERKADA = "perkada", _("Pergub/Perbup/Perwal")
        INSTRUKSI = "instruksi", _("Instruction")
        SURAT_EDARAN = "surat_edaran", _("Circular (Surat Edaran)")
        KEPUTUSAN = "keputusan", _("Decree (Keputusan)")
        MOU_PKS = "mou_pks", _("MoU/PKS with BPJS Ketenagakerjaan")

    kind = models.CharField(_("type"), max_length=14, choices=Kind.choices)
    number = models.CharField(_("number"), max_length=80)
    issued_on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(
        _("document"), storage=private_storage, upload_to="dossiers/%Y/%m/"
    )
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("file type"), max_length=40)

    class Meta:
        ordering = ["candidate", "issued_on", "pk"]
        verbose_name = _("regulation")
        verbose_name_plural = _("regulations")
        default_related_name = "regulations"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    def get_file_url(self) -> str:
        return reverse("nominations:regulation_file", args=[self.pk])


class Innovation(DossierItem):
    """A named programme (e.g. Selayar's "Sikamseang") with its evidence."""

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"))
    started_on = models.DateField(_("started on"))
    beneficiaries = figure(_("beneficiaries"))
    budget = figure(_("budget (rupiah)"))
    funding_source = models.CharField(
        _("funding source"), max_length=10, choices=FundingSource.choices
    )

    class Meta:
        ordering = ["candidate", "started_on", "pk"]
        verbose_name = _("innovation")
        verbose_name_plural = _("innovations")
        default_related_name = "innovations"

    def __str__(self) -> str:
        return self.name


class EvidenceFile(models.Model):
    """A PDF or image that backs an innovation."""

    innovation = models.ForeignKey(
        Innovation,
        verbose_name=_("innovation"),
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    file = models.FileField(
        _("file"), storage=private_storage, upload_to="evidence/%Y/%m/"
    )
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("file type"), max_length=40)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["innovation", "pk"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self) -> str:
        return self.original_name

    def get_file_url(self) -> str:
        return reverse("nominations:evidence_file", args=[self.pk])


class VerificationStep(Step):
    """One change of a dossier item's verification: who, when, from, to, why."""

    regulation = models.ForeignKey(
        Regulation,
        verbose_name=_("regulation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="verification_steps",
    )
    innovation = models.ForeignKey(
        Innovation,
        verbose_name=_("innovation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="verification_steps",
    )
    from_status = models.CharField(
        _("from"), max_length=10, choices=Verification.choices
    )
    to_status = models.CharField(_("to"), max_length=10, choices=Verification.choices)

    class Meta(Step.Meta):
        verbose_name = _("verification step")
        verbose_name_plural = _("verification steps")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(regulation__isnull=True, innovation__isnull=False)
                    | models.Q(regulation__isnull=False, innovation__isnull=True)
                ),
                name="verification_step_one_item",
            )
        ]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"
