"""factory_boy factories for panels and their members."""

import factory
from factory.django import DjangoModelFactory

from scoring.models import Panel, PanelMember
from tests.factories.accounts import UserFactory
from tests.factories.nominations import ProvincialRoundFactory


class PanelFactory(DjangoModelFactory):
    """A provincial round's Tim 9; `round=None` with an edition gives a national
    jury."""

    class Meta:
        model = Panel

    round = factory.SubFactory(ProvincialRoundFactory)
    edition = factory.LazyAttribute(lambda o: o.round.edition)


class PanelMemberFactory(DjangoModelFactory):
    class Meta:
        model = PanelMember

    panel = factory.SubFactory(PanelFactory)
    user = factory.SubFactory(UserFactory, penilai=True)
    organisation = "Universitas Jambi"
