from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    name = "scoring"
    verbose_name = _("Scoring")

    def ready(self) -> None:
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
