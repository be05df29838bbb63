from django.urls import path, re_path

from participants import dashboard, views

app_name = "participants"

REPORT = r"^(?P<year>\d{4})/(?P<code>\d{2}(?:\.\d{2})?)/"

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
]
