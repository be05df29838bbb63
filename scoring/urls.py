from django.urls import path

from scoring import views

app_name = "scoring"

urlpatterns = [
    path("panel/<int:pk>/", views.panel_detail, name="panel"),
    path("kandidat/<int:pk>/konflik/", views.conflict_declare, name="declare_conflict"),
]
