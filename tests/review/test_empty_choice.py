"""Every list where one item must be picked starts with the same blank entry."""

import re
from pathlib import Path

import pytest
from django import forms

from nominations.forms.rounds import (
    ActionForm,
    AddCandidatesForm,
    ScheduleForm,
    SlotForm,
)
from participants.forms.report import VillageLineForm, VulnerableLineForm
from review.numbers import EMPTY_CHOICE
from scoring.forms import MemberForm

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
BLANK_OPTION = re.compile(r'<option value="">(.*?)</option>')
# Blank entries of filters ("All …") and of optional tie-break rows mean something
# else than "pick one", so they say so.
OTHER_MEANINGS = ('{% translate "All categories" %}', '{% translate "— none —" %}')


def blank_label(field: forms.Field) -> str | None:
    """What the blank first entry of a single choice list reads, if it has one."""
    if isinstance(field, forms.ModelMultipleChoiceField):
        return None
    if isinstance(field, forms.ModelChoiceField):
        return str(field.empty_label)
    if isinstance(field, forms.ChoiceField) and field.choices[0][0] == "":  # type: ignore[index]
        return str(field.choices[0][1])  # type: ignore[index]
    return None


@pytest.mark.parametrize(
    "form_class",
    [
        VulnerableLineForm,
        VillageLineForm,
        AddCandidatesForm,
        SlotForm,
        ScheduleForm,
        MemberForm,
        ActionForm,
    ],
)
def test_form_blank_choices_read_choose(form_class):
    fields = form_class.base_fields.values()

    labels = {blank_label(field) for field in fields} - {None}

    assert labels == {str(EMPTY_CHOICE)}


def test_templates_word_blank_options_as_choose():
    wordings = {
        label
        for path in TEMPLATES.rglob("*.html")
        for label in BLANK_OPTION.findall(path.read_text())
    }

    assert wordings - set(OTHER_MEANINGS) == {'{% translate "— choose —" %}'}
    assert not any("---------" in p.read_text() for p in TEMPLATES.rglob("*.html"))
