"""Issuing certificates, the batch that renders and zips them (eager Celery), the
sweep that restarts a stopped batch, and revoking."""

import io
import zipfile
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from publication.models import Certificate, CertificateBatch
from publication.models.certificates import CODE_ALPHABET
from publication.services import certificates
from review.refusals import ReviewError

pytestmark = pytest.mark.django_db


def test_provincial_winners_are_juara_1_to_3_of_the_province(winners):
    found = certificates.winners(winners.edition, winners.world.prov_a)

    assert list(found) == [winners.first, winners.second]


def test_national_winners_are_the_national_winners(winners):
    found = certificates.winners(winners.edition, None)

    assert list(found) == [winners.national]


def test_issue_numbers_titles_and_codes(winners):
    issued = certificates.issue(winners.edition, winners.world.prov_a)

    assert [(c.number, c.title, c.place) for c in issued] == [
        ("PRT/2025/15/KAB/001", "Juara 1 — Kategori Kabupaten/Kota", 1),
        ("PRT/2025/15/KAB/002", "Juara 2 — Kategori Kabupaten/Kota", 2),
    ]
    assert [len(c.code) == 8 and set(c.code) <= set(CODE_ALPHABET) for c in issued] == [
        True,
        True,
    ]


def test_national_certificate_number_and_title(winners):
    issued = certificates.issue(winners.edition, None)

    assert [(c.number, c.title, c.province_id) for c in issued] == [
        ("PRT/2025/NAS/KAB/001", "Juara 1 Nasional — Kategori Kabupaten/Kota", None)
    ]


def test_issuing_again_keeps_numbers_and_codes(winners):
    first = certificates.issue(winners.edition, winners.world.prov_a)

    again = certificates.issue(winners.edition, winners.world.prov_a)

    assert [(c.pk, c.number, c.code) for c in again] == [
        (c.pk, c.number, c.code) for c in first
    ]


def test_batch_renders_every_certificate_and_zips_them(
    winners, django_capture_on_commit_callbacks
):
    admin = winners.world.users["admin"]

    with django_capture_on_commit_callbacks(execute=True):
        batch = certificates.start_batch(
            winners.edition, winners.world.prov_a, by=admin
        )

    batch.refresh_from_db()
    with batch.zip_file.open("rb") as file:
        names = zipfile.ZipFile(io.BytesIO(file.read())).namelist()
    assert (batch.status, batch.total, batch.done, batch.failed, batch.pending) == (
        "done",
        2,
        2,
        0,
        [],
    )
    assert names == ["PRT-2025-15-KAB-001.pdf", "PRT-2025-15-KAB-002.pdf"]


def test_a_certificate_delivered_twice_is_counted_once(
    winners, django_capture_on_commit_callbacks
):
    panitia = winners.world.users["panitia_a"]
    batch = certificates.start_batch(winners.edition, winners.world.prov_a, by=panitia)
    first = batch.pending[0]

    counted = [certificates.render_in_batch(batch.pk, first) for _ in range(2)]

    batch.refresh_from_db()
    assert (counted, batch.done, batch.pending) == ([True, False], 1, batch.pending)


def test_a_second_start_while_running_returns_the_running_batch(winners):
    admin = winners.world.users["admin"]
    batch = certificates.start_batch(winners.edition, winners.world.prov_a, by=admin)

    again = certificates.start_batch(winners.edition, winners.world.prov_a, by=admin)

    assert again == batch


def test_another_provinces_committee_may_not_start_a_batch(winners):
    panitia_b = winners.world.users["panitia_b"]

    with pytest.raises(PermissionDenied):
        certificates.start_batch(winners.edition, winners.world.prov_a, by=panitia_b)


def test_a_round_without_winners_is_refused(winners):
    admin = winners.world.users["admin"]

    with pytest.raises(ReviewError):
        certificates.start_batch(winners.edition, winners.world.prov_b, by=admin)


def stopped_batch(winners) -> CertificateBatch:
    """A batch whose tasks were lost (never sent) and whose lease ran out."""
    admin = winners.world.users["admin"]
    batch = certificates.start_batch(winners.edition, winners.world.prov_a, by=admin)
    CertificateBatch.objects.filter(pk=batch.pk).update(
        lease_until=timezone.now() - timedelta(seconds=1)
    )
    return batch


def test_sweep_sends_a_stopped_batch_again_which_then_finishes(
    winners, django_capture_on_commit_callbacks
):
    batch = stopped_batch(winners)

    with django_capture_on_commit_callbacks(execute=True):
        sent = certificates.sweep()

    batch.refresh_from_db()
    assert (sent, batch.status, batch.done, batch.attempts) == (1, "done", 2, 1)


def test_sweep_leaves_a_batch_with_a_live_lease(winners):
    admin = winners.world.users["admin"]
    certificates.start_batch(winners.edition, winners.world.prov_a, by=admin)

    assert certificates.sweep() == 0


def test_sweep_gives_up_after_the_last_attempt(winners, settings):
    settings.CERTIFICATE_BATCH_MAX_ATTEMPTS = 1
    batch = stopped_batch(winners)
    CertificateBatch.objects.filter(pk=batch.pk).update(attempts=1)

    certificates.sweep()

    batch.refresh_from_db()
    assert (batch.status, batch.lease_until, bool(batch.error)) == (
        "failed",
        None,
        True,
    )


def test_revoke_records_who_when_and_why(winners):
    admin = winners.world.users["admin"]
    certificate = certificates.issue(winners.edition, winners.world.prov_a)[0]

    certificates.revoke(certificate, by=admin, reason="Data cakupan dikoreksi.")

    certificate.refresh_from_db()
    assert (
        certificate.status,
        certificate.revoked_reason,
        certificate.revoked_by,
        certificate.revoked_at is not None,
    ) == ("revoked", "Data cakupan dikoreksi.", admin, True)


@pytest.mark.parametrize("reason", ["", "   ", "a\x00b", "x" * 2001])
def test_revoke_refuses_a_missing_or_hostile_reason(winners, reason):
    admin = winners.world.users["admin"]
    certificate = certificates.issue(winners.edition, winners.world.prov_a)[0]

    with pytest.raises(ReviewError):
        certificates.revoke(certificate, by=admin, reason=reason)

    certificate.refresh_from_db()
    assert certificate.status == "issued"


def test_a_committee_may_not_revoke(winners):
    certificate = certificates.issue(winners.edition, winners.world.prov_a)[0]

    with pytest.raises(PermissionDenied):
        certificates.revoke(
            certificate, by=winners.world.users["panitia_a"], reason="Salah."
        )


def test_a_revoked_certificate_is_left_out_of_the_next_batch(winners):
    admin = winners.world.users["admin"]
    first = certificates.issue(winners.edition, winners.world.prov_a)[0]
    certificates.revoke(first, by=admin, reason="Data dikoreksi.")

    batch = certificates.start_batch(winners.edition, winners.world.prov_a, by=admin)

    assert (batch.total, first.pk in batch.pending) == (1, False)


def test_demo_issues_two_certificates_and_revokes_one(winners):
    from publication.demo import issue_demo_certificates

    made = issue_demo_certificates()

    rows = Certificate.objects.order_by("number").values_list("status", "is_demo")
    assert (len(made), list(rows), bool(made[0].pdf)) == (
        2,
        [("issued", True), ("revoked", True)],
        True,
    )
