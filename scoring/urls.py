from django.urls import path

from scoring.views import (
    decisions,
    jobs,
    methodology,
    panels,
    progress,
    runs,
    sheets,
    whatif,
)

app_name = "scoring"

urlpatterns = [
    path(
        "metodologi/<int:year>/",
        methodology.methodology_list,
        name="methodologies",
    ),
    path(
        "metodologi/versi/<int:pk>/",
        methodology.methodology_detail,
        name="methodology",
    ),
    path(
        "metodologi/versi/<int:pk>/ubah/",
        methodology.methodology_edit,
        name="methodology_edit",
    ),
    path(
        "metodologi/versi/<int:pk>/json/",
        methodology.methodology_json,
        name="methodology_json",
    ),
    path(
        "<int:year>/provinsi/<str:province>/",
        panels.round_panel,
        name="round_panel",
    ),
    path("panel/<int:pk>/", panels.panel_detail, name="panel"),
    path("panel/<int:pk>/anggota/", panels.member_add, name="member_add"),
    path("panel/<int:pk>/kemajuan/", progress.panel_progress, name="panel_progress"),
    path("panel/<int:pk>/tutup/", progress.scoring_close, name="scoring_close"),
    path("panel/<int:pk>/buka/", progress.scoring_reopen, name="scoring_reopen"),
    path("anggota/<int:pk>/", panels.member_change, name="member_change"),
    path("anggota/<int:pk>/tugas/", panels.member_assign, name="member_assign"),
    path(
        "kandidat/<int:pk>/konflik/",
        panels.conflict_declare,
        name="declare_conflict",
    ),
    path("kandidat/<int:pk>/lembar/", sheets.sheet_open, name="sheet_open"),
    path(
        "anggota/<int:member>/kandidat/<int:candidate>/lembar/",
        sheets.sheet_for,
        name="sheet_for",
    ),
    path("lembar/<int:pk>/", sheets.sheet_detail, name="sheet"),
    path("lembar/<int:pk>/simpan/", sheets.sheet_autosave, name="sheet_autosave"),
    path("lembar/<int:pk>/buka/", sheets.sheet_reopen, name="sheet_reopen"),
    path(
        "peringkat/kategori/<int:category>/<str:area>/",
        runs.run_list,
        name="runs",
    ),
    path(
        "peringkat/kategori/<int:category>/<str:area>/hitung/",
        runs.run_compute,
        name="run_compute",
    ),
    path(
        "peringkat/kategori/<int:category>/<str:area>/hitung-ulang/",
        jobs.recompute,
        name="recompute",
    ),
    path("peringkat/tugas/<int:pk>/", jobs.job_detail, name="recompute_job"),
    path(
        "peringkat/tugas/<int:pk>/status/",
        jobs.job_status,
        name="recompute_job_status",
    ),
    path("peringkat/<int:pk>/", runs.run_detail, name="run"),
    path("peringkat/<int:pk>/bundel.json", runs.run_bundle, name="run_bundle"),
    # What if: other weights tried on a run (issue 11, point 7).
    path("peringkat/<int:pk>/simulasi/", whatif.whatif_page, name="whatif"),
    path(
        "peringkat/<int:pk>/simulasi/hitung.json",
        whatif.whatif_preview,
        name="whatif_preview",
    ),
    path("peringkat/<int:pk>/simulasi/simpan/", whatif.whatif_save, name="whatif_save"),
    path(
        "metodologi/versi/<int:pk>/simulasi/",
        whatif.whatif_for_methodology,
        name="whatif_methodology",
    ),
    path("peringkat/<int:pk>/putuskan/", decisions.run_decide, name="run_decide"),
]
