"""Certificates: batches, downloads and the public verification page."""

from django.urls import URLPattern

app_name = "certificates"

urlpatterns: list[URLPattern] = []
