"""The password reset mail goes through Redis and is sent by a real Celery worker."""

import time

import pytest
from django.core import mail
from django.core.cache import cache

from tests.factories import UserFactory

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def wait_for_mail(seconds: float = 15) -> list:
    deadline = time.monotonic() + seconds
    while not mail.outbox and time.monotonic() < deadline:
        time.sleep(0.1)
    return mail.outbox


def test_reset_mail_is_sent_by_the_worker(client, celery_worker_redis):
    cache.clear()
    UserFactory(email="sri@example.org")

    response = client.post("/akun/kata-sandi/lupa/", {"email": "sri@example.org"})

    assert response.status_code == 302
    assert [message.to for message in wait_for_mail()] == [["sri@example.org"]]
