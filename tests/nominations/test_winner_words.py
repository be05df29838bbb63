"""The places of a category read in English on English pages ("Winner 1"), as the
project names juara elsewhere ("Provincial winner"); Indonesian keeps "Juara"."""

import pytest
from django.template.loader import render_to_string

from nominations.forms.rounds import ActionForm
from publication.selectors import decision_label
from scoring.models import Decision
from tests.factories import CandidateFactory

pytestmark = pytest.mark.usefixtures("english")


def test_rank_choices_read_english():
    choices = [str(label) for _value, label in ActionForm().fields["rank"].choices]

    assert choices[1:] == ["Winner 1", "Winner 2", "Winner 3"]


@pytest.mark.django_db
def test_candidate_status_names_the_place_in_english():
    candidate = CandidateFactory(provincial_rank=2)

    badge = render_to_string(
        "nominations/_candidate_status.html", {"candidate": candidate}
    )

    assert "· Winner 2</span>" in badge


def test_published_decisions_read_english():
    labels = [
        decision_label({"outcome": "national_winner", "place": 1}),
        str(Decision.Outcome.PROVINCIAL_WINNER.label),
    ]

    assert labels == ["National winner 1", "Provincial winner"]
