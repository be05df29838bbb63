"""Demonstration set-up of BPJS offices: the 11 real Kanwil with their provinces, and
made-up branches (marked as demo) so that every kab/kota is served by one."""

from typing import cast

from django.db import transaction
from django.db.models import Count

from regions.models import Branch, Kanwil, Province, Regency, Zone

KANWIL_PROVINCES = {
    ("sumbagut", "Kanwil Sumbagut"): ["11", "12"],
    ("sumbarriau", "Kanwil Sumbarriau"): ["13", "14", "21"],
    ("sumbagsel", "Kanwil Sumbagsel"): ["15", "16", "17", "18", "19"],
    ("dki-jakarta", "Kanwil DKI Jakarta"): ["31"],
    ("banten", "Kanwil Banten"): ["36"],
    ("jawa-barat", "Kanwil Jawa Barat"): ["32"],
    ("jateng-diy", "Kanwil Jateng & DIY"): ["33", "34"],
    ("jawa-timur", "Kanwil Jawa Timur"): ["35"],
    ("kalimantan", "Kanwil Kalimantan"): ["61", "62", "63", "64", "65"],
    ("sulawesi-maluku", "Kanwil Sulawesi-Maluku"): [
        "71", "72", "73", "74", "75", "76", "81", "82"
    ],
    ("banuspa", "Kanwil Bali-Nusa Tenggara-Papua"): [
        "51", "52", "53", "91", "92", "93", "94", "95", "96"
    ],
}  # fmt: skip

DEMO_ZONES = {
    "Zona Sumatera": ["11", "12", "13", "14", "15", "16", "17", "18", "19", "21"],
    "Zona Jawa": ["31", "32", "33", "34", "35", "36"],
    "Zona Bali dan Nusa Tenggara": ["51", "52", "53"],
    "Zona Kalimantan": ["61", "62", "63", "64", "65"],
    "Zona Sulawesi": ["71", "72", "73", "74", "75", "76"],
    "Zona Maluku dan Papua": ["81", "82", "91", "92", "93", "94", "95", "96"],
}
DEMO_ZONE_YEAR = 2025
REGENCIES_PER_BRANCH = 4


def short_name(regency: Regency) -> str:
    """'Kota Administrasi Jakarta Pusat' -> 'Jakarta Pusat'."""
    name = regency.name
    for prefix in (
        "Kabupaten Administrasi ",
        "Kota Administrasi ",
        "Kabupaten ",
        "Kota ",
    ):
        name = name.removeprefix(prefix)
    return name


def create_kanwil() -> dict[str, Kanwil]:
    """Create the 11 Kanwil and attach their provinces; return them by code."""
    offices = {}
    for (code, name), province_codes in KANWIL_PROVINCES.items():
        kanwil, _ = Kanwil.objects.get_or_create(code=code, defaults={"name": name})
        Province.objects.filter(code__in=province_codes).update(kanwil=kanwil)
        offices[code] = kanwil
    return offices


def create_demo_branches() -> int:
    """Group each province's kab/kota into demo branches of up to four; return how many
    branches were created. Kab/kota already served by a branch are left alone."""
    created = 0
    unserved = Regency.objects.filter(
        branches__isnull=True, province__kanwil__isnull=False
    )
    by_province: dict[str, list[Regency]] = {}
    for regency in unserved.select_related("province__kanwil").order_by("code"):
        by_province.setdefault(regency.province_id, []).append(regency)
    for regencies in by_province.values():
        for start in range(0, len(regencies), REGENCIES_PER_BRANCH):
            group = regencies[start : start + REGENCIES_PER_BRANCH]
            seat = next((r for r in group if r.kind == Regency.Kind.KOTA), group[0])
            branch = Branch.objects.create(
                code=f"demo-{seat.code}",
                name=f"KC Demo {short_name(seat)}",
                # The query above keeps only provinces that have a Kanwil.
                kanwil=cast(Kanwil, seat.province.kanwil),
                is_demo=True,
            )
            branch.regencies.set(group)
            created += 1
    _assign_reporting_branches()
    name_demo_branches_apart()
    return created


def name_demo_branches_apart() -> int:
    """Give demo branches that share a name ("KC Demo Bogor" for Kota and Kabupaten
    Bogor) their seat's full name ("KC Demo Kota Bogor"); return how many."""
    shared = (
        Branch.objects.filter(is_demo=True)
        .values("name")
        .annotate(count=Count("pk"))
        .filter(count__gt=1)
        .values_list("name", flat=True)
    )
    seats = {r.code: r for r in Regency.objects.filter(branches__name__in=shared)}
    renamed = []
    for branch in Branch.objects.filter(is_demo=True, name__in=list(shared)):
        seat = seats.get(branch.code.removeprefix("demo-"))
        if seat is not None:
            branch.name = f"KC Demo {seat.name}"
            renamed.append(branch)
    return Branch.objects.bulk_update(renamed, ["name"])


def _assign_reporting_branches() -> None:
    """Let the branch serving a province's first kota (usually its capital) enter the
    province's own report, where no branch was chosen yet."""
    for province in Province.objects.filter(reporting_branch__isnull=True):
        seat = province.regencies.order_by("-kind", "code").first()  # kota first
        branch = seat.branches.order_by("code").first() if seat else None
        if branch:
            province.reporting_branch = branch
            province.save(update_fields=["reporting_branch"])


def create_demo_zones() -> None:
    """The zones of the demonstration award year."""
    for name, province_codes in DEMO_ZONES.items():
        zone, _ = Zone.objects.get_or_create(name=name, year=DEMO_ZONE_YEAR)
        zone.provinces.set(Province.objects.filter(code__in=province_codes))


@transaction.atomic
def load_demo_offices() -> int:
    """Kanwil, demo branches and zones; safe to run again. Returns new branches."""
    create_kanwil()
    created = create_demo_branches()
    create_demo_zones()
    return created
