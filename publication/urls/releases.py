"""Publishing: publish a run as a release, corrections, embargoes."""

from django.urls import URLPattern

app_name = "releases"

urlpatterns: list[URLPattern] = []
