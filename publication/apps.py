from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicationConfig(AppConfig):
    """What the public sees: releases of ranking runs, the public results site, open
    data and certificates. Its own app because it reads scoring, nominations and
    participants but none of them should know about the public: a release is a
    frozen copy, served without touching the ranking tables."""

    name = "publication"
    verbose_name = _("Publication")
