from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class NominationsConfig(AppConfig):
    name = "nominations"
    verbose_name = _("Nominations")

    def ready(self) -> None:
        from nominations.models import EmployerCompliance
        from review import notices

        notices.register(
            EmployerCompliance,
            notices.review_audience,
            list_url=lambda _status: reverse("nominations:employers"),
        )
