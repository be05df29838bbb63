from datetime import timedelta
from smtplib import SMTPServerDisconnected

import pytest
from django.conf import settings
from django.core import mail
from django.core.mail.backends import locmem
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.translation import gettext
from kombu.exceptions import OperationalError

from accounts.models import Notification
from accounts.notifications import notify, notify_user
from accounts.tasks import task_mail_notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
LANGUAGE = settings.LANGUAGE_COOKIE_NAME


@pytest.fixture(autouse=True)
def english_pages(client, english):
    client.cookies[LANGUAGE] = "en"


def test_notifications_page_needs_sign_in(client):
    response = client.get("/akun/notifikasi/")

    assert response["Location"] == "/akun/masuk/?next=/akun/notifikasi/"


def test_notifications_page_lists_own_notices_newest_first(client):
    user = UserFactory()
    notify_user(user, "rekap.csv: Saved", url="/cakupan/unggah/1/")
    notify_user(user, "desa.xlsx: Rejected: the file has errors")
    notify_user(UserFactory(), "someone else's")
    client.force_login(user)

    response = client.get("/akun/notifikasi/")

    notices = [notice.message for notice in response.context["page"]]
    assert notices == ["desa.xlsx: Rejected: the file has errors", "rekap.csv: Saved"]
    assert b'<a href="/cakupan/unggah/1/">rekap.csv: Saved</a>' in response.content


def test_viewing_the_page_marks_the_notices_read(client):
    user = UserFactory()
    old = notify_user(user, "old")
    Notification.objects.filter(pk=old.pk).update(read_at=timezone.now())
    new = notify_user(user, "new")
    client.force_login(user)

    first = client.get("/akun/notifikasi/")
    second = client.get("/akun/notifikasi/")

    assert first.context["unread"] == {new.pk}
    assert second.context["unread"] == set()
    assert Notification.objects.filter(read_at__isnull=True).count() == 0


def test_header_shows_the_unread_count(client):
    user = UserFactory()
    notify_user(user, "one")
    notify_user(user, "two")
    client.force_login(user)

    before = client.get("/akun/")
    client.get("/akun/notifikasi/")
    after = client.get("/akun/")

    assert b'<span class="notice-count">2</span>' in before.content
    assert b"notice-count" not in after.content
    assert b'href="/akun/notifikasi/"' in after.content


def test_anonymous_pages_count_no_notifications(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/akun/masuk/")

    assert b"notice-count" not in response.content


@pytest.mark.parametrize("path", ["/akun/notifikasi/", "/akun/"])
def test_notifications_take_a_fixed_number_of_queries(
    client, django_assert_num_queries, path
):
    user = UserFactory()
    notify_user(user, "one")
    client.force_login(user)
    with CaptureQueriesContext(connection) as one_row:
        client.get(path)
    notify_user(user, "two")
    notify_user(user, "three")
    notify_user(user, "four")

    with django_assert_num_queries(len(one_row)):
        response = client.get(path)

    assert response.status_code == 200


def test_notifications_page_shows_unread_notices_first(client):
    user = UserFactory()
    unread_old = notify_user(user, "unread, older")
    read_new = notify_user(user, "read, newer")
    Notification.objects.filter(pk=read_new.pk).update(read_at=timezone.now())
    Notification.objects.filter(pk=unread_old.pk).update(
        created_at=timezone.now() - timedelta(days=1)
    )
    client.force_login(user)

    response = client.get("/akun/notifikasi/")

    notices = [notice.message for notice in response.context["page"]]
    assert notices == ["unread, older", "read, newer"]


@pytest.mark.parametrize(
    ("language", "expected", "other"),
    [
        ("en", "coverage report", "laporan cakupan"),
        ("id", "laporan cakupan", "coverage report"),
    ],
)
def test_a_notice_reads_in_the_readers_language(client, language, expected, other):
    user = UserFactory(language="en")
    notify_user(user, lambda: str(gettext("coverage report")))
    client.cookies[LANGUAGE] = language
    client.force_login(user)

    response = client.get("/akun/notifikasi/")

    assert (
        expected.encode() in response.content,
        other.encode() in response.content,
    ) == (
        True,
        False,
    )


def test_users_get_their_mail_in_indonesian_unless_they_choose(
    django_capture_on_commit_callbacks,
):
    indonesian, english = UserFactory(), UserFactory(language="en")

    with django_capture_on_commit_callbacks(execute=True):
        notify([indonesian, english], lambda: str(gettext("coverage report")))

    mails = {m.to[0]: (m.subject[-15:], m.body.split("\n")[0]) for m in mail.outbox}
    assert mails == {
        english.email: ("coverage report", "coverage report"),
        indonesian.email: ("laporan cakupan", "laporan cakupan"),
    }


def test_the_mail_is_a_job_queued_after_the_commit(django_capture_on_commit_callbacks):
    user = UserFactory()

    with django_capture_on_commit_callbacks() as callbacks:
        notice = notify_user(user, "rekap.csv: Saved", url="/cakupan/unggah/1/")
    sent_before = len(mail.outbox)
    for callback in callbacks:
        callback()

    notice.refresh_from_db()
    assert (sent_before, len(mail.outbox), notice.mailed_at is not None) == (0, 1, True)
    assert mail.outbox[0].body.split("\n")[:2] == [
        "rekap.csv: Saved",
        f"{settings.SITE_URL}/cakupan/unggah/1/",
    ]


def test_no_mail_for_a_user_without_an_address(django_capture_on_commit_callbacks):
    user = UserFactory(email="")

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notify_user(user, "one")

    assert (callbacks, mail.outbox, Notification.objects.count()) == ([], [], 1)


def test_mailing_a_notice_twice_sends_one_mail():
    notice = notify_user(UserFactory(), "one")

    sent = [task_mail_notification(notification_id=notice.pk) for _ in range(2)]

    assert (sent, len(mail.outbox)) == ([1, 0], 1)


class FailingOnceBackend(locmem.EmailBackend):
    """A mail server that refuses the first message it is given."""

    failed = False

    def send_messages(self, messages):
        if not FailingOnceBackend.failed:
            FailingOnceBackend.failed = True
            raise SMTPServerDisconnected("connection lost")
        return super().send_messages(messages)


def test_a_failed_mail_is_retried_not_lost(
    settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = f"{__name__}.FailingOnceBackend"
    notice = notify_user(UserFactory(), "one")

    # As a worker runs it: the error leads to a retry instead of propagating.
    task_mail_notification.apply(kwargs={"notification_id": notice.pk}, throw=False)

    notice.refresh_from_db()
    assert (
        FailingOnceBackend.failed,
        len(mail.outbox),
        notice.mailed_at is not None,
    ) == (
        True,
        1,
        True,
    )


def test_a_new_user_reads_mail_in_indonesian():
    assert UserFactory().language == "id"


def test_a_burst_of_notices_makes_one_mail(django_capture_on_commit_callbacks):
    user = UserFactory(language="en")

    with django_capture_on_commit_callbacks(execute=True):
        for number in range(1, 4):
            notify_user(user, f"report {number} submitted", url=f"/r/{number}/")

    [sent] = mail.outbox
    assert (sent.subject, sent.body.split("\n\n")[:3]) == (
        "Paritrana Portal: 3 new notifications",
        [f"report {n} submitted\n{settings.SITE_URL}/r/{n}/" for n in (1, 2, 3)],
    )
    assert Notification.objects.filter(mailed_at__isnull=True).count() == 0


def test_a_notice_never_mailed_for_a_week_stays_in_the_portal_only():
    user = UserFactory()
    old = notify_user(user, "old")
    Notification.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=8)
    )
    new = notify_user(user, "new")

    task_mail_notification(notification_id=new.pk)

    assert [m.body.split("\n")[0] for m in mail.outbox] == ["new"]


def test_without_a_broker_the_mail_is_sent_in_the_request(
    monkeypatch, django_capture_on_commit_callbacks
):
    def unreachable(*args, **kwargs):
        raise OperationalError("broker down")

    monkeypatch.setattr(task_mail_notification, "apply_async", unreachable)

    with django_capture_on_commit_callbacks(execute=True):
        notify_user(UserFactory(), "one")

    assert [m.body.split("\n")[0] for m in mail.outbox] == ["one"]


def test_users_choose_the_language_of_their_mail_on_their_profile(client):
    user = UserFactory()
    client.force_login(user)

    response = client.post("/akun/", {"language": "en"}, follow=True)

    user.refresh_from_db()
    assert (user.language, response.redirect_chain) == ("en", [("/akun/", 302)])
    assert b"Your e-mails from the portal are now in English." in response.content


def test_the_profile_refuses_a_language_the_portal_lacks(client):
    user = UserFactory()
    client.force_login(user)

    response = client.post("/akun/", {"language": "fr"})

    user.refresh_from_db()
    assert (response.status_code, user.language) == (200, "id")
    assert response.context["language_form"].errors.keys() == {"language"}
