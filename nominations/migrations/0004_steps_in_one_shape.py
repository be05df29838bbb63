"""Step logs in the kernel's one shape (`review.models.Step`): a verification step
names its action and its states `from_status`/`to_status` like every other log;
round steps name the move of `nominations.transitions.ROUND` they took; and every
item verified or rejected before verdicts were logged gets the step of its current
verdict (who and when from the item), so that each verdict is a row a ranking run
can point at."""

from django.db import migrations, models

ACTIONS = {"verified": "verify", "rejected": "reject", "unverified": "reset"}


def name_actions(apps, schema_editor):
    VerificationStep = apps.get_model("nominations", "VerificationStep")
    for status, action in ACTIONS.items():
        VerificationStep.objects.filter(to_status=status).update(action=action)
    RoundStep = apps.get_model("nominations", "RoundStep")
    for step in RoundStep.objects.filter(action="set_stage"):
        step.action = f"set_{step.to_status}"
        step.save(update_fields=["action"])


def log_current_verdicts(apps, schema_editor):
    VerificationStep = apps.get_model("nominations", "VerificationStep")
    for model_name in ("Regulation", "Innovation"):
        model = apps.get_model("nominations", model_name)
        unlogged = model.objects.exclude(verification="unverified").filter(
            verification_steps__isnull=True
        )
        for item in unlogged:
            step = VerificationStep.objects.create(
                **{model_name.lower(): item},
                action=ACTIONS[item.verification],
                from_status="unverified",
                to_status=item.verification,
                by_id=item.verified_by_id,
                reason=item.rejection_reason,
            )
            if item.verified_at:  # `at` is set on creation; keep the verdict's time
                VerificationStep.objects.filter(pk=step.pk).update(at=item.verified_at)


def unname_round_actions(apps, schema_editor):
    RoundStep = apps.get_model("nominations", "RoundStep")
    RoundStep.objects.filter(action__startswith="set_").update(action="set_stage")


class Migration(migrations.Migration):
    dependencies = [
        ("nominations", "0003_compliance_record_name"),
    ]

    operations = [
        migrations.RenameField(
            model_name="verificationstep",
            old_name="from_verification",
            new_name="from_status",
        ),
        migrations.RenameField(
            model_name="verificationstep",
            old_name="to_verification",
            new_name="to_status",
        ),
        migrations.AddField(
            model_name="verificationstep",
            name="action",
            field=models.CharField(default="", max_length=20, verbose_name="action"),
            preserve_default=False,
        ),
        migrations.RunPython(name_actions, unname_round_actions),
        migrations.RunPython(log_current_verdicts, migrations.RunPython.noop),
    ]
