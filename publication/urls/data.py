"""Open data: the data page and every release's files at stable addresses."""

from django.urls import path

from publication.views import stubs

app_name = "opendata"

urlpatterns = [
    path("data/", stubs.not_yet, name="index"),
    path("data/rilis/<int:pk>.<str:fmt>", stubs.not_yet, name="release_file"),
    path("data/rilis/<int:pk>/metodologi.json", stubs.not_yet, name="methodology"),
    path("data/rilis/<int:pk>/bundel.json", stubs.not_yet, name="bundle"),
]
