"""The move of status changes and audit entries into the review kernel keeps every
row: on a database filled with the demo data (and an upload's audit entries), the
counts are the same before and after, both ways, and every upload still reaches
the audit entries it produced."""

from io import StringIO

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from accounts.demo import create_demo_users
from nominations.demo import create_demo_award
from participants.demo import create_demo_reports
from participants.models import CoverageReport, ImportBatch
from regions.demo import load_demo_offices
from review.models import AuditEntry, StatusChange
from tests.factories import UserFactory

BEFORE = [("participants", "0004_import_batch_jobs"), ("review", None)]


def _migrate(targets: list[tuple[str, str | None]]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def _latest() -> list[tuple[str, str]]:
    executor = MigrationExecutor(connection)
    return list(executor.loader.graph.leaf_nodes())


def _old_tables() -> tuple[int, int, dict[int, set[int]]]:
    """Counts and the batch → audit entry ids as the tables were before the move."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM participants_statuschange")
        changes = cursor.fetchone()[0]
        cursor.execute("SELECT id, batch_id FROM participants_auditentry")
        rows = cursor.fetchall()
    by_batch: dict[int, set[int]] = {}
    for entry_id, batch_id in rows:
        if batch_id is not None:
            by_batch.setdefault(batch_id, set()).add(entry_id)
    return changes, len(rows), by_batch


def _kernel_tables() -> tuple[int, int, dict[int, set[int]]]:
    by_batch = {
        batch.pk: set(batch.audit_entries.values_list("pk", flat=True))
        for batch in ImportBatch.objects.all()
    }
    by_batch = {pk: ids for pk, ids in by_batch.items() if ids}
    return StatusChange.objects.count(), AuditEntry.objects.count(), by_batch


@pytest.fixture
def demo_database(region_files, settings):
    """The demo data on a small country, and an upload with its audit entries."""
    settings.IDN_AREA_DATA_DIR = region_files.write()
    call_command("load_regions", stdout=StringIO())
    load_demo_offices()
    create_demo_users()
    create_demo_reports()
    create_demo_award()
    report = CoverageReport.objects.order_by("pk").first()
    uploader = UserFactory()
    for name in ("a.csv", "b.csv"):
        batch = ImportBatch.objects.create(
            kind=ImportBatch.Kind.REPORTS,
            original_name=name,
            file=f"imports/{name}",
            uploaded_by=uploader,
            status=ImportBatch.Status.COMMITTED,
        )
        for field in ("peserta_pu", "peserta_bpu"):
            AuditEntry.objects.create(
                record=report,
                origin=batch,
                field=field,
                old_value="1",
                new_value="2",
                version=2,
                source=AuditEntry.Source.IMPORT,
            )


@pytest.mark.django_db(transaction=True)
def test_moving_the_kernel_tables_keeps_every_row_both_ways(demo_database):
    latest = _latest()
    after = _kernel_tables()
    assert after[0] > 0  # the demo has a history to keep
    assert after[1] > 0
    assert len(after[2]) == 2

    _migrate(BEFORE)
    assert _old_tables() == after

    _migrate(latest)
    assert _kernel_tables() == after
    moved = ContentType.objects.filter(model__in=["statuschange", "auditentry"])
    assert sorted(moved.values_list("app_label", flat=True)) == ["review", "review"]
