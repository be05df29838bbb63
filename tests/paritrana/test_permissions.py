"""Every URL name of the portal with the permission it requires, and proof per demo
role that the table holds: whoever lacks the permission is refused (401, 403, 404
or sent to sign in), whoever holds it is not.

A URL name missing from `REQUIRED` fails the first test: a new view must say who may
use it. Permissions are the apps' `rules.py`; PUBLIC, SIGNED_IN and STAFF (the
Django admin site's own rule) are the other answers."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from operator import attrgetter
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from accounts.tokens import issue_token
from nominations.models import Candidate, EvidenceFile, Stage
from participants.importers import batches
from participants.models import PrefilledTemplate
from publication.models import CertificateBatch
from publication.services import certificates
from publication.services.releases import publish
from review.models import ReviewStatus
from scoring.adapter import Scope
from scoring.demo import illustrative_document
from scoring.models import ScoreSheet
from scoring.services.jobs import request_recompute
from scoring.services.methodology import create_methodology
from scoring.services.runs import compute_run
from tests.factories import (
    CandidateFactory,
    CategoryFactory,
    CoverageReportFactory,
    EditionFactory,
    EmployerComplianceFactory,
    EmployerFactory,
    InnovationFactory,
    InterviewSlotFactory,
    ProvincialRoundFactory,
    RegulationFactory,
    UserFactory,
)
from tests.factories.scoring import PanelFactory, PanelMemberFactory
from tests.scoring.final_rankings import final_round, final_run

pytestmark = pytest.mark.django_db

PUBLIC = "public"
SIGNED_IN = "signed in"
STAFF = "staff"  # the Django admin site: active staff accounts
NOT_FOUND = "not found"  # the API's JSON 404 for every unknown path
LOGIN_PATHS = ("/akun/masuk/?next=", "/admin/login/?next=")
# The demo roles (README): the same kinds of account `prepare_portal` creates.
ROLES = (
    "anonymous",
    "petugas_a",
    "verifikator_cabang_a",
    "verifikator_kanwil_a",
    "panitia_a",
    "penilai",
    "admin",
    "demo_admin",
)


@dataclass(frozen=True)
class Case:
    """One request of a URL name: the permission it needs, the path (formatted
    with the records of the `data` fixture, e.g. "{draft.pk}"), the record the
    permission is asked about (by its name there), the method and the body."""

    permission: str
    path: str
    obj: str = ""
    method: str = "get"
    data: dict[str, Any] = field(default_factory=dict)

    def url(self, records: SimpleNamespace) -> str:
        return self.path.format(**vars(records))

    def record(self, records: SimpleNamespace) -> Any:
        return attrgetter(self.obj)(records) if self.obj else None


def report_path(name: str, suffix: str = "") -> str:
    return f"/cakupan/{{{name}.year}}/{{{name}.regency_id}}/{suffix}"


def compliance_path(name: str, suffix: str = "") -> str:
    return f"/nominasi/pemberi-kerja/{{{name}.employer.npp}}/{{{name}.year}}/{suffix}"


REASON = {"reason": "Angka tenaga kerja belum sesuai BPS."}
REPORT_STEPS = {
    "submit": "draft",
    "approve": "submitted",
    "return": "submitted",
    "unapprove": "approved",
}
# The API's router names a report's steps `coverage-report-<step>`.
API_REPORT_STEPS = {
    f"coverage-report-{step}": [
        Case(
            f"participants.{step}_report",
            f"/api/v1/coverage-reports/{{{name}.pk}}/{step}/",
            obj=name,
            method="post",
            data=REASON if step in ("return", "unapprove") else {},
        )
    ]
    for step, name in REPORT_STEPS.items()
}

REQUIRED: dict[str, list[Case]] = {
    "home": [Case(PUBLIC, "/")],
    "set_language": [
        Case(PUBLIC, "/i18n/setlang/", method="post", data={"language": "en"})
    ],
    "health": [Case(PUBLIC, "/healthz/")],
    # accounts
    "accounts:profile": [Case(SIGNED_IN, "/akun/")],
    "accounts:notifications": [Case(SIGNED_IN, "/akun/notifikasi/")],
    "accounts:api_tokens": [Case("accounts.use_api_tokens", "/akun/token/")],
    "accounts:revoke_api_token": [
        Case(
            "accounts.revoke_api_token",
            "/akun/token/{token.pk}/cabut/",
            obj="token",
            method="post",
        )
    ],
    "accounts:login": [Case(PUBLIC, "/akun/masuk/")],
    "accounts:logout": [Case(PUBLIC, "/akun/keluar/", method="post")],
    "accounts:password_change": [Case(SIGNED_IN, "/akun/kata-sandi/ubah/")],
    "accounts:password_change_done": [
        Case(SIGNED_IN, "/akun/kata-sandi/ubah/selesai/")
    ],
    "accounts:password_reset": [Case(PUBLIC, "/akun/kata-sandi/lupa/")],
    "accounts:password_reset_done": [Case(PUBLIC, "/akun/kata-sandi/lupa/terkirim/")],
    "accounts:password_reset_confirm": [
        Case(PUBLIC, "/akun/kata-sandi/atur/MQ/set-password/")
    ],
    "accounts:password_reset_complete": [
        Case(PUBLIC, "/akun/kata-sandi/atur/selesai/")
    ],
    # regions
    "regions:province_list": [Case(PUBLIC, "/wilayah/")],
    "regions:search": [Case(PUBLIC, "/wilayah/cari/?q=Jambi")],
    # Open to every signed-in user; the menu offers it to staff with an area
    # (`regions.view_own_regions`).
    "regions:mine": [Case(SIGNED_IN, "/wilayah/saya/")],
    "regions:province": [Case(PUBLIC, "/wilayah/15/")],
    "regions:regency": [Case(PUBLIC, "/wilayah/15.01/")],
    "regions:district": [Case(PUBLIC, "/wilayah/15.01.01/")],
    # coverage reports
    "participants:list": [Case(PUBLIC, "/cakupan/")],
    "participants:report": [
        Case("participants.view_report", report_path(name), obj=name)
        for name in ("draft", "submitted", "approved")
    ],
    "participants:edit": [
        Case(
            "participants.change_report",
            report_path("draft", "isi/"),
            obj="draft",
        ),
        Case(
            "participants.start_report",
            "/cakupan/2022/15.71/isi/",
            obj="world.reg_a2",
        ),
    ],
    "participants:action": [
        Case(
            f"participants.{step}_report",
            report_path(name, f"{step}/"),
            obj=name,
            method="post",
            data=REASON,
        )
        for step, name in REPORT_STEPS.items()
    ],
    "participants:completeness": [
        Case("participants.follow_reports", "/cakupan/kelengkapan/")
    ],
    "participants:completeness_regions": [
        Case("participants.follow_reports", "/cakupan/kelengkapan/2024/wilayah/")
    ],
    "participants:completeness_export": [
        Case("participants.follow_reports", "/cakupan/kelengkapan/2024/xlsx/")
    ],
    # uploads
    "participants:uploads": [Case("participants.upload_coverage", "/cakupan/unggah/")],
    "participants:upload_template": [
        Case("participants.upload_coverage", "/cakupan/unggah/templat/reports.csv")
    ],
    "participants:upload_prefilled": [
        Case(
            "participants.upload_coverage",
            "/cakupan/unggah/templat/terisi/?kind=reports&year=2024",
        )
    ],
    "participants:upload": [
        Case(
            "participants.view_upload",
            "/cakupan/unggah/{batch.pk}/",
            obj="batch",
        )
    ],
    "participants:upload_status": [
        Case(
            "participants.view_upload",
            "/cakupan/unggah/{batch.pk}/status/",
            obj="batch",
        )
    ],
    **{
        f"participants:upload_{step}": [
            Case(
                "participants.change_upload",
                f"/cakupan/unggah/{{batch.pk}}/{slug}/",
                obj="batch",
                method="post",
            )
        ]
        for step, slug in (
            ("commit", "simpan"),
            ("retry", "ulangi"),
            ("revert", "kembalikan"),
        )
    },
    # the award
    "nominations:editions": [Case("nominations.view_editions", "/nominasi/")],
    "nominations:edition": [Case("nominations.view_editions", "/nominasi/2024/")],
    "nominations:edition_copy": [
        Case(
            "nominations.manage_editions",
            "/nominasi/2024/salin/",
            method="post",
            data={"award_year": "2026"},
        )
    ],
    "nominations:round": [
        Case(
            "nominations.view_round",
            "/nominasi/2024/provinsi/15/",
            obj="world.prov_a",
        )
    ],
    "nominations:candidates_add": [
        Case(
            "nominations.run_round",
            "/nominasi/2024/provinsi/15/tambah/",
            obj="world.prov_a",
            method="post",
        )
    ],
    "nominations:slots": [
        Case(
            "nominations.view_round",
            "/nominasi/2024/provinsi/15/jadwal/",
            obj="world.prov_a",
        )
    ],
    "nominations:slots_ics": [
        Case(
            "nominations.view_round",
            "/nominasi/2024/provinsi/15/jadwal.ics",
            obj="world.prov_a",
        )
    ],
    "nominations:candidate": [
        Case(
            "nominations.view_candidate",
            "/nominasi/kandidat/{candidate.pk}/",
            obj="candidate",
        )
    ],
    # A provincial step; the national ones need `nominations.run_national_round`.
    "nominations:candidate_action": [
        Case(
            "nominations.run_round",
            "/nominasi/kandidat/{candidate.pk}/aksi/",
            obj="candidate",
            method="post",
            data={"action": "shortlist"},
        )
    ],
    "nominations:candidate_interview": [
        Case(
            "nominations.run_round",
            "/nominasi/kandidat/{candidate.pk}/wawancara/",
            obj="candidate",
            method="post",
        )
    ],
    "nominations:regulation_add": [
        Case(
            "nominations.edit_dossier",
            "/nominasi/kandidat/{candidate.pk}/regulasi/",
            obj="candidate",
            method="post",
        )
    ],
    "nominations:innovation_add": [
        Case(
            "nominations.edit_dossier",
            "/nominasi/kandidat/{candidate.pk}/inovasi/",
            obj="candidate",
            method="post",
        )
    ],
    "nominations:evidence_add": [
        Case(
            "nominations.edit_dossier",
            "/nominasi/inovasi/{innovation.pk}/bukti/",
            obj="candidate",
            method="post",
        )
    ],
    "nominations:item_verify": [
        Case(
            "nominations.verify_dossier",
            "/nominasi/verifikasi/regulasi/{regulation.pk}/",
            obj="candidate",
            method="post",
            data={"verdict": "verified"},
        )
    ],
    "nominations:regulation_file": [
        Case(
            "nominations.view_candidate",
            "/nominasi/berkas/regulasi/{regulation.pk}/",
            obj="candidate",
        )
    ],
    "nominations:evidence_file": [
        Case(
            "nominations.view_candidate",
            "/nominasi/berkas/bukti/{evidence.pk}/",
            obj="candidate",
        )
    ],
    # scoring: methodologies are public, illustrative or official
    "scoring:methodologies": [Case(PUBLIC, "/penilaian/metodologi/2024/")],
    "scoring:methodology": [
        Case(PUBLIC, "/penilaian/metodologi/versi/{methodology.pk}/")
    ],
    "scoring:methodology_edit": [
        Case(
            "scoring.edit_methodology",
            "/penilaian/metodologi/versi/{methodology.pk}/ubah/",
        )
    ],
    "scoring:methodology_json": [
        Case(PUBLIC, "/penilaian/metodologi/versi/{methodology.pk}/json/")
    ],
    # employers: every signed-in user reads the employers of their area; the menu
    # offers them to those who enter and review compliance.
    "nominations:employers": [Case(SIGNED_IN, "/nominasi/pemberi-kerja/")],
    "nominations:compliance": [
        Case(
            "nominations.view_compliance",
            compliance_path("compliance"),
            obj="compliance",
        )
    ],
    "nominations:compliance_edit": [
        Case(
            "nominations.change_compliance",
            compliance_path("compliance", "isi/"),
            obj="compliance",
        ),
        Case(
            "nominations.start_compliance",
            "/nominasi/pemberi-kerja/{employer.npp}/2023/isi/",
            obj="employer",
        ),
    ],
    "nominations:compliance_action": [
        Case(
            f"nominations.{step}_compliance",
            compliance_path(f"compliance_{name}", f"{step}/"),
            obj=f"compliance_{name}",
            method="post",
            data=REASON,
        )
        for step, name in REPORT_STEPS.items()
    ],
    # API: regions, editions and categories are public; the rest as its pages
    "province-list": [Case(PUBLIC, "/api/v1/provinces/")],
    "province-detail": [Case(PUBLIC, "/api/v1/provinces/15/")],
    "regency-list": [Case(PUBLIC, "/api/v1/regencies/")],
    "regency-detail": [Case(PUBLIC, "/api/v1/regencies/15.01/")],
    "district-list": [Case(PUBLIC, "/api/v1/districts/")],
    "district-detail": [Case(PUBLIC, "/api/v1/districts/15.01.01/")],
    "village-list": [Case(PUBLIC, "/api/v1/villages/")],
    "village-detail": [Case(PUBLIC, "/api/v1/villages/15.01.01.2001/")],
    "branch-list": [Case(PUBLIC, "/api/v1/branches/")],
    "branch-detail": [Case(PUBLIC, "/api/v1/branches/kc-jambi/")],
    "coverage-report-list": [Case(PUBLIC, "/api/v1/coverage-reports/")],
    "coverage-report-detail": [
        Case(
            "participants.view_report",
            f"/api/v1/coverage-reports/{{{name}.pk}}/",
            obj=name,
        )
        for name in ("draft", "approved")
    ],
    **API_REPORT_STEPS,
    "edition-list": [Case(PUBLIC, "/api/v1/editions/")],
    "edition-detail": [Case(PUBLIC, "/api/v1/editions/2024/")],
    "category-list": [Case(PUBLIC, "/api/v1/categories/")],
    "category-detail": [Case(PUBLIC, "/api/v1/categories/{candidate.category_id}/")],
    "candidate-list": [Case(SIGNED_IN, "/api/v1/candidates/")],
    "candidate-detail": [
        Case(
            "nominations.view_candidate",
            "/api/v1/candidates/{candidate.pk}/",
            obj="candidate",
        )
    ],
    "candidate-dossier": [
        Case(
            "nominations.view_candidate",
            "/api/v1/candidates/{candidate.pk}/dossier/",
            obj="candidate",
        )
    ],
    "employer-list": [Case(SIGNED_IN, "/api/v1/employers/")],
    "employer-detail": [
        Case(
            "nominations.view_compliance",
            "/api/v1/employers/{employer.npp}/",
            obj="employer",
        )
    ],
    # scoring
    "scoring:round_panel": [
        Case("scoring.create_panel", "/penilaian/2024/provinsi/15/", obj="round"),
        Case(
            "scoring.create_panel",
            "/penilaian/2024/provinsi/15/",
            obj="round",
            method="post",
        ),
    ],
    "scoring:panel": [
        Case("scoring.manage_panel", "/penilaian/panel/{panel.pk}/", obj="panel")
    ],
    "scoring:member_add": [
        Case(
            "scoring.change_members",
            "/penilaian/panel/{panel.pk}/anggota/",
            obj="panel",
            method="post",
            data={"organisation": "APINDO"},
        )
    ],
    "scoring:member_assign": [
        Case(
            "scoring.manage_panel",
            "/penilaian/anggota/{seat.pk}/tugas/",
            obj="panel",
            method="post",
            data={"candidates": []},
        )
    ],
    "scoring:member_change": [
        Case(
            "scoring.change_members",
            "/penilaian/anggota/{seat.pk}/",
            obj="panel",
            method="post",
            data={"role": "chair"},
        )
    ],
    # ranking runs: the national admin, and the committee of the run's province
    "scoring:runs": [
        Case(
            "scoring.view_ranking",
            "/penilaian/peringkat/kategori/{category.pk}/15/",
            obj="world.prov_a",
        )
    ],
    "scoring:run_compute": [
        Case(
            "scoring.compute_ranking",
            "/penilaian/peringkat/kategori/{category.pk}/15/hitung/",
            obj="world.prov_a",
            method="post",
            data={"stage": "desk"},
        )
    ],
    # publication: the candidate, methodology and map pages
    "public:candidate": [Case(PUBLIC, "/hasil/kandidat/{released_candidate}/")],
    "public:methodology": [Case(PUBLIC, "/hasil/metodologi/{release.methodology_id}/")],
    "public:map": [Case(PUBLIC, "/hasil/peta/")],
    # the public results site
    "results:release": [Case(PUBLIC, "/hasil/rilis/{release.pk}/")],
    "results:index": [Case(PUBLIC, "/hasil/")],
    "results:edition": [Case(PUBLIC, "/hasil/{release.edition.award_year}/")],
    "results:national": [
        Case(
            PUBLIC,
            "/hasil/{national_release.edition.award_year}/nasional/"
            "{national_release.category_id}/",
        )
    ],
    "results:province": [
        Case(PUBLIC, "/hasil/{release.edition.award_year}/provinsi/15/")
    ],
    "set_language_link": [Case(PUBLIC, "/bahasa/en/?next=/hasil/")],
    # open data: the data page and a public release's files
    "opendata:index": [Case(PUBLIC, "/data/")],
    "opendata:release_file": [
        Case(PUBLIC, f"/data/rilis/{{release.pk}}.{fmt}")
        for fmt in ("csv", "xlsx", "json")
    ],
    "opendata:methodology": [Case(PUBLIC, "/data/rilis/{release.pk}/metodologi.json")],
    "opendata:bundle": [Case(PUBLIC, "/data/rilis/{release.pk}/bundel.json")],
    # publishing pages: a committee publishes its province's final runs, the national
    # admin any (the final run is already the latest release: 409 to those who may)
    "releases:list": [Case("publication.manage_releases", "/publikasi/")],
    "releases:publish": [
        Case(
            "publication.publish_release",
            "/publikasi/peringkat/{final_run.pk}/terbitkan/",
            obj="final_run",
        ),
        Case(
            "publication.publish_release",
            "/publikasi/peringkat/{final_run.pk}/terbitkan/",
            obj="final_run",
            method="post",
            data={"changelog": "Koreksi.", "reason": "Salah ketik."},
        ),
    ],
    "scoring:run": [
        Case("scoring.view_ranking", "/penilaian/peringkat/{run.pk}/", obj="run")
    ],
    # recompute jobs: the national admin, and the committee of the job's province
    "scoring:recompute": [
        Case(
            "scoring.recompute_ranking",
            "/penilaian/peringkat/kategori/{category.pk}/15/hitung-ulang/",
            obj="world.prov_a",
            method="post",
            data={"stage": "desk"},
        )
    ],
    "scoring:recompute_job": [
        Case(
            "scoring.view_recompute_job",
            "/penilaian/peringkat/tugas/{job.pk}/",
            obj="job",
        )
    ],
    "scoring:recompute_job_status": [
        Case(
            "scoring.view_recompute_job",
            "/penilaian/peringkat/tugas/{job.pk}/status/",
            obj="job",
        )
    ],
    "scoring:run_bundle": [
        Case(
            "scoring.view_ranking",
            "/penilaian/peringkat/{run.pk}/bundel.json",
            obj="run",
        )
    ],
    # what if: other weights tried on a run; only the national admin saves them
    "scoring:whatif": [
        Case(
            "scoring.try_weights", "/penilaian/peringkat/{run.pk}/simulasi/", obj="run"
        ),
        Case(
            "scoring.try_weights",
            "/penilaian/peringkat/{run.pk}/simulasi/",
            obj="run",
            method="post",
        ),
    ],
    "scoring:whatif_preview": [
        Case(
            "scoring.try_weights",
            "/penilaian/peringkat/{run.pk}/simulasi/hitung.json",
            obj="run",
            method="post",
        )
    ],
    "scoring:whatif_save": [
        Case(
            "scoring.save_weights",
            "/penilaian/peringkat/{run.pk}/simulasi/simpan/",
            obj="run",
            method="post",
        )
    ],
    # Sends whoever may try a run of the version there, everyone else back.
    "scoring:whatif_methodology": [
        Case(SIGNED_IN, "/penilaian/metodologi/versi/{methodology.pk}/simulasi/")
    ],
    # decisions from a run: the national admin, and the committee of its province
    # (a desk run: refused with the reason, 400, by whoever may decide)
    "scoring:run_decide": [
        Case(
            "scoring.decide_ranking",
            "/penilaian/peringkat/{run.pk}/putuskan/",
            obj="run",
            method="post",
            data={"outcome": "provincial_winner", "mode": "computed"},
        )
    ],
    "scoring:declare_conflict": [
        Case(
            "scoring.declare_conflict",
            "/penilaian/kandidat/{shortlisted.pk}/konflik/",
            obj="shortlisted",
        ),
        Case(
            "scoring.declare_conflict",
            "/penilaian/kandidat/{shortlisted.pk}/konflik/",
            obj="shortlisted",
            method="post",
            data={"reason": "Keluarga"},
        ),
    ],
    "scoring:sheet_open": [
        Case(
            "scoring.score_candidate",
            "/penilaian/kandidat/{shortlisted.pk}/lembar/",
            obj="shortlisted",
        )
    ],
    "scoring:sheet_for": [
        Case(
            "scoring.enter_sheet_for",
            "/penilaian/anggota/{seat.pk}/kandidat/{shortlisted.pk}/lembar/",
            obj="seat",
        )
    ],
    "scoring:sheet": [
        Case("scoring.view_sheet", "/penilaian/lembar/{sheet.pk}/", obj="sheet"),
        Case(
            "scoring.change_sheet",
            "/penilaian/lembar/{sheet.pk}/",
            obj="sheet",
            method="post",
            data={"version": "1"},
        ),
    ],
    "scoring:sheet_autosave": [
        Case(
            "scoring.change_sheet",
            "/penilaian/lembar/{sheet.pk}/simpan/",
            obj="sheet",
            method="post",
            data={"version": "1"},
        )
    ],
    "scoring:sheet_reopen": [
        Case(
            "scoring.reopen_sheet",
            "/penilaian/lembar/{sheet.pk}/buka/",
            obj="sheet",
            method="post",
            data={"reason": "Salah input"},
        )
    ],
    # panel progress and closing scoring: the panel's chair and secretary
    "scoring:panel_progress": [
        Case(
            "scoring.view_progress",
            "/penilaian/panel/{panel.pk}/kemajuan/",
            obj="panel",
        )
    ],
    "scoring:scoring_close": [
        Case(
            "scoring.close_scoring",
            "/penilaian/panel/{panel.pk}/tutup/",
            obj="panel",
            method="post",
        )
    ],
    "scoring:scoring_reopen": [
        Case(
            "scoring.reopen_scoring",
            "/penilaian/panel/{panel.pk}/buka/",
            obj="panel",
            method="post",
            data={"reason": "Salah input"},
        )
    ],
    # publication: the public results API
    "release-list": [Case(PUBLIC, "/api/v1/releases/")],
    "release-detail": [Case(PUBLIC, "/api/v1/releases/{release.pk}/")],
    "release-ranking": [Case(PUBLIC, "/api/v1/releases/{release.pk}/ranking/")],
    "public-candidate-detail": [
        Case(PUBLIC, "/api/v1/public-candidates/{released_candidate}/")
    ],
    # participants: upload jobs over the API
    "upload-list": [
        Case(SIGNED_IN, "/api/v1/uploads/"),
        Case("participants.upload_coverage", "/api/v1/uploads/", method="post"),
    ],
    "upload-detail": [
        Case("participants.view_upload", "/api/v1/uploads/{batch.pk}/", obj="batch")
    ],
    "upload-confirm": [
        Case(
            "participants.change_upload",
            "/api/v1/uploads/{batch.pk}/confirm/",
            obj="batch",
            method="post",
        )
    ],
    # scoring: score sheets over the API
    "score-sheet-list": [Case(SIGNED_IN, "/api/v1/score-sheets/")],
    "score-sheet-detail": [
        Case("scoring.view_sheet", "/api/v1/score-sheets/{sheet.pk}/", obj="sheet"),
        Case(
            "scoring.change_sheet",
            "/api/v1/score-sheets/{sheet.pk}/",
            obj="sheet",
            method="patch",
            data={"version": 1, "scores": []},
        ),
    ],
    "score-sheet-submit": [
        Case(
            "scoring.change_sheet",
            "/api/v1/score-sheets/{sheet.pk}/submit/",
            obj="sheet",
            method="post",
            data={"version": 1},
        )
    ],
    # Certificates (piagam): verification is public; a round's certificates are the
    # national admin's and its province committee's; revoking the national admin's.
    "certificates:lookup": [Case(PUBLIC, "/v/")],
    "certificates:verify": [Case(PUBLIC, "/v/{certificate.code}/")],
    "certificates:round": [
        Case("publication.manage_certificates", "/piagam/2024/15/", obj="world.prov_a")
    ],
    "certificates:start": [
        Case(
            "publication.manage_certificates",
            "/piagam/2024/15/buat/",
            obj="world.prov_a",
            method="post",
        )
    ],
    "certificates:signatories": [
        Case(
            "publication.manage_certificates",
            "/piagam/2024/15/penanda-tangan/",
            obj="world.prov_a",
            method="post",
            data={"name": "Dr. Al Haris", "position": "Gubernur", "order": "1"},
        )
    ],
    "certificates:batch": [
        Case(
            "publication.manage_certificates",
            "/piagam/tugas/{certificate_batch.pk}/",
            obj="certificate_batch",
        )
    ],
    "certificates:batch_status": [
        Case(
            "publication.manage_certificates",
            "/piagam/tugas/{certificate_batch.pk}/status/",
            obj="certificate_batch",
        )
    ],
    "certificates:zip": [
        Case(
            "publication.manage_certificates",
            "/piagam/tugas/{certificate_batch.pk}/zip/",
            obj="certificate_batch",
        )
    ],
    "certificates:pdf": [
        Case(
            "publication.manage_certificates",
            "/piagam/sertifikat/{certificate.pk}/pdf/",
            obj="certificate",
        )
    ],
    "certificates:revoke": [
        Case(
            "publication.revoke_certificate",
            "/piagam/sertifikat/{certificate.pk}/cabut/",
            obj="certificate",
            method="post",
            data={"reason": "Data pemenang dikoreksi."},
        )
    ],
    "api-root": [Case(PUBLIC, "/api/v1/")],
    "api-schema": [Case(PUBLIC, "/api/schema/")],
    "api-docs": [Case(PUBLIC, "/api/docs/")],
    "api-not-found": [Case(NOT_FOUND, "/api/tidak-ada/")],
    # The Django admin site: every one of its URL names, by its own rule.
    "admin:*": [Case(STAFF, "/admin/")],
    # coverage report: printed, and started from the year before
    "participants:report_pdf": [
        Case("participants.view_report", report_path(name, "pdf/"), obj=name)
        for name in ("draft", "approved")
    ],
    "participants:report_from_previous_year": [
        Case(
            "participants.start_report",
            "/cakupan/2022/15.71/mulai-dari-tahun-lalu/",
            obj="world.reg_a2",
            method="post",
        )
    ],
    # report list export
    "participants:list_export": [
        Case("participants.export_report_list", "/cakupan/unduh.csv"),
        Case("participants.export_report_list", "/cakupan/unduh.xlsx"),
    ],
    # rounds and editions
    "nominations:candidates_shortlist": [
        Case(
            "nominations.run_round",
            "/nominasi/2024/provinsi/15/daftar-pendek/",
            obj="world.prov_a",
            method="post",
        )
    ],
    "nominations:edition_edit": [
        Case("nominations.change_edition", "/nominasi/2024/ubah/")
    ],
    # upload templates prepared in the background
    **{
        f"participants:prefilled_job{suffix}": [
            Case(
                "participants.view_prefilled_template",
                f"/cakupan/unggah/templat/terisi/{{prefilled.pk}}/{slug}",
                obj="prefilled",
            )
        ]
        for suffix, slug in (("", ""), ("_status", "status/"), ("_file", "unduh/"))
    },
    # Portal shell.
    "accounts:logged_out": [Case(PUBLIC, "/akun/keluar/selesai/")],
    # upload changes (issue 13)
    "participants:upload_changes": [
        Case(
            "participants.view_upload",
            "/cakupan/unggah/{batch.pk}/perubahan.csv",
            obj="batch",
        )
    ],
    # interview slots: changed and cancelled by whoever runs the round
    "nominations:slot_edit": [
        Case(
            "nominations.run_round",
            "/nominasi/2024/provinsi/15/jadwal/{slot.pk}/ubah/",
            obj="round",
        )
    ],
    "nominations:slot_cancel": [
        Case(
            "nominations.run_round",
            "/nominasi/2024/provinsi/15/jadwal/{slot.pk}/batal/",
            obj="round",
            method="post",
            data={"reason": "Ruang rapat dipakai acara lain."},
        )
    ],
    # the employer register: branch officers of the area and the national admin
    "nominations:employer_add": [
        Case("nominations.add_employer", "/nominasi/pemberi-kerja/baru/")
    ],
    "nominations:employer_edit": [
        Case(
            "nominations.change_employer",
            "/nominasi/pemberi-kerja/{employer.npp}/ubah/",
            obj="employer",
        )
    ],
}


def url_names() -> Iterator[str]:
    """Every named URL pattern, with its namespace; the admin site's as one."""
    yield from _names(get_resolver().url_patterns, "")


def _names(patterns: list, namespace: str) -> Iterator[str]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(filter(None, [namespace, entry.namespace]))
            if inner == "admin":
                yield "admin:*"
                continue
            yield from _names(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern):
            yield ":".join(filter(None, [namespace, entry.name or "(unnamed)"]))


def test_every_url_name_declares_the_permission_it_requires():
    names = set(url_names())

    missing = sorted(names - set(REQUIRED))
    stale = sorted(set(REQUIRED) - names)

    assert (missing, stale) == ([], []), (
        "Every URL name needs an entry in REQUIRED (tests/paritrana/"
        "test_permissions.py) with the permission its view requires, or PUBLIC / "
        f"SIGNED_IN; missing: {missing}; no longer routed: {stale}"
    )


@pytest.fixture
def data(world):
    """One record of each kind the paths name, inside area A (province 15)."""
    officer = world.users["petugas_a"]
    edition = EditionFactory(award_year=2024)
    category = CategoryFactory(edition=edition)
    round_ = ProvincialRoundFactory(edition=edition, province=world.prov_a)
    candidate = CandidateFactory(category=category, regency=world.reg_a1)
    innovation = InnovationFactory(candidate=candidate)
    employer = EmployerFactory(
        npp="12345678", regency=world.reg_a1, branch=world.branch_a
    )
    csv = b"kode_wilayah,tahun,angkatan_kerja\n15.71,2021,100\n"
    d = SimpleNamespace(
        world=world,
        draft=CoverageReportFactory(regency=world.reg_a1, year=2024),
        submitted=CoverageReportFactory(
            regency=world.reg_a2, year=2024, status=ReviewStatus.SUBMITTED
        ),
        approved=CoverageReportFactory(
            regency=world.reg_a1, year=2023, status=ReviewStatus.APPROVED
        ),
        token=issue_token(officer, name="skrip", days=30)[0],
        batch=batches.create_batch(csv, "cakupan.csv", "reports", by=officer),
        candidate=candidate,
        innovation=innovation,
        regulation=RegulationFactory(candidate=candidate),
        evidence=EvidenceFile.objects.create(
            innovation=innovation,
            file=ContentFile(b"%PDF-1.4 bukti", name="bukti.pdf"),
            original_name="bukti.pdf",
            content_type="application/pdf",
        ),
        employer=employer,
        methodology=create_methodology(
            illustrative_document(category.subject_type),
            category=category,
            tier="provincial",
        ),
    )
    d.compliance = d.compliance_draft = EmployerComplianceFactory(
        employer=employer, year=2024
    )
    d.compliance_submitted = EmployerComplianceFactory(
        employer=employer, year=2022, status=ReviewStatus.SUBMITTED
    )
    d.compliance_approved = EmployerComplianceFactory(
        employer=employer, year=2021, status=ReviewStatus.APPROVED
    )
    # Jambi's Tim 9 with the assessor as a member, scoring a shortlisted candidate.
    d.round = round_
    d.panel = PanelFactory(round=round_)
    d.seat = PanelMemberFactory(panel=d.panel, user=world.users["penilai"])
    d.shortlisted = CandidateFactory(
        category=category, regency=world.reg_a2, status=Candidate.Status.SHORTLISTED
    )
    d.sheet = ScoreSheet.objects.create(member=d.seat, candidate=d.shortlisted)
    # A desk ranking of the round's category.
    d.category = category
    d.run = compute_run(Scope(edition, category, world.prov_a), "desk")
    # A recompute job of the same ranking, queued.
    d.job = request_recompute(
        Scope(edition, category, world.prov_a), "desk", cause="manual"
    )
    # The round's final ranking, published (public at once).
    d.final_run = compute_run(Scope(edition, category, world.prov_a), "final")
    d.release = publish(d.final_run, by=world.users["admin"], changelog="Hasil awal.")
    # A national ranking of another edition, published (the public results site).
    national = final_round(
        world.prov_a, 2, tier=Stage.Tier.NATIONAL, status=Candidate.Status.ADVANCED
    )
    d.national_release = publish(
        final_run(national, None), by=world.users["admin"], changelog="Hasil nasional."
    )
    # publication: a candidate of that release, for its public page
    rows = d.release.snapshot["ranked"] + d.release.snapshot["incomplete"]
    d.released_candidate = rows[0]["candidate"]
    # Certificates: juara 1 of a village category in the round, its certificate
    # (a stand-in PDF) and a finished batch with its zip.
    village_category = CategoryFactory(edition=edition, subject_type="desa")
    CandidateFactory(
        category=village_category,
        village=world.vil_a1,
        regency=None,
        province=world.prov_a,
        status=Candidate.Status.PROVINCIAL_WINNER,
        provincial_rank=1,
    )
    d.certificate = certificates.issue(edition, world.prov_a)[0]
    d.certificate.pdf.save("piagam.pdf", ContentFile(b"%PDF-1.7 piagam"))
    d.certificate_batch = CertificateBatch.objects.create(
        edition=edition, province=world.prov_a, status=CertificateBatch.Status.DONE
    )
    d.certificate_batch.zip_file.save("piagam.zip", ContentFile(b"PK\x05\x06"))
    # A pre-filled template of branch A, prepared in the background.
    d.prefilled = PrefilledTemplate.objects.create(
        kind="villages",
        year=2024,
        scope=f"branch-{world.branch_a.pk}",
        language="id",
        data_version="v1",
        status=PrefilledTemplate.Status.READY,
        requested_by=officer,
    )
    d.prefilled.file.save("templat.xlsx", ContentFile(b"PK\x05\x06"))
    d.slot = InterviewSlotFactory(round=round_, category=category)
    # As `prepare_portal` creates the demo admin: staff and superuser.
    world.users["demo_admin"] = UserFactory(
        admin=True, is_staff=True, is_superuser=True
    )
    return d


def holds(user: Any, case: Case, data: SimpleNamespace) -> bool:
    """Whether the user may do what the case asks, by the table."""
    if case.permission in (PUBLIC, NOT_FOUND):
        return True
    if case.permission == SIGNED_IN:
        return bool(user.is_authenticated)
    if case.permission == STAFF:
        return bool(user.is_active and user.is_staff)
    return bool(user.has_perm(case.permission, case.record(data)))


def refused(response: Any) -> bool:
    """Refused: not signed in, forbidden, hidden, or sent to sign in."""
    if response.status_code in (401, 403, 404):
        return True
    location = response.get("Location", "")
    return response.status_code == 302 and location.startswith(LOGIN_PATHS)


def request(user: Any, case: Case, data: SimpleNamespace) -> Any:
    """The case's request as this user, undone afterwards."""
    client = Client()
    if user.is_authenticated:
        client.force_login(user)
    with transaction.atomic():
        send = getattr(client, case.method)
        if case.method in ("post", "patch") and case.url(data).startswith("/api/"):
            response = send(case.url(data), case.data, content_type="application/json")
        else:
            response = send(case.url(data), case.data)
        transaction.set_rollback(True)
    return response


CASES = [
    pytest.param(case, id=f"{name}[{index}]")
    for name, cases in REQUIRED.items()
    for index, case in enumerate(cases)
]


def wrong(response: Any, case: Case, allowed: bool) -> bool:
    """A server error, a method the view does not take, or the wrong answer."""
    if response.status_code >= 500 or response.status_code == 405:
        return True
    if case.permission == NOT_FOUND:
        return response.status_code != 404
    return refused(response) == allowed


@pytest.mark.parametrize("case", CASES)
def test_each_role_is_refused_exactly_when_it_lacks_the_permission(data, case):
    answers = []
    for role in ROLES:
        user = data.world.users[role]
        allowed = holds(user, case, data)

        response = request(user, case, data)

        if wrong(response, case, allowed):
            location = response.get("Location")
            answers.append((role, allowed, response.status_code, location))

    assert answers == [], f"{case.permission} at {case.url(data)}"
