from django.urls import path

from scoring.views import methodology

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
]
