"""A candidate's dossier (nominations.services.dossiers): regulations with their PDF,
innovations with their evidence, and verification. Candidates are of Kabupaten Kerinci
(15.01, province 15, Kanwil A) in the `world`. Files go to the in-memory private
storage, which lives as long as the test session: "nothing written" compares it before
and after."""

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from nominations.models import (
    Aspect,
    EvidenceFile,
    Innovation,
    Regulation,
    Verification,
)
from nominations.services.dossiers import (
    add_evidence,
    add_innovation,
    add_regulation,
    verify_item,
)
from participants.models import FundingSource
from review.workflow import ReviewError
from tests.factories import (
    CandidateFactory,
    InnovationFactory,
    ProvincialRoundFactory,
    RegulationFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

MOMENT = datetime(2025, 6, 2, 10, 30, tzinfo=ZoneInfo("Asia/Jakarta"))
PERDA = {
    "aspect": Aspect.REGULASI,
    "kind": Regulation.Kind.PERDA,
    "number": "3/2023",
    "issued_on": date(2023, 5, 17),
    "title": "Perlindungan Jaminan Sosial Ketenagakerjaan",
}


def _real(kind):
    """The bytes of a small real file of the kind: PDF, JPEG or PNG."""
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, kind)
    return buffer.getvalue()


PDF, JPEG, PNG = _real("PDF"), _real("JPEG"), _real("PNG")


def _stored_files(path=""):
    """Every file in the dossiers' private storage."""
    storage = Regulation._meta.get_field("file").storage
    directories, files = storage.listdir(path)
    found = {f"{path}{name}" for name in files}
    for directory in directories:
        found |= _stored_files(f"{path}{directory}/")
    return found


def _content(field_file):
    with field_file.open("rb") as opened:
        return opened.read()


def _verification(item):
    item.refresh_from_db()
    return (
        item.verification,
        item.verified_by,
        item.verified_at,
        item.rejection_reason,
    )


@pytest.fixture
def candidate(world):
    return CandidateFactory(regency=world.reg_a1)


# add_regulation


def test_add_regulation_keeps_the_pdf(world, candidate):
    committee = world.users["panitia_a"]
    upload = SimpleUploadedFile("perda-3-2023.pdf", PDF, "application/pdf")

    regulation = add_regulation(candidate, upload, by=committee, **PERDA)

    regulation.refresh_from_db()
    assert (
        regulation.candidate,
        regulation.kind,
        regulation.number,
        regulation.issued_on,
        regulation.original_name,
        regulation.content_type,
        regulation.added_by,
        regulation.verification,
        _content(regulation.file),
    ) == (
        candidate,
        Regulation.Kind.PERDA,
        "3/2023",
        date(2023, 5, 17),
        "perda-3-2023.pdf",
        "application/pdf",
        committee,
        Verification.UNVERIFIED,
        PDF,
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("perda.pdf", b"", "The file is empty."),
        ("scan.pdf", PNG, "scan.pdf is not a PDF file."),
        (
            "catatan.pdf",
            b"Perda Nomor 3 Tahun 2023\n",
            "catatan.pdf is not a PDF file.",
        ),
        ("setup.exe", b"MZ\x90\x00" + bytes(60), "setup.exe is not a PDF file."),
        ("foto.jpg", JPEG, "foto.jpg is not a PDF file."),
        (
            "perda.png",
            PDF,
            "perda.png is named as PNG but contains PDF; rename or export it again.",
        ),
    ],
    ids=["empty", "png-named-pdf", "text-named-pdf", "exe", "jpeg", "pdf-named-png"],
)
def test_add_regulation_refuses_a_bad_upload(world, candidate, name, content, message):
    before = _stored_files()

    with pytest.raises(ValidationError) as refused:
        add_regulation(
            candidate,
            SimpleUploadedFile(name, content),
            by=world.users["panitia_a"],
            **PERDA,
        )

    assert (refused.value.messages, Regulation.objects.count(), _stored_files()) == (
        [message],
        0,
        before,
    )


def test_add_regulation_refuses_an_oversized_upload(world, candidate, settings):
    settings.EVIDENCE_MAX_BYTES = 1024
    before = _stored_files()
    upload = SimpleUploadedFile("perda.pdf", PDF[:8] + bytes(2048 - 8))

    with pytest.raises(ValidationError) as refused:
        add_regulation(candidate, upload, by=world.users["panitia_a"], **PERDA)

    assert (refused.value.messages, Regulation.objects.count(), _stored_files()) == (
        ["The file is 2.0\xa0KB; at most 1.0\xa0KB is accepted."],
        0,
        before,
    )


def test_add_regulation_with_invalid_fields_keeps_no_file(world, candidate):
    before = _stored_files()
    upload = SimpleUploadedFile("perda.pdf", PDF)

    with pytest.raises(ValidationError) as refused:
        add_regulation(
            candidate, upload, by=world.users["panitia_a"], **{**PERDA, "number": ""}
        )

    assert (
        list(refused.value.message_dict),
        Regulation.objects.count(),
        _stored_files(),
    ) == (["number"], 0, before)


@pytest.mark.parametrize(
    "user_key", ["panitia_b", "petugas_a", "verifikator_cabang_a", "penilai"]
)
def test_add_regulation_by_anyone_but_the_province_committee_is_denied(
    world, candidate, user_key
):
    before = _stored_files()

    with pytest.raises(PermissionDenied):
        add_regulation(
            candidate,
            SimpleUploadedFile("perda.pdf", PDF),
            by=world.users[user_key],
            **PERDA,
        )

    assert (Regulation.objects.count(), _stored_files()) == (0, before)


# add_innovation and add_evidence


def test_add_innovation_keeps_the_programme(world, candidate):
    committee = world.users["panitia_a"]

    innovation = add_innovation(
        candidate,
        by=committee,
        aspect=Aspect.INOVASI,
        name="DUMISAKE",
        description="Perlindungan warga miskin ekstrem.",
        started_on=date(2022, 1, 1),
        beneficiaries=76_016,
        budget=15_324_825_600,
        funding_source=FundingSource.APBD,
    )

    innovation.refresh_from_db()
    assert (
        innovation.candidate,
        innovation.name,
        innovation.beneficiaries,
        innovation.added_by,
        innovation.verification,
    ) == (candidate, "DUMISAKE", 76_016, committee, Verification.UNVERIFIED)


def test_add_innovation_by_another_province_committee_is_denied(world, candidate):
    with pytest.raises(PermissionDenied):
        add_innovation(
            candidate,
            by=world.users["panitia_b"],
            aspect=Aspect.INOVASI,
            name="DUMISAKE",
            description="Perlindungan warga miskin ekstrem.",
            started_on=date(2022, 1, 1),
            funding_source=FundingSource.APBD,
        )

    assert Innovation.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("foto.jpg", JPEG, "image/jpeg"),
        ("tangkapan.png", PNG, "image/png"),
        ("laporan.pdf", PDF, "application/pdf"),
    ],
)
def test_add_evidence_keeps_pdf_jpeg_and_png(world, name, content, content_type):
    innovation = InnovationFactory(candidate__regency=world.reg_a1)
    committee = world.users["panitia_a"]

    evidence = add_evidence(innovation, SimpleUploadedFile(name, content), by=committee)

    evidence.refresh_from_db()
    assert (
        evidence.innovation,
        evidence.original_name,
        evidence.content_type,
        evidence.uploaded_by,
        _content(evidence.file),
    ) == (innovation, name, content_type, committee, content)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bukti.pdf", b"", "The file is empty."),
        (
            "setup.exe",
            b"MZ\x90\x00" + bytes(60),
            "setup.exe is not a PDF, JPEG, PNG file.",
        ),
        (
            "tangkapan.pdf",
            PNG,
            "tangkapan.pdf is named as PDF but contains PNG; rename or export it "
            "again.",
        ),
    ],
    ids=["empty", "exe", "png-named-pdf"],
)
def test_add_evidence_refuses_a_bad_upload(world, name, content, message):
    innovation = InnovationFactory(candidate__regency=world.reg_a1)
    before = _stored_files()

    with pytest.raises(ValidationError) as refused:
        add_evidence(
            innovation, SimpleUploadedFile(name, content), by=world.users["panitia_a"]
        )

    assert (refused.value.messages, EvidenceFile.objects.count(), _stored_files()) == (
        [message],
        0,
        before,
    )


@pytest.mark.parametrize("verdict", [Verification.VERIFIED, Verification.REJECTED])
def test_add_evidence_sets_a_checked_innovation_back_to_unverified(world, verdict):
    innovation = InnovationFactory(
        candidate__regency=world.reg_a1,
        verification=verdict,
        verified_by=world.users["verifikator_kanwil_a"],
        verified_at=MOMENT,
        rejection_reason="Bukti tidak terbaca." if verdict == "rejected" else "",
    )

    add_evidence(
        innovation, SimpleUploadedFile("foto.jpg", JPEG), by=world.users["panitia_a"]
    )

    assert _verification(innovation) == (Verification.UNVERIFIED, None, None, "")


def test_add_evidence_by_another_province_committee_is_denied(world):
    innovation = InnovationFactory(candidate__regency=world.reg_a1)
    before = _stored_files()

    with pytest.raises(PermissionDenied):
        add_evidence(
            innovation,
            SimpleUploadedFile("foto.jpg", JPEG),
            by=world.users["panitia_b"],
        )

    assert (EvidenceFile.objects.count(), _stored_files()) == (0, before)


# verify_item


@pytest.mark.parametrize(
    "user_key", ["verifikator_cabang_a", "verifikator_kanwil_a", "admin"]
)
@pytest.mark.parametrize("factory", [RegulationFactory, InnovationFactory])
def test_verify_item_by_a_verifier_of_the_area(world, monkeypatch, user_key, factory):
    item = factory(candidate__regency=world.reg_a1)
    monkeypatch.setattr(timezone, "now", lambda: MOMENT)
    verifier = world.users[user_key]

    verify_item(item, Verification.VERIFIED, by=verifier)

    assert _verification(item) == (Verification.VERIFIED, verifier, MOMENT, "")


def test_verify_item_rejects_with_the_reason(world, monkeypatch):
    regulation = RegulationFactory(candidate__regency=world.reg_a1)
    monkeypatch.setattr(timezone, "now", lambda: MOMENT)
    verifier = world.users["verifikator_kanwil_a"]

    verify_item(
        regulation, Verification.REJECTED, by=verifier, reason=" Tanpa tanda tangan. "
    )

    assert _verification(regulation) == (
        Verification.REJECTED,
        verifier,
        MOMENT,
        "Tanpa tanda tangan.",
    )


def test_verify_item_after_a_rejection_clears_the_reason(world, monkeypatch):
    regulation = RegulationFactory(
        candidate__regency=world.reg_a1,
        verification=Verification.REJECTED,
        rejection_reason="Tanpa tanda tangan.",
    )
    monkeypatch.setattr(timezone, "now", lambda: MOMENT)
    verifier = world.users["verifikator_cabang_a"]

    verify_item(regulation, Verification.VERIFIED, by=verifier)

    assert _verification(regulation) == (Verification.VERIFIED, verifier, MOMENT, "")


@pytest.mark.parametrize("reason", ["", "  "])
def test_verify_item_rejection_needs_a_reason(world, reason):
    regulation = RegulationFactory(candidate__regency=world.reg_a1)

    with pytest.raises(ReviewError) as refused:
        verify_item(
            regulation,
            Verification.REJECTED,
            by=world.users["verifikator_kanwil_a"],
            reason=reason,
        )

    assert (str(refused.value), _verification(regulation)) == (
        "Give a reason, so that the committee knows what to fix.",
        (Verification.UNVERIFIED, None, None, ""),
    )


def test_verify_item_refuses_another_verdict(world):
    regulation = RegulationFactory(candidate__regency=world.reg_a1)

    with pytest.raises(ReviewError) as refused:
        verify_item(
            regulation, Verification.UNVERIFIED, by=world.users["verifikator_kanwil_a"]
        )

    assert (str(refused.value), _verification(regulation)) == (
        "Choose verified or rejected.",
        (Verification.UNVERIFIED, None, None, ""),
    )


@pytest.mark.parametrize(
    "user_key",
    [
        "panitia_a",
        "petugas_a",
        "penilai",
        "verifikator_kanwil_b",
        "verifikator_cabang_b",
    ],
)
def test_verify_item_by_anyone_but_a_verifier_of_the_area_is_denied(world, user_key):
    regulation = RegulationFactory(candidate__regency=world.reg_a1)

    with pytest.raises(PermissionDenied):
        verify_item(regulation, Verification.VERIFIED, by=world.users[user_key])

    assert _verification(regulation) == (Verification.UNVERIFIED, None, None, "")


# add_evidence: history of the verification


@pytest.mark.parametrize("verdict", [Verification.VERIFIED, Verification.REJECTED])
def test_add_evidence_to_a_checked_innovation_notes_it_in_the_history(world, verdict):
    innovation = InnovationFactory(
        candidate__regency=world.reg_a1, verification=verdict
    )
    committee = world.users["panitia_a"]

    add_evidence(innovation, SimpleUploadedFile("foto.jpg", JPEG), by=committee)

    steps = [
        (s.action, s.from_status, s.to_status, s.by, s.reason)
        for s in innovation.verification_steps.all()
    ]
    assert steps == [
        (
            "reset",
            verdict,
            Verification.UNVERIFIED,
            committee,
            "New evidence was added: foto.jpg. It needs verifying again.",
        )
    ]


def test_add_evidence_to_an_unverified_innovation_writes_no_history(world):
    innovation = InnovationFactory(candidate__regency=world.reg_a1)

    add_evidence(
        innovation, SimpleUploadedFile("foto.jpg", JPEG), by=world.users["panitia_a"]
    )

    assert innovation.verification_steps.count() == 0


def test_verify_item_notes_the_verdict_in_the_history(world):
    regulation = RegulationFactory(candidate__regency=world.reg_a1)
    verifier = world.users["verifikator_kanwil_a"]

    verify_item(regulation, Verification.REJECTED, by=verifier, reason="Buram.")

    steps = [
        (s.action, s.from_status, s.to_status, s.by, s.reason)
        for s in regulation.verification_steps.all()
    ]
    assert steps == [
        ("reject", Verification.UNVERIFIED, Verification.REJECTED, verifier, "Buram.")
    ]


@pytest.mark.parametrize(
    ("state", "verdict", "label"),
    [
        (Verification.VERIFIED, Verification.VERIFIED, "Verified"),
        (Verification.REJECTED, Verification.REJECTED, "Rejected"),
    ],
)
def test_verify_item_refuses_the_verdict_the_item_has_already(
    world, state, verdict, label
):
    regulation = RegulationFactory(candidate__regency=world.reg_a1, verification=state)

    with pytest.raises(ReviewError) as refused:
        verify_item(
            regulation, verdict, by=world.users["verifikator_kanwil_a"], reason="x"
        )

    assert (str(refused.value), regulation.verification_steps.count()) == (
        f"This cannot be done while the regulation is {label}.",
        0,
    )


def test_verify_item_a_verifier_withdraws_a_verification_with_a_reason(world):
    innovation = InnovationFactory(
        candidate__regency=world.reg_a1, verification=Verification.VERIFIED
    )
    verifier = world.users["verifikator_kanwil_a"]

    verify_item(innovation, Verification.REJECTED, by=verifier, reason="Foto lama.")

    steps = [
        (s.action, s.from_status, s.to_status, s.by, s.reason)
        for s in innovation.verification_steps.all()
    ]
    assert steps == [
        ("reject", Verification.VERIFIED, Verification.REJECTED, verifier, "Foto lama.")
    ]


def test_current_verification_is_the_latest_logged_step(world):
    regulation = RegulationFactory(candidate__regency=world.reg_a1)
    verifier = world.users["verifikator_kanwil_a"]
    verify_item(regulation, Verification.REJECTED, by=verifier, reason="Buram.")
    verify_item(regulation, Verification.VERIFIED, by=verifier)

    current = regulation.current_verification

    assert (current.action, current.to_status, current.by) == (
        "verify",
        Verification.VERIFIED,
        verifier,
    )


def test_current_verification_of_an_item_never_verified_is_none(world):
    innovation = InnovationFactory(candidate__regency=world.reg_a1)

    assert innovation.current_verification is None


# closed rounds and editions


def _close(candidate, where):
    """Close the candidate's round, or its whole edition."""
    if where == "round":
        ProvincialRoundFactory(
            edition=candidate.edition, province=candidate.province, status="closed"
        )
    else:
        candidate.edition.status = "closed"
        candidate.edition.save()


@pytest.mark.parametrize("where", ["round", "edition"])
def test_add_evidence_in_a_closed_round_is_refused(world, where):
    innovation = InnovationFactory(
        candidate__regency=world.reg_a1, verification=Verification.VERIFIED
    )
    _close(innovation.candidate, where)
    before = _stored_files()

    with pytest.raises(ReviewError, match="is closed"):
        add_evidence(
            innovation,
            SimpleUploadedFile("foto.jpg", JPEG),
            by=world.users["panitia_a"],
        )

    innovation.refresh_from_db()
    assert (
        EvidenceFile.objects.count(),
        _stored_files(),
        innovation.verification,
        innovation.verification_steps.count(),
    ) == (0, before, Verification.VERIFIED, 0)


@pytest.mark.parametrize("where", ["round", "edition"])
@pytest.mark.parametrize("factory", [RegulationFactory, InnovationFactory])
def test_verify_item_in_a_closed_round_is_refused(world, where, factory):
    item = factory(candidate__regency=world.reg_a1)
    _close(item.candidate, where)

    with pytest.raises(ReviewError, match="is closed"):
        verify_item(item, Verification.VERIFIED, by=world.users["admin"])

    assert _verification(item) == (Verification.UNVERIFIED, None, None, "")


def test_candidate_page_shows_the_evidence_note(client, world):
    innovation = InnovationFactory(
        candidate__regency=world.reg_a1, verification=Verification.VERIFIED
    )
    committee = world.users["panitia_a"]
    add_evidence(innovation, SimpleUploadedFile("foto.jpg", JPEG), by=committee)
    client.force_login(committee)

    response = client.get(innovation.candidate.get_absolute_url())

    assert "New evidence was added: foto.jpg. It needs verifying again." in (
        response.text
    )
