"""Demonstration award data: the 2024 edition (assessing 2023) with its categories and
stages, Jambi's provincial round at the interview stage — the kab/kota the press
named as 2022 provincial winners (Kota Jambi, Batanghari, Tebo) shortlisted and
scheduled, with made-up verified dossiers — the province's own Pergub 16/2022 and
its programme protecting 76.016 extreme-poor residents, and three demo employers
with approved compliance. Everything goes through the services, as the committee
would do it; made up where not reported.
"""

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from accounts.models import User
from nominations.models import (
    Aspect,
    Candidate,
    Category,
    Edition,
    Employer,
    EmployerCompliance,
    Scale,
    Sector,
    Stage,
    SubjectType,
)
from nominations.services import candidates, dossiers, editions, interviews
from participants.demo import DEMO_REASON
from participants.models import FundingSource
from regions.models import Branch, Province, Regency
from review.models import ReviewStatus, StatusChange

YEAR = 2024
PROVINCE = "15"  # Jambi, the demo committee's province
SHORTLIST = ("15.71", "15.04", "15.09")  # Kota Jambi, Batanghari, Tebo
WIB = ZoneInfo("Asia/Jakarta")
STAGES = {
    Stage.Kind.DATA_COLLECTION: ((3, 1), (4, 30)),
    Stage.Kind.SCORING: ((5, 1), (5, 31)),
    Stage.Kind.PLENO: ((6, 1), (6, 14)),
    Stage.Kind.INTERVIEW: ((6, 17), (7, 12)),
    Stage.Kind.DETERMINATION: ((7, 15), (7, 31)),
    Stage.Kind.VERIFICATION: ((8, 1), (8, 31)),
    Stage.Kind.NATIONAL_INTERVIEW: ((9, 2), (9, 27)),
    Stage.Kind.NATIONAL_DETERMINATION: ((10, 1), (10, 18)),
    Stage.Kind.CEREMONY: ((11, 20), (11, 20)),
}
# Made-up dossiers of the shortlisted kab/kota: the regulation (type, number, date)
# and the innovations (name, beneficiaries, funding source), verified by the
# national admin. A Perda outranks a Perbup, which outranks a circular.
TITLE = "Perlindungan Jaminan Sosial Ketenagakerjaan bagi Pekerja Rentan (demo)"
SHORTLIST_DOSSIERS: dict[str, tuple[tuple[str, str, date], tuple[tuple, ...]]] = {
    "15.71": (
        ("perda", "4 Tahun 2022", date(2022, 9, 12)),
        (
            ("Guru honorer terlindungi", 400, FundingSource.APBD),
            ("Ketua RT dan RW terlindungi", 1_650, FundingSource.APBD),
            ("Ojek daring terdaftar BPU", 900, FundingSource.CSR),
        ),
    ),
    "15.04": (
        ("perkada", "27 Tahun 2022", date(2022, 8, 1)),
        (
            ("Guru mengaji dan marbot terlindungi", 1_000, FundingSource.APBD),
            ("Pedagang dan pelaku UMKM terlindungi", 550, FundingSource.APBD),
        ),
    ),
    "15.09": (
        ("surat_edaran", "560/412/Disnaker/2023", date(2023, 2, 6)),
        (("Pekerja sawit mitra perusahaan terlindungi", 1_200, FundingSource.CSR),),
    ),
}
# A minimal valid PDF, so that the demo dossier has a document to open.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def create_demo_award() -> int:
    """Create the demo edition once; return the number of candidates created."""
    if Edition.objects.filter(award_year=YEAR).exists():
        return 0
    admin = User.objects.filter(role=User.Role.ADMIN_NASIONAL).first()
    committee = User.objects.filter(
        role=User.Role.PANITIA_PROVINSI, province=PROVINCE
    ).first()
    province = Province.objects.filter(code=PROVINCE).first()
    if not (admin and committee and province):
        return 0
    with transaction.atomic():
        return _create(admin, committee, province)


def _create(admin: User, committee: User, province: Province) -> int:
    edition = _edition()
    categories = _categories(edition)
    round_ = editions.start_round(edition, province, by=committee)
    editions.set_round_status(round_, "interview", by=committee)
    added = candidates.add_candidates(categories["kab_kota"], province, by=committee)
    [own] = candidates.add_candidates(categories["provinsi"], province, by=committee)
    _dossier(own, committee)
    _shortlist_and_schedule(added, categories["kab_kota"], committee)
    _shortlist_dossiers(added, committee, admin)
    employers = _employers(province, admin)
    added += candidates.add_candidates(
        categories["manufaktur"], province, by=committee, employers=employers
    )
    return len(added) + 1


# The award's official names and their English names.
CATEGORY_NAMES = {
    "provinsi": ("Pemerintah Provinsi", "Provincial government"),
    "kab_kota": ("Pemerintah Kabupaten/Kota", "Regency/city government"),
    "desa": ("Pemerintah Desa", "Village government"),
    "besar": ("Badan Usaha Skala Besar", "Large business"),
    "manufaktur": (
        "Badan Usaha Skala Besar — Manufaktur",
        "Large business — Manufacturing",
    ),
}


def _edition() -> Edition:
    edition = Edition.objects.create(
        name=f"Paritrana Award {YEAR}",
        award_year=YEAR,
        assessment_year=YEAR - 1,
        period_start=date(YEAR, 3, 1),
        period_end=date(YEAR, 11, 30),
        status=Edition.Status.RUNNING,
    )
    Stage.objects.bulk_create(
        Stage(
            edition=edition,
            kind=kind,
            starts_on=date(YEAR, *start),
            ends_on=date(YEAR, *end),
        )
        for kind, (start, end) in STAGES.items()
    )
    return edition


def _categories(edition: Edition) -> dict[str, Category]:
    def add(key: str, kind: str, **extra: Any) -> Category:
        name, name_en = CATEGORY_NAMES[key]
        found[key] = Category.objects.create(
            edition=edition,
            name=name,
            name_en=name_en,
            subject_type=kind,
            position=len(found),
            **extra,
        )
        return found[key]

    found: dict[str, Category] = {}
    add("provinsi", SubjectType.PROVINSI)
    add("kab_kota", SubjectType.KAB_KOTA)
    add("desa", SubjectType.DESA)
    large = add("besar", SubjectType.BADAN_USAHA, scale=Scale.BESAR)
    add(
        "manufaktur",
        SubjectType.BADAN_USAHA,
        parent=large,
        scale=Scale.BESAR,
        sector=Sector.MANUFAKTUR,
    )
    return found


def _dossier(candidate: Candidate, committee: User) -> None:
    dossiers.add_regulation(
        candidate,
        SimpleUploadedFile("pergub-16-2022.pdf", PDF, "application/pdf"),
        by=committee,
        aspect=Aspect.REGULASI,
        kind="perkada",
        number="16 Tahun 2022",
        issued_on=date(2022, 6, 1),
        title="Perlindungan Jaminan Sosial Ketenagakerjaan bagi Pekerja Rentan",
    )
    dossiers.add_innovation(
        candidate,
        by=committee,
        aspect=Aspect.INOVASI,
        name="Perlindungan warga miskin ekstrem",
        description="76.016 warga miskin ekstrem dilindungi JKK dan JKM selama satu "
        "tahun dari APBD Provinsi Jambi.",
        started_on=date(2022, 7, 1),
        beneficiaries=76_016,
        budget=76_016 * 201_600,
        funding_source=FundingSource.APBD,
    )


def _shortlist_and_schedule(
    added: list[Candidate], category: Category, committee: User
) -> None:
    round_ = category.edition.rounds.get(province=PROVINCE)
    start = datetime(YEAR, 6, 18, 9, 0, tzinfo=WIB)
    slot = interviews.create_slot(
        round_,
        by=committee,
        category=category,
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        mode="hybrid",
        place="Ruang Pola Kantor Gubernur Jambi",
        meeting_link="https://meet.example.go.id/paritrana-jambi",
    )
    for candidate in added:
        if candidate.regency_id in SHORTLIST:
            shortlisted = candidates.take_action(candidate, "shortlist", by=committee)
            interviews.schedule(shortlisted, slot, by=committee)


def _shortlist_dossiers(added: list[Candidate], committee: User, admin: User) -> None:
    """The shortlisted kab/kota's regulation and innovations, verified."""
    for candidate in added:
        if candidate.regency_id not in SHORTLIST_DOSSIERS:
            continue
        (kind, number, issued_on), innovations = SHORTLIST_DOSSIERS[
            candidate.regency_id
        ]
        items: list[Any] = [
            dossiers.add_regulation(
                candidate,
                SimpleUploadedFile(f"regulasi-{kind}.pdf", PDF, "application/pdf"),
                by=committee,
                aspect=Aspect.REGULASI,
                kind=kind,
                number=number,
                issued_on=issued_on,
                title=TITLE,
            )
        ]
        for name, beneficiaries, source in innovations:
            items.append(
                dossiers.add_innovation(
                    candidate,
                    by=committee,
                    aspect=Aspect.INOVASI,
                    name=name,
                    description=f"{name}: iuran JKK dan JKM satu tahun (demo).",
                    started_on=issued_on,
                    beneficiaries=beneficiaries,
                    budget=beneficiaries * 201_600,
                    funding_source=source,
                )
            )
        for item in items:
            dossiers.verify_item(item, "verified", by=admin)


def _employers(province: Province, admin: User) -> list[Employer]:
    """Three demo manufacturers in the province, their 2023 compliance approved."""
    regency = Regency.objects.filter(province=province, code="15.71").first()
    branch = Branch.objects.filter(regencies=regency).first()
    if regency is None or branch is None:
        return []
    made = []
    for number, name in enumerate(
        ("PT Demo Sawit Jambi", "PT Demo Karet Batanghari", "PT Demo Pangan Sipin"),
        start=1,
    ):
        employer = Employer.objects.create(
            npp=f"9915000{number}",
            name=name,
            regency=regency,
            branch=branch,
            sector=Sector.MANUFAKTUR,
            scale=Scale.BESAR,
        )
        compliance = EmployerCompliance.objects.create(
            employer=employer,
            year=YEAR - 1,
            status=ReviewStatus.APPROVED,
            employees=400 * number,
            registered_participants=390 * number,
            jkk=True,
            jkm=True,
            jht=True,
            jp=number > 1,
            jkp=number > 2,
            months_paid_on_time=12 - number + 1,
            updated_by=admin,
        )
        StatusChange.objects.create(
            record=compliance,
            from_status=ReviewStatus.SUBMITTED,
            to_status=ReviewStatus.APPROVED,
            by=admin,
            reason=DEMO_REASON,
        )
        made.append(employer)
    return made
