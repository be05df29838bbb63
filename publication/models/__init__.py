"""Models of the publication app: releases of ranking runs and the certificates
of winners."""

from publication.models.certificates import Certificate, CertificateBatch, Signatory
from publication.models.releases import Release, ReleaseError

__all__ = ["Certificate", "CertificateBatch", "Release", "ReleaseError", "Signatory"]
