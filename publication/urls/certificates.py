"""Certificates: the committee's batches and downloads, and the public
verification page a certificate's QR code opens."""

from django.urls import path

from publication.views import stubs

app_name = "certificates"

urlpatterns = [
    path("v/", stubs.not_yet, name="lookup"),
    path("v/<str:code>/", stubs.not_yet, name="verify"),
]
