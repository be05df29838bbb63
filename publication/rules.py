"""Who may do what in publication. The public reads what is released and past its
embargo without signing in; the national admin publishes national results and any
province's, a provincial committee its own province's."""

import rules

from accounts.rules import is_national_admin, is_provincial_committee
from nominations.rules import committee_of

rules.add_perm("publication.publish_release", is_national_admin | committee_of)
# Embargoed releases and the publishing pages of a scope.
rules.add_perm("publication.view_unreleased", is_national_admin | committee_of)

# Publishing pages (issue 12, point 1): the list of releases a user manages, for the
# national admin (every release) and a provincial committee (its province's).
rules.add_perm(
    "publication.manage_releases", is_national_admin | is_provincial_committee
)
# Certificates (piagam): a round's certificates, batches, downloads and signatories
# are the national admin's (the national round and any province's) and the
# committee's of the province; revoking is the national admin's.
rules.add_perm("publication.manage_certificates", is_national_admin | committee_of)
rules.add_perm("publication.revoke_certificate", is_national_admin)
