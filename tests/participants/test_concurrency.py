"""No lost update (participants.services.save_report on PostgreSQL): a save based on
an older version is refused with the other person's changes, also when two saves
race for the same row lock."""

import threading

import pytest
from django.db import connection

from participants import services
from participants.content import ReportContent
from participants.models import CoverageReport
from review.models import AuditEntry
from review.workflow import StaleEditError
from tests.factories import CoverageReportFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

FIGURES = {
    "angkatan_kerja": 18_749,
    "pekerja_formal": 8_749,
    "pekerja_informal": 10_000,
    "peserta_pu": 6_414,
    "peserta_bpu": 5_000,
}


def _content(**changed):
    return ReportContent(figures={**FIGURES, **changed})


@pytest.fixture
def report(world):
    """A kab/kota report at version 2, saved once by its branch."""
    report = CoverageReportFactory(
        regency=world.reg_a1, **dict.fromkeys(CoverageReport.FIGURES)
    )
    services.save_report(
        report, _content(), by=world.users["petugas_a"], expected_version=1
    )
    return report


def _audit_since(report, version):
    entries = AuditEntry.objects.for_record(report).filter(version__gt=version)
    return [(e.field, e.old_value, e.new_value, e.by, e.version) for e in entries]


def _stored_figures(report):
    return ReportContent.of(CoverageReport.objects.get(pk=report.pk)).figures


def test_second_save_from_a_stale_page_is_refused_with_the_first_changes(world, report):
    first, second = world.users["petugas_a"], world.users["petugas_a2"]
    page_one = CoverageReport.objects.get(pk=report.pk)
    page_two = CoverageReport.objects.get(pk=report.pk)
    services.save_report(
        page_one,
        _content(peserta_pu=6_500, pemberi_kerja=130),
        by=first,
        expected_version=2,
        reason="Data Desember",
    )

    with pytest.raises(StaleEditError) as raised:
        services.save_report(
            page_two,
            _content(peserta_pu=7_000),
            by=second,
            expected_version=2,
            reason="Data BPJS",
        )

    changes = [
        (e.field, e.old_value, e.new_value, e.by, e.version)
        for e in raised.value.changes
    ]
    assert (raised.value.current_version, changes, _stored_figures(report)) == (
        3,
        [
            ("pemberi_kerja", "", "130", first, 3),
            ("peserta_pu", "6414", "6500", first, 3),
        ],
        {**FIGURES, "peserta_jakon": None, "peserta_pmi": None}
        | {"peserta_pu": 6_500, "pemberi_kerja": 130},
    )


def _save_in_thread(report_pk, user, content, barrier, outcomes):
    try:
        page = CoverageReport.objects.get(pk=report_pk)
        barrier.wait(timeout=10)
        services.save_report(
            page, content, by=user, expected_version=2, reason="Data terbaru"
        )
        outcomes[user.username] = "saved"
    except StaleEditError as error:
        outcomes[user.username] = ("stale", error.current_version)
    except Exception as error:  # shown by the assertion instead of lost in a thread
        outcomes[user.username] = repr(error)
    finally:
        connection.close()


def test_two_simultaneous_saves_of_one_version_let_exactly_one_win(world, report):
    users = (world.users["petugas_a"], world.users["petugas_a2"])
    contents = {
        users[0]: _content(peserta_pu=6_500),
        users[1]: _content(peserta_pu=7_000),
    }
    barrier = threading.Barrier(len(users))
    outcomes = {}
    threads = [
        threading.Thread(
            target=_save_in_thread,
            args=(report.pk, user, contents[user], barrier, outcomes),
        )
        for user in users
    ]

    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    winners = [user for user in users if outcomes.get(user.username) == "saved"]
    assert len(winners) == 1, outcomes
    winner = winners[0]
    loser = next(user for user in users if user is not winner)
    stored = CoverageReport.objects.get(pk=report.pk)
    assert (
        outcomes[loser.username],
        stored.version,
        stored.peserta_pu,
        _audit_since(report, 2),
    ) == (
        ("stale", 3),
        3,
        contents[winner].figures["peserta_pu"],
        [
            (
                "peserta_pu",
                "6414",
                str(contents[winner].figures["peserta_pu"]),
                winner,
                3,
            )
        ],
    )
