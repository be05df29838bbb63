"""Form fields of every entry page: numbers typed the Indonesian way (1.234.567,
or 1,234,567 in English; percentages 95,5 or 95.5) and choice lists with a blank
first entry."""

import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.formats import get_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

NUMBER_MAX = 10**15  # far above any count or rupiah sum, far below the column's limit
NUMBER_MAX_LENGTH = 40  # characters: room for separators and spaces around 10**15
SPACES = re.compile(r"[\s\u00a0\u202f]+")
MINUS = ("-", "\u2212")
# The blank first entry of every list where one item must be picked, in every app.
EMPTY_CHOICE = _("— choose —")
DIGITS_AND_SEPARATORS = re.compile(r"[0-9.,]+")
PERCENT = re.compile(r"-?[0-9]{1,3}(?:[.,][0-9]{1,2})?")


class NegativeNumberError(ValueError):
    """The text is a number below zero."""


class NumberTooLargeError(ValueError):
    """The text is far longer than any number the portal stores."""


def whole_number(text: object, *, max_digits: int = 18) -> int | None:
    """The int written by 1 to `max_digits` ASCII digits (0-9); None for anything
    else. One rule for ids, years and codes in paths, queries, bodies and cells:
    `str.isdigit()` takes ² and `int()` takes ٣ or ３, which nobody types here."""
    if not isinstance(text, str) or not 0 < len(text) <= max_digits:
        return None
    return int(text) if text.isascii() and text.isdigit() else None


def parse_integer(text: str, separators: Iterable[str] = (".",)) -> int:
    """'1.234.567', '1234567' or ' 1 234 567 ' → 1234567. Thousands are grouped by a
    dot (or another given separator) in threes; only the digits 0-9 count; anything
    else raises ValueError (NegativeNumberError below zero)."""
    compact = SPACES.sub("", text)
    if len(compact) > NUMBER_MAX_LENGTH:
        if DIGITS_AND_SEPARATORS.fullmatch(compact):
            raise NumberTooLargeError(text)
        raise ValueError(text)
    if compact.startswith(MINUS):
        _unsigned(compact[1:], separators)  # "-abc" is not a number at all
        raise NegativeNumberError(text)
    return _unsigned(compact, separators)


def _unsigned(compact: str, separators: Iterable[str]) -> int:
    if compact.isascii() and compact.isdigit():
        return int(compact)
    for separator in separators:
        pattern = r"[0-9]{1,3}(?:" + re.escape(separator) + r"[0-9]{3})+"
        if compact.isascii() and re.fullmatch(pattern, compact):
            return int(compact.replace(separator, ""))
    raise ValueError(compact)


def thousand_separators() -> tuple[str, ...]:
    """The dot, and the active language's separator (a comma in English)."""
    return tuple(dict.fromkeys([".", str(get_format("THOUSAND_SEPARATOR"))]))


class TypedNumberField(forms.Field):
    """What the portal's number inputs share: optional (blank is None, not
    reported, never zero), localized, a text input with a numeric keypad, and
    errors that name the field."""

    widget = forms.TextInput
    inputmode = "numeric"

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("localize", True)
        super().__init__(**kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs.update(
            {
                "inputmode": self.inputmode,
                "autocomplete": "off",
                "class": "input-number",
            }
        )
        return attrs

    def _error(self, code: str) -> forms.ValidationError:
        return forms.ValidationError(
            self.error_messages[code],
            code=code,
            params={"field": capfirst(self.label or _("This value"))},
        )


class IndonesianIntegerField(TypedNumberField, forms.IntegerField):
    """A whole number as people type it in Indonesia: 1.234.567. Shown with
    thousand separators."""

    default_error_messages = {
        "invalid": _(
            "%(field)s: enter a whole number such as 1.234.567 (dots between "
            "thousands, no decimals)."
        ),
        "negative": _("%(field)s: cannot be negative."),
        "too_large": _("%(field)s: this number is too large."),
    }

    def to_python(self, value: Any) -> int | None:
        if value in self.empty_values:
            return None
        if isinstance(value, int):
            return value
        text = str(value).strip()
        if not text:
            return None
        try:
            number = parse_integer(text, thousand_separators())
        except NegativeNumberError:
            raise self._error("negative") from None
        except NumberTooLargeError:
            raise self._error("too_large") from None
        except ValueError:
            raise self._error("invalid") from None
        if number > NUMBER_MAX:
            raise self._error("too_large")
        return number


class PercentField(TypedNumberField, forms.DecimalField):
    """A percentage with at most two decimals, the decimal mark a comma or a dot
    (95,5 or 95.5); a trailing % is allowed. The 0–100 range is the service's
    rule, so it is not repeated here."""

    inputmode = "decimal"
    default_error_messages = {
        "invalid": _(
            "%(field)s: enter a percentage such as 95,5 (at most two decimals)."
        ),
    }

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        text = SPACES.sub("", str(value)).removesuffix("%")
        if not text:
            return None
        if not (text.isascii() and PERCENT.fullmatch(text)):
            raise self._error("invalid")
        return Decimal(text.replace(",", "."))


class WholeNumberField(forms.IntegerField):
    """A whole number written in the digits 0-9 (Django's own field also takes ٣
    and ３); for query filters and hidden version fields."""

    def to_python(self, value: Any) -> int | None:
        if isinstance(value, str) and value.strip() and not value.isascii():
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


def with_blank(
    choices: list[tuple[Any, Any]], blank: Any = EMPTY_CHOICE
) -> list[tuple[Any, Any]]:
    """`choices` after a blank entry: "— choose —" unless a filter words it ("All
    years")."""
    return [("", blank), *choices]
