"""Public pages beside the rankings: a candidate's page, a methodology generated
from itself, the tile map of the provinces."""

from django.urls import path

from publication.views import stubs

app_name = "public"

urlpatterns = [
    path("hasil/kandidat/<int:pk>/", stubs.not_yet, name="candidate"),
    path("hasil/metodologi/<int:pk>/", stubs.not_yet, name="methodology"),
    path("hasil/peta/", stubs.not_yet, name="map"),
]
