"""One demonstration user per role, with a published password."""

from dataclasses import dataclass

from django.db import transaction

from accounts.models import User
from regions.models import Branch, Kanwil, Province

# Public on purpose: `prepare_portal --demo` prints it for the demo log-ins.
DEMO_PASSWORD = "paritrana-demo"  # noqa: S105


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    first_name: str
    scope: str = ""


DEMO_USERS = (
    DemoUser("admin", User.Role.ADMIN_NASIONAL, "Admin Nasional"),
    DemoUser(
        "panitia.jambi", User.Role.PANITIA_PROVINSI, "Panitia Jambi", "province:15"
    ),
    DemoUser("penilai", User.Role.PENILAI, "Penilai Tim 9"),
    DemoUser(
        "petugas.anambas", User.Role.PETUGAS_CABANG, "Petugas Cabang", "branch:21.05"
    ),
    DemoUser(
        "verifikator.cabang", User.Role.VERIFIKATOR, "Kepala Cabang", "branch:21.05"
    ),
    DemoUser(
        "verifikator.kanwil",
        User.Role.VERIFIKATOR,
        "Verifikator Kanwil",
        "kanwil:sumbarriau",
    ),
)


def _scope_fields(scope: str) -> dict | None:
    """The user's area, or None when the loaded regions do not contain it."""
    if not scope:
        return {}
    kind, value = scope.split(":")
    if kind == "province":
        area: object = Province.objects.filter(code=value).first()
    elif kind == "branch":
        area = Branch.objects.filter(regencies=value).order_by("code").first()
    else:
        area = Kanwil.objects.filter(code=value).first()
    return {kind: area} if area else None


@transaction.atomic
def create_demo_users() -> list[DemoUser]:
    """Create the demo users that do not exist yet and whose area is loaded;
    return the demo users that exist afterwards."""
    for demo in DEMO_USERS:
        area = _scope_fields(demo.scope)
        if area is None or User.objects.filter(username=demo.username).exists():
            continue
        is_admin = demo.role == User.Role.ADMIN_NASIONAL
        user = User(
            username=demo.username,
            first_name=demo.first_name,
            email=f"{demo.username}@paritrana.local",
            role=demo.role,
            is_staff=is_admin,
            is_superuser=is_admin,
            **area,
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
    existing = set(User.objects.values_list("username", flat=True))
    return [demo for demo in DEMO_USERS if demo.username in existing]
