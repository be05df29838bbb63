"""The kernel of reviewed records, shared by every app that holds data people enter
and others approve: statuses, the reviewed-record base, status changes and audit
entries, the refusal exception, findings, Indonesian number fields, the year rule,
and the page helpers and template partials of review pages.

It imports none of the apps that use it (`participants`, `nominations`, `scoring`)."""
