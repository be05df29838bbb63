"""Public pages beside the rankings: a candidate's page, a methodology generated
from itself, the tile map of the provinces."""

from django.urls import path

from publication.views import pages

app_name = "public"

urlpatterns = [
    path("hasil/kandidat/<int:pk>/", pages.candidate, name="candidate"),
    path("hasil/metodologi/<int:pk>/", pages.methodology, name="methodology"),
    path("hasil/peta/", pages.tile_map, name="map"),
]
