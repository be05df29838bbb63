"""Upload jobs over the API: a branch officer sends a file (multipart), reads its
status and problems, and confirms it; others are refused; hostile bodies are a
400 naming the field, and keep nothing."""

import pytest
from rest_framework.test import APIClient

from accounts.tokens import issue_token
from participants.models import CoverageReport, ImportBatch
from tests import uploads

pytestmark = pytest.mark.django_db
Status = ImportBatch.Status

HEADER = (
    "kode_wilayah,tahun,angkatan_kerja,pekerja_formal,pekerja_informal,"
    "peserta_pu,peserta_bpu,pemberi_kerja"
)
KOTA_JAMBI = "15.71,2024,18749,7000,11749,5000,6414,80"


def csv_file(*rows: str, name: str = "cakupan.csv"):
    data = ("\n".join([HEADER, *rows]) + "\n").encode()
    return uploads.csv_upload(data, name)


def as_user(user):
    client = APIClient()
    _token, key = issue_token(user, name="skrip", days=1)
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


def send(client, *rows: str, kind: str = "reports"):
    body = {"kind": kind, "file": csv_file(*rows)}
    return client.post("/api/v1/uploads/", body, format="multipart")


def test_an_officer_uploads_checks_and_confirms(world):
    client = as_user(world.users["petugas_a"])

    created = send(client, KOTA_JAMBI)
    read = client.get(f"/api/v1/uploads/{created.json()['id']}/")
    confirmed = client.post(f"/api/v1/uploads/{created.json()['id']}/confirm/")

    assert created.status_code == 201
    assert (read.json()["status"], read.json()["done"]) == (Status.VALIDATED, True)
    assert read.json()["counts"]["new"] == 1
    assert confirmed.json()["status"] == Status.COMMITTED
    assert CoverageReport.objects.filter(regency=world.reg_a2, year=2024).exists()


def test_a_file_with_errors_is_rejected_with_its_problems(world):
    client = as_user(world.users["petugas_a"])

    created = send(client, "15.71,2024,abc,7000,11749,5000,6414,80")
    confirm = client.post(f"/api/v1/uploads/{created.json()['id']}/confirm/")

    assert created.json()["status"] == Status.REJECTED
    assert created.json()["problems"][0]["column"] == "angkatan_kerja"
    assert confirm.status_code == 409
    assert not CoverageReport.objects.exists()


@pytest.mark.parametrize("user", ["panitia_a", "penilai", "verifikator_cabang_a"])
def test_who_may_not_upload_is_refused(world, user):
    response = send(as_user(world.users[user]), KOTA_JAMBI)

    assert response.status_code == 403
    assert not ImportBatch.objects.exists()


def test_anonymous_is_refused(world):
    assert APIClient().get("/api/v1/uploads/").status_code == 401


def test_another_officer_sees_neither_the_upload_nor_confirms_it(world):
    created = send(as_user(world.users["petugas_a"]), KOTA_JAMBI)
    other = as_user(world.users["petugas_b"])
    path = f"/api/v1/uploads/{created.json()['id']}/"

    assert other.get(path).status_code == 404
    assert other.post(f"{path}confirm/").status_code == 404
    assert other.get("/api/v1/uploads/").json()["results"] == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "reports"}, "file"),
        ({"file": "teks"}, "file"),
        ({"kind": "semua", "file": None}, "kind"),
        ({"kind": "reports\x00", "file": None}, "kind"),
    ],
)
def test_hostile_bodies_are_a_400_naming_the_field(world, body, field):
    if body.get("file", "") is None:
        body["file"] = csv_file(KOTA_JAMBI)

    response = as_user(world.users["petugas_a"]).post(
        "/api/v1/uploads/", body, format="multipart"
    )

    assert response.status_code == 400
    assert field in [e["field"] for e in response.json()["errors"]]
    assert not ImportBatch.objects.exists()


def test_a_json_body_is_a_400(world):
    response = as_user(world.users["petugas_a"]).post(
        "/api/v1/uploads/", {"kind": "reports", "file": "x"}, format="json"
    )

    assert response.status_code == 400
    assert not ImportBatch.objects.exists()


def test_a_file_over_the_limit_is_a_400(world, settings):
    settings.IMPORT_MAX_BYTES = 10

    response = send(as_user(world.users["petugas_a"]), KOTA_JAMBI)

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "file"
    assert not ImportBatch.objects.exists()


@pytest.mark.parametrize("count", [1, 3])
def test_the_list_takes_a_fixed_number_of_queries(
    world, count, django_assert_max_num_queries
):
    client = as_user(world.users["petugas_a"])
    for _ in range(count):
        send(client, KOTA_JAMBI)

    with django_assert_max_num_queries(6):
        response = client.get("/api/v1/uploads/")

    assert response.json()["count"] == count


@pytest.mark.parametrize("path", ["99999999999999999999", "%D9%A1", "0"])
def test_hostile_paths_are_a_404(world, path):
    client = as_user(world.users["petugas_a"])

    assert client.get(f"/api/v1/uploads/{path}/").status_code == 404
