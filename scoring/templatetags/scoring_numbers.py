"""Ranking figures in the reader's number format, and reason codes as sentences.

Runs store their figures as canonical strings ("213682.46", "20.00 ÷ 100.00 ×
100.0000 = 20.0000") so that they verify digit for digit; pages show them the way
the active language writes numbers (213.682,46 in Bahasa Indonesia)."""

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.utils import formats

from scoring.reasons import reason_text

register = template.Library()

NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def _localized(text: str) -> str:
    return formats.localize(Decimal(text), use_l10n=True)


@register.filter
def figure(value: Any) -> Any:
    """A canonical decimal (string or Decimal) in the active language's format;
    anything else as it is."""
    if isinstance(value, Decimal):
        return formats.localize(value, use_l10n=True)
    if isinstance(value, str) and NUMBER.fullmatch(value):
        try:
            return _localized(value)
        except InvalidOperation:  # pragma: no cover - the pattern is a decimal
            return value
    return value


@register.filter
def formula(value: Any) -> str:
    """Every number of a formula in the active language's format."""
    return NUMBER.sub(lambda match: _localized(match.group()), str(value))


@register.filter
def reason(code: str) -> str:
    """The sentence of an engine reason code (`scoring.reasons`)."""
    return reason_text(code)
