from django.urls import path

from nominations.views import candidates, dossiers, editions, employers, interviews

app_name = "nominations"

urlpatterns = [
    path("", editions.edition_list, name="editions"),
    path("<int:year>/", editions.edition_detail, name="edition"),
    path("<int:year>/salin/", editions.edition_copy, name="edition_copy"),
    path("<int:year>/provinsi/<str:province>/", editions.round_detail, name="round"),
    path(
        "<int:year>/provinsi/<str:province>/tambah/",
        candidates.candidates_add,
        name="candidates_add",
    ),
    path(
        "<int:year>/provinsi/<str:province>/jadwal/",
        interviews.slot_list,
        name="slots",
    ),
    path(
        "<int:year>/provinsi/<str:province>/jadwal.ics",
        interviews.slots_ics,
        name="slots_ics",
    ),
    path("kandidat/<int:pk>/", candidates.candidate_detail, name="candidate"),
    path(
        "kandidat/<int:pk>/aksi/", candidates.candidate_action, name="candidate_action"
    ),
    path(
        "kandidat/<int:pk>/wawancara/",
        interviews.candidate_interview,
        name="candidate_interview",
    ),
    path("kandidat/<int:pk>/regulasi/", dossiers.regulation_add, name="regulation_add"),
    path("kandidat/<int:pk>/inovasi/", dossiers.innovation_add, name="innovation_add"),
    path("inovasi/<int:pk>/bukti/", dossiers.evidence_add, name="evidence_add"),
    path("verifikasi/<str:kind>/<int:pk>/", dossiers.item_verify, name="item_verify"),
    path("berkas/regulasi/<int:pk>/", dossiers.regulation_file, name="regulation_file"),
    path("berkas/bukti/<int:pk>/", dossiers.evidence_file, name="evidence_file"),
    path("pemberi-kerja/", employers.employer_list, name="employers"),
    path(
        "pemberi-kerja/<str:npp>/<int:year>/",
        employers.compliance_detail,
        name="compliance",
    ),
    path(
        "pemberi-kerja/<str:npp>/<int:year>/isi/",
        employers.compliance_edit,
        name="compliance_edit",
    ),
    path(
        "pemberi-kerja/<str:npp>/<int:year>/<str:action>/",
        employers.compliance_action,
        name="compliance_action",
    ),
    path(
        "<int:year>/provinsi/<str:province>/daftar-pendek/",
        candidates.candidates_shortlist,
        name="candidates_shortlist",
    ),
    path("<int:year>/ubah/", editions.edition_edit, name="edition_edit"),
    path(
        "<int:year>/provinsi/<str:province>/jadwal/<int:pk>/ubah/",
        interviews.slot_edit,
        name="slot_edit",
    ),
    path(
        "<int:year>/provinsi/<str:province>/jadwal/<int:pk>/batal/",
        interviews.slot_cancel,
        name="slot_cancel",
    ),
    path("pemberi-kerja/baru/", employers.employer_add, name="employer_add"),
    path(
        "pemberi-kerja/<str:npp>/ubah/", employers.employer_edit, name="employer_edit"
    ),
]
