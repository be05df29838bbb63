"""Open data: the data page and every release's files at stable addresses."""

from django.urls import path

from publication.views import data

app_name = "opendata"

urlpatterns = [
    path("data/", data.index, name="index"),
    path("data/rilis/<int:pk>.<str:fmt>", data.release_file, name="release_file"),
    path("data/rilis/<int:pk>/metodologi.json", data.methodology, name="methodology"),
    path("data/rilis/<int:pk>/bundel.json", data.bundle, name="bundle"),
]
