from django.urls import path

from scoring import views

app_name = "scoring"

urlpatterns = [
    path("<int:year>/provinsi/<str:province>/", views.round_panel, name="round_panel"),
    path("panel/<int:pk>/", views.panel_detail, name="panel"),
    path("panel/<int:pk>/anggota/", views.member_add, name="member_add"),
    path("anggota/<int:pk>/", views.member_change, name="member_change"),
    path("anggota/<int:pk>/tugas/", views.member_assign, name="member_assign"),
    path("kandidat/<int:pk>/konflik/", views.conflict_declare, name="declare_conflict"),
]
