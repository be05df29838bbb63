"""Indonesia's administrative regions (Kemendagri codes) and BPJS offices.

Codes are strings everywhere: `11` (provinsi), `11.01` (kab/kota), `11.01.01`
(kecamatan), `11.01.01.2001` (desa/kelurahan). Regions are never deleted: a region that
disappears from a newer source is marked inactive so data of old years still loads.
"""

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from regions.scoping import ScopedQuerySet

PROVINCE_CODE = RegexValidator(
    r"^\d{2}$", _("Use the two-digit province code, e.g. 15.")
)
REGENCY_CODE = RegexValidator(r"^\d{2}\.\d{2}$", _("Use the code PP.KK, e.g. 15.71."))
DISTRICT_CODE = RegexValidator(r"^\d{2}\.\d{2}\.\d{2}$", _("Use the code PP.KK.CC."))
VILLAGE_CODE = RegexValidator(
    r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$", _("Use the code PP.KK.CC.DDDD.")
)
# Branch codes are a slug that may carry a region code with dots: demo-15.71.
BRANCH_CODE_PATTERN = r"[-a-zA-Z0-9_.]+"
BRANCH_CODE = RegexValidator(
    rf"^{BRANCH_CODE_PATTERN}\Z",
    _("Use letters, digits, hyphens, underscores and dots only, e.g. kc-jambi."),
)


class RegionQuerySet(ScopedQuerySet):
    """Chainable filters shared by every region level."""

    def active(self) -> "RegionQuerySet":
        return self.filter(is_active=True)

    def search(self, term: str) -> "RegionQuerySet":
        """Match a name fragment or a code prefix (dots optional: 2105 finds 21.05)."""
        term = term.strip()
        if not term:
            return self
        prefix = dotted_code(term)
        return self.filter(Q(name__icontains=term) | Q(code__startswith=prefix))


def dotted_code(term: str) -> str:
    """Bare digits as a dotted code prefix ('21050' -> '21.05.0'); else as typed."""
    if not (term.isascii() and term.isdigit()):
        return term
    parts = (term[:2], term[2:4], term[4:6], term[6:])
    return ".".join(part for part in parts if part)


class Region(models.Model):
    """Fields of every level: Kemendagri code, official name, whether current."""

    name = models.CharField(_("name"), max_length=120)
    is_active = models.BooleanField(
        _("current"),
        default=True,
        help_text=_("Unticked when the region no longer appears in the latest source."),
    )

    objects = RegionQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"  # type: ignore[attr-defined]


class Kanwil(models.Model):
    """A BPJS regional office (Kantor Wilayah), serving whole provinces."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("regional office (Kanwil)")
        verbose_name_plural = _("regional offices (Kanwil)")

    def __str__(self) -> str:
        return self.name


class Province(Region):
    """A provinsi."""

    code = models.CharField(
        _("code"), max_length=2, primary_key=True, validators=[PROVINCE_CODE]
    )
    kanwil = models.ForeignKey(
        Kanwil,
        verbose_name=_("regional office"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="provinces",
    )
    reporting_branch = models.ForeignKey(
        "Branch",
        verbose_name=_("reporting branch"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reported_provinces",
        help_text=_(
            "The branch office that enters the province's own coverage report."
        ),
    )

    scope_lookups = {
        "province": "code",
        "branch": "regencies__branches",
        "kanwil": "kanwil",
    }

    class Meta(Region.Meta):
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def get_absolute_url(self) -> str:
        return reverse("regions:province", args=[self.code])


class Regency(Region):
    """A kabupaten or kota (kab/kota)."""

    class Kind(models.TextChoices):
        KABUPATEN = "kabupaten", _("Regency (kabupaten)")
        KOTA = "kota", _("City (kota)")

    code = models.CharField(
        _("code"), max_length=5, primary_key=True, validators=[REGENCY_CODE]
    )
    province = models.ForeignKey(
        Province,
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        related_name="regencies",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    is_administrative = models.BooleanField(
        _("administrative"),
        default=False,
        help_text=_(
            "An administrative city or regency of DKI Jakarta, without a DPRD."
        ),
    )

    scope_lookups = {
        "province": "province",
        "branch": "branches",
        "kanwil": "province__kanwil",
    }

    class Meta(Region.Meta):
        verbose_name = _("regency/city")
        verbose_name_plural = _("regencies/cities")

    def get_absolute_url(self) -> str:
        return reverse("regions:regency", args=[self.code])

    @staticmethod
    def kind_for_code(code: str) -> str:
        """Kemendagri numbers kabupaten 01–69 and kota 71–99."""
        return Regency.Kind.KOTA if int(code[-2:]) >= 70 else Regency.Kind.KABUPATEN


class District(Region):
    """A kecamatan."""

    code = models.CharField(
        _("code"), max_length=8, primary_key=True, validators=[DISTRICT_CODE]
    )
    regency = models.ForeignKey(
        Regency,
        verbose_name=_("regency/city"),
        on_delete=models.PROTECT,
        related_name="districts",
    )

    scope_lookups = {
        "province": "regency__province",
        "branch": "regency__branches",
        "kanwil": "regency__province__kanwil",
    }

    class Meta(Region.Meta):
        verbose_name = _("district (kecamatan)")
        verbose_name_plural = _("districts (kecamatan)")

    def get_absolute_url(self) -> str:
        return reverse("regions:district", args=[self.code])


class Village(Region):
    """A desa or kelurahan."""

    class Kind(models.TextChoices):
        KELURAHAN = "kelurahan", _("Urban village (kelurahan)")
        DESA = "desa", _("Village (desa)")

    code = models.CharField(
        _("code"), max_length=13, primary_key=True, validators=[VILLAGE_CODE]
    )
    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        related_name="villages",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)

    scope_lookups = {
        "province": "district__regency__province",
        "branch": "district__regency__branches",
        "kanwil": "district__regency__province__kanwil",
    }

    class Meta(Region.Meta):
        verbose_name = _("village (desa/kelurahan)")
        verbose_name_plural = _("villages (desa/kelurahan)")

    @staticmethod
    def kind_for_code(code: str) -> str:
        """Kelurahan are numbered 1xxx and desa 2xxx."""
        return Village.Kind.KELURAHAN if code[-4] == "1" else Village.Kind.DESA


class BranchQuerySet(ScopedQuerySet):
    def search(self, term: str) -> "BranchQuerySet":
        term = term.strip()
        if not term:
            return self
        return self.filter(Q(name__icontains=term) | Q(code__icontains=term))


class Branch(models.Model):
    """A BPJS Ketenagakerjaan branch office (Kantor Cabang) and the kab/kota it serves.

    Service areas are configuration: an admin edits them, and a kab/kota may be served
    by more than one branch (large cities are).
    """

    code = models.CharField(
        _("code"), max_length=60, unique=True, validators=[BRANCH_CODE]
    )
    name = models.CharField(_("name"), max_length=120)
    kanwil = models.ForeignKey(
        Kanwil,
        verbose_name=_("regional office"),
        on_delete=models.PROTECT,
        related_name="branches",
    )
    regencies = models.ManyToManyField(
        Regency,
        verbose_name=_("regencies/cities served"),
        related_name="branches",
        blank=True,
    )
    is_demo = models.BooleanField(
        _("demo"),
        default=False,
        help_text=_("Made up for the demonstration; not a real BPJS branch."),
    )

    objects = BranchQuerySet.as_manager()

    scope_lookups = {
        "province": "regencies__province",
        "branch": "pk",
        "kanwil": "kanwil",
    }

    class Meta:
        ordering = ["name"]
        verbose_name = _("branch office")
        verbose_name_plural = _("branch offices")

    def __str__(self) -> str:
        # With the code: two branches may share a name, wherever one is chosen.
        return f"{self.name} ({self.code})"


class Zone(models.Model):
    """A named group of provinces for zone awards, fixed per award year."""

    name = models.CharField(_("name"), max_length=80)
    year = models.PositiveSmallIntegerField(_("award year"))
    provinces = models.ManyToManyField(
        Province, verbose_name=_("provinces"), related_name="zones"
    )

    class Meta:
        ordering = ["-year", "name"]
        verbose_name = _("zone")
        verbose_name_plural = _("zones")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "name"], name="zone_unique_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"


class RegionDataLoad(models.Model):
    """One run of `load_regions`: where the data came from and what it changed."""

    source = models.CharField(_("source"), max_length=80)
    version = models.CharField(_("version"), max_length=40, blank=True)
    checksum = models.CharField(_("SHA-256 of the files"), max_length=64)
    counts = models.JSONField(_("counts"), default=dict)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now_add=True)

    class Meta:
        ordering = ["-loaded_at"]
        get_latest_by = "loaded_at"
        verbose_name = _("region data load")
        verbose_name_plural = _("region data loads")

    def __str__(self) -> str:
        return f"{self.source} {self.version} ({self.loaded_at:%Y-%m-%d})"
