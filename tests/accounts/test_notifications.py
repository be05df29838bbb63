import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Notification
from accounts.notifications import notify_user
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
