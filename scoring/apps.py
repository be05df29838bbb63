from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    name = "scoring"
    verbose_name = _("Scoring")

    def ready(self) -> None:
        self._register_notices()
        self._hear_ranking_inputs()

    @staticmethod
    def _register_notices() -> None:
        """Who hears of a score sheet's steps (review.notices)."""
        from review import notices
        from scoring import notices as sheet_notices
        from scoring.models import ScoreSheet

        notices.register(
            ScoreSheet,
            sheet_notices.sheet_audience,
            list_url=sheet_notices.sheets_home,
            one_text=sheet_notices.sheet_step_text,
            many_text=sheet_notices.sheet_steps_text,
        )

    @staticmethod
    def _hear_ranking_inputs() -> None:
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
