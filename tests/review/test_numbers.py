"""The kernel's number fields, shared by every entry page."""

from decimal import Decimal

import pytest
from django import forms

from review.numbers import IndonesianIntegerField, PercentField


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("95,5", Decimal("95.5")),
        ("95.5", Decimal("95.5")),
        (" 95,5 %", Decimal("95.5")),
        ("100", Decimal(100)),
        ("", None),
        (" % ", None),
    ],
)
def test_a_percentage_is_read_with_a_comma_or_a_dot(typed, value):
    assert PercentField(label="Tepat waktu").clean(typed) == value


@pytest.mark.parametrize("typed", ["95,555", "٩٥", "abc", "1.000,5", "9" * 50])
def test_anything_else_is_refused_naming_the_field(typed, english):
    with pytest.raises(forms.ValidationError) as refused:
        PercentField(label="on time").clean(typed)

    assert refused.value.messages == [
        "On time: enter a percentage such as 95,5 (at most two decimals)."
    ]


@pytest.mark.parametrize(
    ("field", "inputmode"),
    [(PercentField(), "decimal"), (IndonesianIntegerField(), "numeric")],
)
def test_number_inputs_open_the_right_keypad(field, inputmode):
    attrs = field.widget_attrs(field.widget)

    assert attrs["inputmode"] == inputmode
    assert attrs["class"] == "input-number"
    assert field.required is False
