"""Writing demo plans to the database: reports, their rows, dated workflow steps by
the demo users where the region is theirs, and one system audit entry per report."""

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from random import Random
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import DateField, Model

from accounts.models import User
from participants.content import LINE_TABLES
from participants.demo.figures import SEED, YEARS, coverage, wants_villages
from participants.demo.plans import (
    APPROVED,
    DRAFT,
    MISSING,
    RETURNED,
    SUBMITTED,
    Existing,
    Plan,
    Regions,
    Stored,
    plan_reports,
)
from participants.models import CoverageReport
from regions.models import Province, Regency, Village
from review.models import AuditEntry, StatusChange

DEMO_REASON = "Demo data"
BATCH = 500
WIB = ZoneInfo("Asia/Jakarta")
RETURN_REASONS = (
    "Angkatan kerja belum sesuai data BPS terbaru; mohon diperbarui.",
    "Jumlah peserta BPU berbeda dengan data kepesertaan kantor cabang; mohon dicek.",
    "Rincian pekerja rentan per sektor belum lengkap.",
    "Pegawai non-ASN yang layak dilindungi belum diisi untuk semua kategori.",
)


@dataclass
class Actors:
    """The demo users who take workflow steps in their own area; nobody elsewhere."""

    petugas: Any = None
    cabang: Any = None
    kanwil: Any = None
    areas: dict[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def load(cls) -> "Actors":
        names = {
            "petugas": "petugas.anambas",
            "cabang": "verifikator.cabang",
            "kanwil": "verifikator.kanwil",
        }
        users = {
            u.username: u for u in User.objects.filter(username__in=names.values())
        }
        people = {role: users.get(name) for role, name in names.items()}
        areas = {role: _area(user) for role, user in people.items()}
        return cls(people["petugas"], people["cabang"], people["kanwil"], areas)

    @property
    def showcase(self) -> list[str]:
        return sorted(code for code in self.areas.get("petugas", ()) if "." in code)

    def submitter(self, plan: Plan) -> Any:
        return self.petugas if plan.code in self.areas.get("petugas", ()) else None

    def verifier(self, plan: Plan) -> Any:
        for role in ("cabang", "kanwil"):
            if plan.code in self.areas.get(role, ()):
                return getattr(self, role)
        return None


def _area(user: Any) -> frozenset[str]:
    """Codes of the kab/kota and provinces whose reports the user handles."""
    if user is None:
        return frozenset()
    regencies = Regency.objects.for_user(user).values_list("code", flat=True)
    if user.branch_id:
        provinces = Province.objects.filter(reporting_branch=user.branch_id)
    else:
        provinces = Province.objects.for_user(user)
    return frozenset([*regencies, *provinces.values_list("code", flat=True)])


class Step(NamedTuple):
    """One workflow step of a demo report."""

    from_status: str
    to_status: str
    by: Any
    reason: str
    at: datetime


@dataclass
class History:
    """When a report was started and the workflow steps it went through."""

    created_at: datetime
    steps: list[Step]

    @property
    def updated_at(self) -> datetime:
        return self.steps[-1].at if self.steps else self.created_at

    @property
    def updated_by(self) -> Any:
        return self.steps[-1].by if self.steps else None


def history(plan: Plan, actors: Actors) -> History:
    """Dated steps: kab/kota reports in the first quarter after the year, the
    province's own report after its kab/kota (from May)."""
    rng = Random(f"{SEED}:{plan.code}:{plan.year}:history")
    month = 1 if plan.regency else 5
    at = datetime(plan.year + 1, month, 10, 8, tzinfo=WIB)
    at += timedelta(days=rng.randint(0, 40), minutes=rng.randint(0, 480))
    started = at
    submitter, verifier = actors.submitter(plan), actors.verifier(plan)
    returned = plan.status == RETURNED or (plan.was_returned and plan.status != DRAFT)
    moves = [(DRAFT, SUBMITTED, submitter, "")] if plan.status != DRAFT else []
    if returned:
        moves.append((SUBMITTED, RETURNED, verifier, rng.choice(RETURN_REASONS)))
    if returned and plan.status != RETURNED:
        moves.append((RETURNED, SUBMITTED, submitter, ""))
    if plan.status == APPROVED:
        moves.append((SUBMITTED, APPROVED, verifier, ""))
    steps = []
    for before, after, by, reason in moves:
        at += timedelta(days=rng.randint(1, 10), minutes=rng.randint(0, 300))
        reason = reason or ("" if by else DEMO_REASON)
        steps.append(Step(before, after, by, reason, at))
    return History(started, steps)


def _write(plans: list[Plan], actors: Actors) -> None:
    """Store the reports, their rows, workflow steps and one audit entry each."""
    histories = [history(plan, actors) for plan in plans]
    reports = [
        CoverageReport(
            province_id=plan.province,
            regency_id=plan.regency,
            year=plan.year,
            status=plan.status,
            warning_explanation=plan.explanation,
            updated_by=past.updated_by,
            created_at=past.created_at,
            updated_at=past.updated_at,
            **plan.content.figures,
        )
        for plan, past in zip(plans, histories, strict=True)
    ]
    with _dates_as_given(CoverageReport):
        CoverageReport.objects.bulk_create(reports, batch_size=BATCH)
    for table in LINE_TABLES:
        table.model._default_manager.bulk_create(
            (
                table.model(report=report, **table.key_values(key), **row)
                for plan, report in zip(plans, reports, strict=True)
                for key, row in plan.content.rows(table.name).items()
            ),
            batch_size=BATCH,
        )
    _write_provenance(reports, histories)


def _write_provenance(reports: list[CoverageReport], histories: list[History]) -> None:
    """The workflow steps and one audit entry per report, dated as in the history."""
    content_type = ContentType.objects.get_for_model(CoverageReport)
    steps: list[StatusChange] = []
    entries: list[AuditEntry] = []
    for report, past in zip(reports, histories, strict=True):
        record: dict[str, Any] = {"content_type": content_type, "object_id": report.pk}
        steps += [StatusChange(**record, **step._asdict()) for step in past.steps]
        entries.append(
            AuditEntry(
                **record,
                field="",
                version=report.version,
                source=AuditEntry.Source.SYSTEM,
                reason=DEMO_REASON,
                at=past.created_at,
            )
        )
    with _dates_as_given(StatusChange, AuditEntry):
        StatusChange.objects.bulk_create(steps, batch_size=BATCH)
        AuditEntry.objects.bulk_create(entries, batch_size=BATCH)


@contextmanager
def _dates_as_given(*models: type[Model]) -> Iterator[None]:
    """Let new rows keep the dates set on them instead of the clock's.

    `auto_now`/`auto_now_add` fields overwrite any date on creation, and correcting
    ~10.000 rows afterwards with `bulk_update` takes seconds; so the flags are off
    meanwhile. Only for this one-off generator, which runs in a command."""
    clocked = [
        (date, date.auto_now, date.auto_now_add)
        for model in models
        for date in model._meta.concrete_fields
        if isinstance(date, DateField) and (date.auto_now or date.auto_now_add)
    ]
    try:
        for date, _now, _now_add in clocked:
            date.auto_now = date.auto_now_add = False
        yield
    finally:
        for date, now, now_add in clocked:
            date.auto_now, date.auto_now_add = now, now_add


def _regions() -> Regions:
    """Active provinces with their active kab/kota."""
    regions: Regions = {
        code: [] for code in Province.objects.active().values_list("code", flat=True)
    }
    rows = Regency.objects.active().filter(province__is_active=True)
    for province, code, kind in rows.values_list("province", "code", "kind"):
        regions[province].append((code, kind == Regency.Kind.KOTA))
    return regions


def _villages(regions: Regions) -> dict[str, list[str]]:
    """Village codes of the kab/kota that report protection per desa."""
    sampled = [
        code
        for members in regions.values()
        for code, is_kota in members
        if wants_villages(code, is_kota=is_kota)
    ]
    villages: dict[str, list[str]] = {}
    rows = Village.objects.active().filter(district__regency__in=sampled)
    for regency, code in rows.values_list("district__regency", "code"):
        villages.setdefault(regency, []).append(code)
    return villages


def _existing() -> Existing:
    """The reports stored for the demo years, by region code and year."""
    rows = CoverageReport.objects.filter(year__in=YEARS).values(
        "regency", "province", "year", "status", *CoverageReport.FIGURES
    )
    return {
        (row["regency"] or row["province"], row["year"]): Stored(
            row["status"], coverage(row)
        )
        for row in rows
    }


@transaction.atomic
def create_demo_reports() -> Counter[str]:
    """Create the demo reports that are not stored yet (a region-year that has a report
    is left alone); return how many were created per status."""
    regions = _regions()
    existing = _existing()
    actors = Actors.load()
    plans = [
        plan
        for plan in plan_reports(
            regions, _villages(regions), existing=existing, showcase=actors.showcase
        )
        if plan.status != MISSING and (plan.code, plan.year) not in existing
    ]
    _write(plans, actors)
    return Counter(plan.status for plan in plans)
