from django.apps import AppConfig
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _


class ParticipantsConfig(AppConfig):
    name = "participants"
    verbose_name = _("Participants")

    def ready(self) -> None:
        from participants.models import CoverageReport
        from review import notices

        notices.register(
            CoverageReport, notices.review_audience, list_url=_reports_in_status
        )


def _reports_in_status(status: str) -> str:
    """The list of coverage reports in this review status."""
    return f"{reverse('participants:list')}?{urlencode({'status': status})}"
