"""Award permissions (nominations.rules) for every role of the `world`, in and out of
scope: each case lists exactly the users who hold the permission on the object.

Area A is province 15 (Kanwil A; 15.01 served by KC Jambi and KC Kerinci, 15.71 by KC
Jambi; province reports by KC Jambi), area B province 21 (Kanwil B; 21.05 by KC
Anambas). The employer is in 15.01 and registered at KC Kerinci."""

import pytest

from nominations.models import SubjectType
from tests.factories import (
    CandidateFactory,
    CategoryFactory,
    EditionFactory,
    EmployerFactory,
    ProvincialRoundFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

NATIONAL = {"admin", "superuser"}
COMMITTEE_A = NATIONAL | {"panitia_a"}
COMMITTEE_B = NATIONAL | {"panitia_b"}
# Who sees each candidate: its committee, the branches serving it, its Kanwil.
SEES = {
    "cand_a1": COMMITTEE_A
    | {"petugas_a", "petugas_a2", "verifikator_cabang_a", "verifikator_kanwil_a"},
    "cand_a2": COMMITTEE_A
    | {"petugas_a", "verifikator_cabang_a", "verifikator_kanwil_a"},
    "cand_b1": COMMITTEE_B
    | {"petugas_b", "verifikator_cabang_b", "verifikator_kanwil_b"},
    "cand_desa_a1": COMMITTEE_A
    | {"petugas_a", "petugas_a2", "verifikator_cabang_a", "verifikator_kanwil_a"},
    "cand_prov_a": COMMITTEE_A
    | {"petugas_a", "verifikator_cabang_a", "verifikator_kanwil_a"},
    "cand_employer_a": COMMITTEE_A | {"petugas_a2", "verifikator_kanwil_a"},
}
VERIFIERS = NATIONAL | {
    "verifikator_cabang_a",
    "verifikator_cabang_b",
    "verifikator_kanwil_a",
    "verifikator_kanwil_b",
}
COMMITTEE_OF = {
    "cand_a1": COMMITTEE_A,
    "cand_a2": COMMITTEE_A,
    "cand_b1": COMMITTEE_B,
    "cand_desa_a1": COMMITTEE_A,
    "cand_prov_a": COMMITTEE_A,
    "cand_employer_a": COMMITTEE_A,
}
BRANCH_STAFF = {"petugas_a", "petugas_a2", "petugas_b"}
# Who follows each province's round: its committee, its branches, its Kanwil.
FOLLOWS = {
    "prov_a": COMMITTEE_A
    | {"petugas_a", "petugas_a2", "verifikator_cabang_a", "verifikator_kanwil_a"},
    "prov_b": COMMITTEE_B
    | {"petugas_b", "verifikator_cabang_b", "verifikator_kanwil_b"},
}
MATRIX = [
    ("view_editions", None, FOLLOWS["prov_a"] | FOLLOWS["prov_b"]),
    ("view_round", "prov_a", FOLLOWS["prov_a"]),
    ("view_round", "prov_b", FOLLOWS["prov_b"]),
    ("view_round", None, {"superuser"}),
    ("follow_compliance", None, VERIFIERS | BRANCH_STAFF),
    ("run_round", "prov_a", COMMITTEE_A),
    ("run_round", "prov_b", COMMITTEE_B),
    ("run_round", "round_a", COMMITTEE_A),
    ("run_round", "cand_a1", COMMITTEE_A),
    ("run_round", "cand_b1", COMMITTEE_B),
    ("run_round", None, NATIONAL),
    *[("view_candidate", key, users) for key, users in SEES.items()],
    ("view_candidate", None, NATIONAL),
    *[("edit_dossier", key, users) for key, users in COMMITTEE_OF.items()],
    *[("verify_dossier", key, users & VERIFIERS) for key, users in SEES.items()],
    ("verify_dossier", None, NATIONAL),
]


@pytest.fixture
def users(world):
    """Every user of the world, plus deactivated national admin and committee."""
    return {
        **world.users,
        "admin_inactive": UserFactory(admin=True, is_active=False),
        "panitia_a_inactive": UserFactory(
            panitia=True, province=world.prov_a, is_active=False
        ),
    }


@pytest.fixture
def objects(world):
    world.prov_a.reporting_branch = world.branch_a
    world.prov_a.save()
    employer = EmployerFactory(regency=world.reg_a1, branch=world.branch_a2)
    edition = EditionFactory()
    return {
        None: None,
        "prov_a": world.prov_a,
        "prov_b": world.prov_b,
        "round_a": ProvincialRoundFactory(edition=edition, province=world.prov_a),
        "cand_a1": CandidateFactory(category__edition=edition, regency=world.reg_a1),
        "cand_a2": CandidateFactory(category__edition=edition, regency=world.reg_a2),
        "cand_b1": CandidateFactory(category__edition=edition, regency=world.reg_b1),
        "cand_desa_a1": CandidateFactory(
            category=CategoryFactory(edition=edition, subject_type=SubjectType.DESA),
            regency=None,
            village=world.vil_a1,
            province=world.prov_a,
        ),
        "cand_prov_a": CandidateFactory(
            category=CategoryFactory(
                edition=edition, subject_type=SubjectType.PROVINSI
            ),
            regency=None,
            province=world.prov_a,
        ),
        "cand_employer_a": CandidateFactory(
            category=CategoryFactory(
                edition=edition, subject_type=SubjectType.BADAN_USAHA
            ),
            regency=None,
            employer=employer,
        ),
    }


@pytest.mark.parametrize(
    ("perm", "object_key", "expected"),
    MATRIX,
    ids=[f"{perm}-{key}" for perm, key, _users in MATRIX],
)
def test_nominations_permission_matrix(users, objects, perm, object_key, expected):
    obj = objects[object_key]

    granted = {
        key for key, user in users.items() if user.has_perm(f"nominations.{perm}", obj)
    }

    assert granted == expected
