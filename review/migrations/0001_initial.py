# The status changes and audit entries move from `participants` to the review kernel.
# The tables and every row stay where they are: this migration only tells Django's
# state that the models now belong to `review` (0002 renames the tables).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

STATUSES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("returned", "Returned"),
    ("approved", "Approved"),
]
SOURCES = [
    ("form", "Form"),
    ("api", "API"),
    ("import", "File upload"),
    ("system", "System"),
]


def _log_fields():
    return [
        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
        ("object_id", models.PositiveBigIntegerField()),
        ("at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="at")),
        ("reason", models.TextField(blank=True, verbose_name="reason")),
    ]


def _log_links():
    return [
        ("by", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="by")),
        ("content_type", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to="contenttypes.contenttype")),
    ]


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("participants", "0004_import_batch_jobs"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="StatusChange",
                    fields=[
                        *_log_fields(),
                        ("from_status", models.CharField(choices=STATUSES, max_length=10, verbose_name="from")),
                        ("to_status", models.CharField(choices=STATUSES, max_length=10, verbose_name="to")),
                        *_log_links(),
                    ],
                    options={
                        "verbose_name": "status change",
                        "verbose_name_plural": "status changes",
                        "ordering": ["at", "pk"],
                        "abstract": False,
                        "db_table": "participants_statuschange",
                        "indexes": [models.Index(fields=["content_type", "object_id"], name="statuschange_record")],
                    },
                ),
                migrations.CreateModel(
                    name="AuditEntry",
                    fields=[
                        *_log_fields(),
                        ("field", models.CharField(max_length=120, verbose_name="figure")),
                        ("old_value", models.TextField(blank=True, verbose_name="old value")),
                        ("new_value", models.TextField(blank=True, verbose_name="new value")),
                        ("version", models.PositiveIntegerField(verbose_name="version")),
                        ("source", models.CharField(choices=SOURCES, max_length=10, verbose_name="source")),
                        *_log_links(),
                        ("batch", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="audit_entries", to="participants.importbatch", verbose_name="upload")),
                    ],
                    options={
                        "verbose_name": "audit entry",
                        "verbose_name_plural": "audit entries",
                        "ordering": ["at", "pk"],
                        "abstract": False,
                        "db_table": "participants_auditentry",
                        "indexes": [models.Index(fields=["content_type", "object_id"], name="auditentry_record")],
                    },
                ),
            ],
        ),
    ]
