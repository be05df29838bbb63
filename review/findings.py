"""What validation finds in a reviewed record: errors block saving; warnings let the
record be saved but need a written explanation before it is submitted."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Finding:
    """One broken rule: where, which rule, and what to tell the person."""

    path: str
    rule: str
    message: str
    is_warning: bool = False
    # The values the message names, so that it can be put into words again in
    # another language (uploads keep them); not part of what the finding is.
    params: dict[str, Any] | None = field(default=None, compare=False)


def errors(findings: Iterable[Finding]) -> list[Finding]:
    return [finding for finding in findings if not finding.is_warning]


def warnings(findings: Iterable[Finding]) -> list[Finding]:
    return [finding for finding in findings if finding.is_warning]
