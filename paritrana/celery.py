"""Celery application: Redis broker when REDIS_URL is set, otherwise the embedded
broker under var/broker/ (paritrana/broker.py) that `make run`'s worker reads."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "paritrana.settings")

app = Celery("paritrana")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
