"""Certificates: the committee's rounds, batches and downloads, and the public
verification page a certificate's QR code opens."""

from django.urls import path

from publication.views import certificates, verification

app_name = "certificates"

urlpatterns = [
    path("v/", verification.lookup, name="lookup"),
    path("v/<str:code>/", verification.verify, name="verify"),
    path("piagam/<int:year>/<str:area>/", certificates.round_page, name="round"),
    path("piagam/<int:year>/<str:area>/buat/", certificates.start, name="start"),
    path(
        "piagam/<int:year>/<str:area>/penanda-tangan/",
        certificates.signatories,
        name="signatories",
    ),
    path("piagam/tugas/<int:pk>/", certificates.batch_page, name="batch"),
    path(
        "piagam/tugas/<int:pk>/status/", certificates.batch_status, name="batch_status"
    ),
    path("piagam/tugas/<int:pk>/zip/", certificates.zip_download, name="zip"),
    path("piagam/sertifikat/<int:pk>/pdf/", certificates.pdf_download, name="pdf"),
    path("piagam/sertifikat/<int:pk>/cabut/", certificates.revoke, name="revoke"),
]
