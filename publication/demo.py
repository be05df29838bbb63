"""Demo certificates: two winners of the demo edition get theirs, one of which is
revoked, so the verification page shows both states."""

from django.db import transaction

from nominations.models import Candidate, Edition
from publication.models import Certificate
from publication.services.certificates import (
    PROVINCIAL_WINNERS,
    issue_one,
    render_certificate,
    revoke_as,
)

DEMO_REASON = (
    "Dicabut untuk demonstrasi: data pemenang dikoreksi setelah piagam diterbitkan."
)


def demo_winners(count: int = 2) -> list[Candidate]:
    """The first provincial winners (juara 1–3) of the newest edition."""
    edition = Edition.objects.order_by("-award_year").first()
    return list(
        Candidate.objects.filter(
            edition=edition,
            status__in=PROVINCIAL_WINNERS,
            provincial_rank__in=(1, 2, 3),
        )
        .select_related("edition", "category", "province", "regency", "village")
        .order_by("province_id", "category_id", "provincial_rank")[:count]
    )


def issue_demo_certificates() -> list[Certificate]:
    """Issue and render the certificates of two demo winners, synchronously, and
    revoke the second; returns them (none when there are no winners). Run again,
    it keeps what it made."""
    made = []
    for candidate in demo_winners():
        with transaction.atomic():
            Edition.objects.select_for_update().get(pk=candidate.edition_id)
            certificate = issue_one(candidate, candidate.province, demo=True)
        render_certificate(certificate)
        made.append(certificate)
    if len(made) == 2 and not made[1].is_revoked:
        made[1] = revoke_as(made[1], by=None, reason=DEMO_REASON)
    return made
