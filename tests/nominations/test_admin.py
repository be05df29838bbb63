from datetime import date

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from nominations.models import (
    Candidate,
    CandidateStep,
    EmployerCompliance,
    EvidenceFile,
    Innovation,
    Interview,
    Regulation,
    RoundStage,
    RoundStep,
    Stage,
    VerificationStep,
)
from review.models import AuditEntry, ReviewStatus
from tests.factories import (
    CandidateFactory,
    EmployerComplianceFactory,
    EmployerFactory,
    InnovationFactory,
    InterviewSlotFactory,
    ProvincialRoundFactory,
    RegulationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

MODELS = sorted(
    str(model._meta.model_name)
    for model in apps.get_app_config("nominations").get_models()
)


@pytest.fixture
def staff(client) -> Client:
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


@pytest.fixture
def records(world):
    """One row of every nominations model, in Jambi's round of 2025."""
    candidate = CandidateFactory(regency=world.reg_a1)
    round_ = ProvincialRoundFactory(edition=candidate.edition, province=world.prov_a)
    slot = InterviewSlotFactory(round=round_, category=candidate.category)
    innovation = InnovationFactory(candidate=candidate)
    employer = EmployerFactory(regency=world.reg_a2, branch=world.branch_a)
    return {
        "edition": candidate.edition,
        "category": candidate.category,
        "stage": Stage.objects.create(
            edition=candidate.edition,
            kind=Stage.Kind.SCORING,
            starts_on=date(2025, 6, 1),
            ends_on=date(2025, 6, 30),
        ),
        "provincialround": round_,
        "roundstage": RoundStage.objects.create(
            round=round_,
            kind=Stage.Kind.SCORING,
            starts_on=date(2025, 6, 1),
            ends_on=date(2025, 6, 15),
        ),
        "employer": employer,
        "employercompliance": EmployerComplianceFactory(employer=employer),
        "candidate": candidate,
        "candidatestep": CandidateStep.objects.create(
            candidate=candidate, action="add", to_status=candidate.status
        ),
        "regulation": RegulationFactory(candidate=candidate),
        "innovation": innovation,
        "evidencefile": EvidenceFile.objects.create(
            innovation=innovation,
            file=SimpleUploadedFile("bukti.png", b"\x89PNG\r\n\x1a\n"),
            original_name="bukti.png",
            content_type="image/png",
        ),
        "interviewslot": slot,
        "interview": Interview.objects.create(candidate=candidate, slot=slot),
        "roundstep": RoundStep.objects.create(
            round=round_,
            action="set_scoring",
            from_status="not_started",
            to_status="scoring",
        ),
        "verificationstep": VerificationStep.objects.create(
            innovation=innovation,
            action="verify",
            from_status="unverified",
            to_status="verified",
        ),
    }


def admin_url(name: str, view: str, *args) -> str:
    return reverse(f"admin:nominations_{name}_{view}", args=args)


def test_every_nominations_model_has_an_admin():
    registered = sorted(
        model._meta.model_name
        for model in admin.site._registry
        if model._meta.app_label == "nominations"
    )

    assert registered == MODELS


@pytest.mark.parametrize("name", MODELS)
def test_changelist_renders_for_a_superuser(staff, records, name):
    response = staff.get(admin_url(name, "changelist"))

    assert response.status_code == 200


@pytest.mark.parametrize("name", MODELS)
def test_change_page_renders_for_a_superuser(staff, records, name):
    response = staff.get(admin_url(name, "change", records[name].pk))

    assert response.status_code == 200


HISTORIES = ("candidatestep", "roundstep", "verificationstep")
REVIEWED = ("employercompliance",)  # started on the portal page, never here


@pytest.mark.parametrize(
    "name", [name for name in MODELS if name not in (*HISTORIES, *REVIEWED)]
)
def test_add_page_renders_for_a_superuser(staff, world, name):
    response = staff.get(admin_url(name, "add"))

    assert response.status_code == 200


@pytest.mark.parametrize("name", HISTORIES)
def test_steps_are_never_written_by_hand(staff, records, name):
    step = records[name]

    add = staff.get(admin_url(name, "add"))
    change = staff.post(admin_url(name, "change", step.pk), {})

    assert (add.status_code, change.status_code) == (403, 403)


def test_compliance_change_page_shows_every_figure_read_only(staff, records):
    record = records["employercompliance"]

    response = staff.get(admin_url("employercompliance", "change", record.pk))

    shown = response.context["adminform"].readonly_fields
    html = response.content.decode()
    assert [n for n in EmployerCompliance.FIGURES if n not in shown] == []
    assert [n for n in EmployerCompliance.FIGURES if f'name="{n}"' in html] == []


def test_compliance_change_page_links_to_the_portal_page(staff, records):
    record = records["employercompliance"]

    response = staff.get(admin_url("employercompliance", "change", record.pk))

    link = f'<a href="{record.get_absolute_url()}">{record}</a>'
    assert response.content.decode().count(link) == 1


def test_compliance_post_in_the_admin_changes_no_figure_status_or_version(
    staff, records
):
    record = records["employercompliance"]
    data = {
        "employer": record.employer_id,
        "year": record.year,
        "employees": 9,
        "status": ReviewStatus.APPROVED,
    }

    response = staff.post(admin_url("employercompliance", "change", record.pk), data)

    record.refresh_from_db()
    assert (response.status_code, record.employees, record.status) == (
        403,
        500,
        ReviewStatus.DRAFT,
    )
    assert (record.version, AuditEntry.objects.count()) == (1, 0)


def test_compliance_records_are_not_started_in_the_admin(staff, records):
    employer = records["employer"]

    response = staff.post(
        admin_url("employercompliance", "add"),
        {"employer": employer.pk, "year": 2023, "employees": 5},
    )

    assert response.status_code == 403
    assert EmployerCompliance.objects.filter(year=2023).exists() is False


def test_candidate_form_has_no_status_rank_or_title(staff, records):
    url = admin_url("candidate", "change", records["candidate"].pk)

    form = staff.get(url).context["adminform"].form

    assert sorted(form.fields) == [
        "category",
        "edition",
        "employer",
        "province",
        "regency",
        "village",
    ]


def test_candidate_status_is_read_only(staff, records):
    candidate = records["candidate"]
    data = {
        "edition": candidate.edition_id,
        "category": candidate.category_id,
        "province": candidate.province_id,
        "regency": candidate.regency_id,
        "status": Candidate.Status.NATIONAL_WINNER,
        "provincial_rank": 1,
        "national_title": "Terbaik I",
        **inline_management(),
    }

    response = staff.post(admin_url("candidate", "change", candidate.pk), data)

    candidate.refresh_from_db()
    assert (
        response.status_code,
        candidate.status,
        candidate.provincial_rank,
        candidate.national_title,
    ) == (302, Candidate.Status.CANDIDATE, None, "")


def inline_management() -> dict:
    """Management forms of the candidate page's read-only inlines."""
    data = {}
    for prefix in ("steps", "regulations", "innovations"):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    return data


def test_candidate_page_offers_no_select_of_all_villages(staff, world):
    response = staff.get(admin_url("candidate", "add"))

    assert (world.vil_a1.code in response.content.decode()) is False


def test_regulation_added_in_the_admin_is_checked_by_content(staff, records):
    candidate = records["candidate"]
    data = {
        "candidate": candidate.pk,
        "aspect": "regulasi",
        "kind": "perda",
        "number": "9/2024",
        "issued_on": "2024-05-01",
        "title": "Perlindungan Pekerja Rentan",
    }

    refused = staff.post(
        admin_url("regulation", "add"),
        {**data, "file": SimpleUploadedFile("perda.pdf", b"\x89PNG\r\n\x1a\n")},
    )
    accepted = staff.post(
        admin_url("regulation", "add"),
        {**data, "file": SimpleUploadedFile("perda.pdf", b"%PDF-1.4 perda")},
    )

    saved = Regulation.objects.get(number="9/2024")
    assert (refused.status_code, accepted.status_code) == (200, 302)
    assert (saved.original_name, saved.content_type, saved.verification) == (
        "perda.pdf",
        "application/pdf",
        "unverified",
    )


@pytest.mark.parametrize(
    ("name", "view"),
    [
        ("regulation", "nominations:regulation_file"),
        ("evidencefile", "nominations:evidence_file"),
    ],
)
def test_saved_file_is_linked_to_the_download_view(staff, records, name, view):
    item = records[name]

    response = staff.get(admin_url(name, "change", item.pk))

    link = f'<a href="{reverse(view, args=[item.pk])}">{item.original_name}</a>'
    form = response.context["adminform"].form
    assert ("file" in form.fields, response.content.decode().count(link)) == (False, 1)


@pytest.mark.parametrize(
    "name", ["regulation", "innovation", "evidencefile", "candidate", "interview"]
)
def test_dossier_items_of_a_closed_round_cannot_be_changed_or_deleted(
    staff, records, name
):
    item = records[name]
    records["provincialround"].status = "closed"
    records["provincialround"].save()

    change = staff.post(admin_url(name, "change", item.pk), {})
    delete = staff.post(admin_url(name, "delete", item.pk), {"post": "yes"})

    assert (change.status_code, delete.status_code) == (403, 403)
    assert type(item).objects.filter(pk=item.pk).exists()


def test_innovation_added_in_the_admin_to_a_closed_round_is_refused(staff, records):
    records["provincialround"].status = "closed"
    records["provincialround"].save()
    staff.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = staff.post(
        admin_url("innovation", "add"),
        {
            "candidate": records["candidate"].pk,
            "aspect": "inovasi",
            "name": "Baru",
            "description": "x",
            "started_on": "2024-01-01",
            "funding_source": "apbd",
        },
    )

    assert response.status_code == 200
    assert "round is closed" in response.text
    assert Innovation.objects.filter(name="Baru").count() == 0
