from django.urls import path, re_path

from participants import dashboard, uploads, views
from participants.models import ImportBatch

app_name = "participants"

REPORT = r"^(?P<year>[0-9]{4})/(?P<code>[0-9]{2}(?:\.[0-9]{2})?)/"
KINDS = "|".join(ImportBatch.Kind.values)

urlpatterns = [
    path("", views.report_list, name="list"),
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
]
