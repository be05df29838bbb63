"""Demonstration panel: Jambi's Tim 9 for the demo edition, as issue 11 and the
press describe it — chaired by the provincial secretary, with the head of the BPJS
branch as secretary and members from the manpower office, employers, unions and
academia. The demo assessor (`penilai`) sits on it as a member; the union member
comes from Kota Jambi, so the panel shows a conflict found from an affiliation.
Names are made up and marked "(demo)"; everything goes through the services, as
the committee would."""

from dataclasses import dataclass

from django.db import transaction

from accounts.demo import DEMO_PASSWORD
from accounts.models import User
from nominations.demo import PROVINCE, YEAR
from nominations.models import ProvincialRound
from regions.models import Province, Regency
from scoring.models import Panel, PanelMember
from scoring.services.panels import add_member, create_panel

R = PanelMember.Role


@dataclass(frozen=True)
class DemoSeat:
    username: str
    first_name: str
    role: str
    organisation: str
    province: bool = False  # affiliated with the province
    regency: str = ""


SEATS = (
    DemoSeat(
        "tim9.ketua",
        "Hendra Saputra",
        R.CHAIR,
        "Sekretariat Daerah Provinsi Jambi (Sekda)",
        province=True,
    ),
    DemoSeat(
        "tim9.sekretaris",
        "Rina Marlina",
        R.SECRETARY,
        "BPJS Ketenagakerjaan Kantor Cabang Jambi",
    ),
    DemoSeat(
        "tim9.disnaker",
        "Agus Setiawan",
        R.MEMBER,
        "Dinas Tenaga Kerja dan Transmigrasi Provinsi Jambi",
        province=True,
    ),
    DemoSeat("tim9.apindo", "Lukman Hakim", R.MEMBER, "APINDO Provinsi Jambi"),
    DemoSeat(
        "tim9.serikat",
        "Siti Rahmawati",
        R.MEMBER,
        "KSPSI Kota Jambi",
        regency="15.71",
    ),
    DemoSeat("penilai", "Penilai Tim 9", R.MEMBER, "Universitas Jambi"),
)


def create_demo_panels() -> list[DemoSeat]:
    """Create Jambi's Tim 9 of the demo edition once, with its demo assessors;
    return the seats created (none when it exists or its round is missing)."""
    round_ = ProvincialRound.objects.filter(
        edition__award_year=YEAR, province=PROVINCE
    ).first()
    committee = User.objects.filter(
        role=User.Role.PANITIA_PROVINSI, province=PROVINCE
    ).first()
    if (
        round_ is None
        or committee is None
        or Panel.objects.filter(round=round_).exists()
    ):
        return []
    with transaction.atomic():
        panel = create_panel(round_.edition, round=round_, by=committee)
        for seat in SEATS:
            add_member(
                panel,
                _assessor(seat),
                by=committee,
                role=seat.role,
                organisation=seat.organisation,
                province=Province.objects.get(code=PROVINCE) if seat.province else None,
                regency=Regency.objects.filter(code=seat.regency).first(),
            )
    return list(SEATS)


def _assessor(seat: DemoSeat) -> User:
    """The seat's demo assessor, created with the demo password if missing."""
    user = User.objects.filter(username=seat.username).first()
    if user is None:
        user = User(
            username=seat.username,
            first_name=seat.first_name,
            last_name="(demo)",
            email=f"{seat.username}@paritrana.local",
            role=User.Role.PENILAI,
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user
