# Audit entries name their origin through a generic relation (an upload batch today;
# an assessor's sheet or a ranking run next) instead of a foreign key to
# participants.ImportBatch; the moved tables get the kernel's names, and the content
# types (with their permissions) follow the models. Every row is kept, both ways.

import django.db.models.deletion
from django.db import migrations, models

MOVED = ("statuschange", "auditentry")


def _batch_type(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label="participants", model="importbatch")[0]


def batch_to_origin(apps, schema_editor):
    AuditEntry = apps.get_model("review", "AuditEntry")
    entries = AuditEntry.objects.exclude(batch_id=None)
    if entries.exists():
        entries.update(origin_type_id=_batch_type(apps).pk, origin_id=models.F("batch_id"))


def origin_to_batch(apps, schema_editor):
    AuditEntry = apps.get_model("review", "AuditEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    batch_type = ContentType.objects.filter(app_label="participants", model="importbatch").first()
    if batch_type is not None:
        AuditEntry.objects.filter(origin_type=batch_type).update(batch_id=models.F("origin_id"))


def _relabel(apps, old, new):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        # A content type already made for the new label (by an earlier run of
        # post_migrate) gives way to the old one, which permissions point at.
        if ContentType.objects.filter(app_label=old, model=model).exists():
            ContentType.objects.filter(app_label=new, model=model).delete()
            ContentType.objects.filter(app_label=old, model=model).update(app_label=new)


def relabel_forward(apps, schema_editor):
    _relabel(apps, "participants", "review")


def relabel_backward(apps, schema_editor):
    _relabel(apps, "review", "participants")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("participants", "0005_review_kernel"),
        ("review", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="origin_type",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="contenttypes.contenttype", verbose_name="origin type"),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="origin_id",
            field=models.PositiveBigIntegerField(blank=True, null=True, verbose_name="origin id"),
        ),
        migrations.RunPython(batch_to_origin, origin_to_batch),
        migrations.RemoveField(model_name="auditentry", name="batch"),
        migrations.AddIndex(
            model_name="auditentry",
            index=models.Index(fields=["origin_type", "origin_id"], name="auditentry_origin"),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="source",
            field=models.CharField(choices=[("form", "Form"), ("api", "API"), ("import", "File upload"), ("admin", "Administration"), ("system", "System")], max_length=10, verbose_name="source"),
        ),
        migrations.AlterModelTable(name="statuschange", table=None),
        migrations.AlterModelTable(name="auditentry", table=None),
        migrations.RunPython(relabel_forward, relabel_backward),
    ]
