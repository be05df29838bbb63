"""Open data: the data page, downloads of every release, and the tile map."""

from django.urls import URLPattern

app_name = "opendata"

urlpatterns: list[URLPattern] = []
