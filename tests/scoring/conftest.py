import copy
import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from nominations.models import Candidate, Stage, SubjectType
from scoring.models import Declaration, PanelMember
from scoring.services.methodology import create_methodology
from tests.factories import (
    CandidateFactory,
    CategoryFactory,
    EditionFactory,
    EmployerFactory,
    ProvincialRoundFactory,
    UserFactory,
)
from tests.factories.scoring import PanelFactory, PanelMemberFactory

SHIPPED = Path(__file__).resolve().parents[2] / "scoring" / "methodologies"


def shipped(name: str) -> dict[str, Any]:
    return json.loads((SHIPPED / f"{name}.json").read_text(encoding="utf-8"))


@pytest.fixture
def document() -> dict[str, Any]:
    """The illustrative kab/kota methodology as a fresh, valid document."""
    return copy.deepcopy(shipped("kab_kota"))


@pytest.fixture
def category(db):
    return CategoryFactory()


@pytest.fixture
def methodology(category, document):
    return create_methodology(document, category=category, tier=Stage.Tier.PROVINCIAL)


S = Candidate.Status
R = PanelMember.Role


@pytest.fixture
def panels(world) -> SimpleNamespace:
    """Jambi's (15) Tim 9, Kepri's (21) Tim 9 and the national jury of one edition.

    Jambi's shortlist: a1 (15.01), a2 (15.71), desa_a1 (in 15.01), employer_a (PT in
    15.01), prov_a (Jambi); a candidate not shortlisted (15.71, another category).
    Kepri: b1 (21.05). prov_a and b1 advanced: the national jury scores them.
    Jambi's members: chair (of the province: no conflict at this tier),
    secretary, plain member, one of Kab. Kerinci (15.01), one of the employer, and
    one who declared a conflict with a2. The national jury: a member of Jambi
    (province) and one of Kab. Kepulauan Anambas (21.05).
    """
    p = SimpleNamespace(world=world, users=dict(world.users))
    p.edition = EditionFactory()
    p.round_a = ProvincialRoundFactory(edition=p.edition, province=world.prov_a)
    p.round_b = ProvincialRoundFactory(edition=p.edition, province=world.prov_b)
    p.employer = EmployerFactory(regency=world.reg_a1, branch=world.branch_a2)
    kab = CategoryFactory(edition=p.edition, subject_type=SubjectType.KAB_KOTA)

    def cand(status=S.SHORTLISTED, **subject):
        return CandidateFactory(category=kab, status=status, **subject)

    p.a1 = cand(regency=world.reg_a1)
    p.a2 = cand(regency=world.reg_a2)
    p.b1 = cand(regency=world.reg_b1, status=S.ADVANCED)
    p.desa_a1 = CandidateFactory(
        category=CategoryFactory(edition=p.edition, subject_type=SubjectType.DESA),
        regency=None,
        village=world.vil_a1,
        province=world.prov_a,
        status=S.INTERVIEWED,
    )
    p.employer_a = CandidateFactory(
        category=CategoryFactory(
            edition=p.edition, subject_type=SubjectType.BADAN_USAHA
        ),
        regency=None,
        employer=p.employer,
        status=S.SHORTLISTED,
    )
    p.prov_a = CandidateFactory(
        category=CategoryFactory(edition=p.edition, subject_type=SubjectType.PROVINSI),
        regency=None,
        province=world.prov_a,
        status=S.ADVANCED,
    )
    p.not_shortlisted = CandidateFactory(
        category=CategoryFactory(edition=p.edition), regency=world.reg_a2
    )
    p.panel_a = PanelFactory(round=p.round_a)
    p.panel_b = PanelFactory(round=p.round_b)
    p.jury = PanelFactory(round=None, edition=p.edition)

    def seat(key, panel, **fields):
        member = PanelMemberFactory(panel=panel, **fields)
        p.users[key] = member.user
        setattr(p, key, member)
        return member

    seat("chair", p.panel_a, role=R.CHAIR, province=world.prov_a, organisation="Setda")
    seat("secretary", p.panel_a, role=R.SECRETARY, organisation="BPJS Jambi")
    seat("member", p.panel_a)
    seat("kerinci", p.panel_a, regency=world.reg_a1, organisation="Pemkab Kerinci")
    seat("employee", p.panel_a, employer=p.employer, organisation="PT Contoh")
    seat("declarer", p.panel_a)
    Declaration.objects.create(
        member=p.declarer,
        candidate=p.a2,
        reason="Keluarga",
        declared_by=p.declarer.user,
    )
    seat("other_panel", p.panel_b)
    seat("juror_jambi", p.jury, province=world.prov_a, organisation="Kemnaker")
    seat("juror_kepri", p.jury, regency=world.reg_b1, organisation="Pemkab Anambas")
    p.users["panitia_a_inactive"] = UserFactory(
        panitia=True, province=world.prov_a, is_active=False
    )
    return p


@pytest.fixture(autouse=True)
def _messages_in_english(english):
    """Scoring's tests read the messages of services, models and commands in their
    English source text (pages choose their language per request)."""
