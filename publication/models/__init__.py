"""Models of the publication app: releases of ranking runs (and, in their own
modules, certificates)."""

from publication.models.releases import Release, ReleaseError

__all__ = ["Release", "ReleaseError"]
