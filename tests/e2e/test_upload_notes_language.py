"""The notes of a checked upload and the refusal of a whole file are read in the
reader's language: the same upload page in English, then in Indonesian."""

import csv
import io
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from tests.e2e import test_upload
from tests.e2e.test_coverage_report import sign_in
from tests.e2e.test_upload import upload

branch = test_upload.branch  # KC Batam and its officer, as in the upload walk
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("branch"),
]
SCREENSHOTS = Path(django_settings.BASE_DIR) / "var" / "screenshots"
HEADER = ["kode_wilayah", "tahun", "angkatan_kerja", "catatan"]


def csv_file(directory: Path, name: str, *rows: list[object]) -> Path:
    out = io.StringIO()
    csv.writer(out).writerows([HEADER, *rows])
    path = directory / name
    path.write_text(out.getvalue())
    return path


def read_in(page, live_server, language: str, selector: str, name: str) -> list[str]:
    """The texts under `selector` with the page in `language`, and a screenshot."""
    cookie = django_settings.LANGUAGE_COOKIE_NAME
    page.context.add_cookies(
        [{"name": cookie, "value": language, "url": live_server.url}]
    )
    page.reload()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}-{language}.png"), full_page=True)
    return page.locator(selector).all_inner_texts()


def test_upload_notes_follow_the_readers_language(page, tmp_path, live_server):
    sign_in(page, "petugas", "/cakupan/unggah/")
    upload(page, csv_file(tmp_path, "cakupan.csv", ["21.05", 2024, 18_749, "x"]))

    shown = [
        read_in(page, live_server, language, ".upload-notes li", "upload-notes")
        for language in ("en", "id")
    ]

    assert shown == [
        ["Column “catatan” is not used and was ignored."],
        ["Kolom “catatan” tidak digunakan dan diabaikan."],
    ]


def test_whole_file_refusal_follows_the_readers_language(page, tmp_path, live_server):
    sign_in(page, "petugas", "/cakupan/unggah/")
    upload(page, csv_file(tmp_path, "kosong.csv"))

    shown = [
        read_in(page, live_server, language, ".problems__reason", "upload-refused")
        for language in ("en", "id")
    ]

    assert shown == [
        ["The file has a header row but no data rows."],
        ["Berkas memiliki baris judul, tetapi tidak ada baris data."],
    ]
