from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    name = "scoring"
    verbose_name = _("Scoring")

    def ready(self) -> None:
        """Hear the events of lower layers that change a ranking's inputs."""
        from django.db.models.signals import post_save

        from nominations.models import VerificationStep
        from review.signals import status_changed
        from scoring import triggers
        from scoring.models import Methodology

        status_changed.connect(triggers.on_status_changed, dispatch_uid="scoring")
        post_save.connect(
            triggers.on_verification_step,
            sender=VerificationStep,
            dispatch_uid="scoring-verification",
        )
        post_save.connect(
            triggers.on_methodology_saved,
            sender=Methodology,
            dispatch_uid="scoring-methodology",
        )
