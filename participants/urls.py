from django.urls import path, re_path

from participants import dashboard, uploads, views
from participants.models import ImportBatch

app_name = "participants"

REPORT = r"^(?P<year>[0-9]{4})/(?P<code>[0-9]{2}(?:\.[0-9]{2})?)/"
KINDS = "|".join(ImportBatch.Kind.values)

urlpatterns = [
    path("", views.report_list, name="list"),
    re_path(
        r"^unduh\.(?P<fmt>csv|xlsx)$", views.report_list_export, name="list_export"
    ),
    re_path(REPORT + r"$", views.report_detail, name="report"),
    re_path(REPORT + r"isi/$", views.report_edit, name="edit"),
    re_path(
        REPORT + r"(?P<action>submit|approve|return|unapprove)/$",
        views.report_action,
        name="action",
    ),
    path("kelengkapan/", dashboard.completeness, name="completeness"),
    path(
        "kelengkapan/<int:year>/wilayah/",
        dashboard.regions,
        name="completeness_regions",
    ),
    path("kelengkapan/<int:year>/xlsx/", dashboard.export, name="completeness_export"),
    path("unggah/", uploads.upload_list, name="uploads"),
    re_path(
        rf"^unggah/templat/(?P<kind>{KINDS})\.(?P<fmt>csv|xlsx)$",
        uploads.upload_template,
        name="upload_template",
    ),
    path("unggah/templat/terisi/", uploads.upload_prefilled, name="upload_prefilled"),
    path("unggah/<int:pk>/", uploads.upload_detail, name="upload"),
    path("unggah/<int:pk>/status/", uploads.upload_status, name="upload_status"),
    path(
        "unggah/<int:pk>/perubahan.csv", uploads.upload_changes, name="upload_changes"
    ),
    path("unggah/<int:pk>/simpan/", uploads.upload_commit, name="upload_commit"),
    path("unggah/<int:pk>/ulangi/", uploads.upload_retry, name="upload_retry"),
    path("unggah/<int:pk>/kembalikan/", uploads.upload_revert, name="upload_revert"),
    # Coverage report: printed, and started from the year before.
    re_path(REPORT + r"pdf/$", views.report_pdf, name="report_pdf"),
    re_path(
        REPORT + r"mulai-dari-tahun-lalu/$",
        views.report_from_previous_year,
        name="report_from_previous_year",
    ),
    path(
        "unggah/templat/terisi/<int:pk>/",
        uploads.prefilled_job,
        name="prefilled_job",
    ),
    path(
        "unggah/templat/terisi/<int:pk>/status/",
        uploads.prefilled_job_status,
        name="prefilled_job_status",
    ),
    path(
        "unggah/templat/terisi/<int:pk>/unduh/",
        uploads.prefilled_job_file,
        name="prefilled_job_file",
    ),
]
