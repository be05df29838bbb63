# StatusChange and AuditEntry now belong to the review kernel (`review` 0001 takes
# them over with their tables and rows); here they only leave this app's state.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("participants", "0004_import_batch_jobs"),
        ("review", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="StatusChange"),
                migrations.DeleteModel(name="AuditEntry"),
            ],
        ),
    ]
