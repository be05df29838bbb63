import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import User
from tests.factories import (
    BranchFactory,
    KanwilFactory,
    ProvinceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

Role = User.Role


def scoped_user(role: str, *scopes: str) -> User:
    """An unsaved user with the given role and a new province, branch or Kanwil."""
    factories = {
        "province": ProvinceFactory,
        "branch": BranchFactory,
        "kanwil": KanwilFactory,
    }
    fields = {scope: factories[scope]() for scope in scopes}
    return User(username=f"{role or 'none'}-{'-'.join(scopes)}", role=role, **fields)


MISMATCHES = [
    (Role.PETUGAS_CABANG, ()),
    (Role.PETUGAS_CABANG, ("kanwil",)),
    (Role.PETUGAS_CABANG, ("branch", "province")),
    (Role.PANITIA_PROVINSI, ()),
    (Role.PANITIA_PROVINSI, ("branch",)),
    (Role.VERIFIKATOR, ()),
    (Role.VERIFIKATOR, ("branch", "kanwil")),
    (Role.VERIFIKATOR, ("province",)),
    (Role.ADMIN_NASIONAL, ("kanwil",)),
    (Role.PENILAI, ("province",)),
    ("", ("branch",)),
]
MATCHES = [
    (Role.PETUGAS_CABANG, ("branch",)),
    (Role.PANITIA_PROVINSI, ("province",)),
    (Role.VERIFIKATOR, ("branch",)),
    (Role.VERIFIKATOR, ("kanwil",)),
    (Role.ADMIN_NASIONAL, ()),
    (Role.PENILAI, ()),
    ("", ()),
]


def case_id(case: tuple[str, tuple[str, ...]]) -> str:
    role, scopes = case
    return f"{role or 'no role'} with {'+'.join(scopes) or 'nothing'}"


@pytest.mark.parametrize(
    ("role", "scopes"), MISMATCHES, ids=[case_id(c) for c in MISMATCHES]
)
def test_user_save_with_scope_not_matching_role_raises_integrity_error(role, scopes):
    user = scoped_user(role, *scopes)

    with pytest.raises(IntegrityError), transaction.atomic():
        user.save()

    assert User.objects.count() == 0


@pytest.mark.parametrize(("role", "scopes"), MATCHES, ids=[case_id(c) for c in MATCHES])
def test_user_save_with_scope_matching_role_is_stored(role, scopes):
    user = scoped_user(role, *scopes)

    user.save()

    assert list(User.objects.values_list("role", flat=True)) == [role]


@pytest.mark.usefixtures("english")
def test_user_full_clean_explains_scope_mismatch():
    user = scoped_user(Role.PANITIA_PROVINSI)
    user.set_password("x")

    with pytest.raises(ValidationError) as error:
        user.full_clean()

    assert error.value.messages == [
        "A provincial committee needs a province, a branch officer a branch, a "
        "verifier a branch or a regional office; other roles have none."
    ]


@pytest.mark.parametrize(
    ("user_key", "expected"),
    [
        ("admin", lambda w: None),
        ("superuser", lambda w: None),
        ("penilai", lambda w: None),
        ("no_role", lambda w: None),
        ("panitia_a", lambda w: ("province", "15")),
        ("petugas_b", lambda w: ("branch", w.branch_b.pk)),
        ("verifikator_cabang_a", lambda w: ("branch", w.branch_a.pk)),
        ("verifikator_kanwil_b", lambda w: ("kanwil", w.kanwil_b.pk)),
    ],
)
def test_user_region_scope_is_kind_and_id_of_the_area(world, user_key, expected):
    user = world.users[user_key]

    result = user.region_scope

    assert result == expected(world)


@pytest.mark.parametrize(
    ("user_key", "is_national"),
    [
        ("admin", True),
        ("superuser", True),
        ("penilai", False),
        ("panitia_a", False),
        ("verifikator_kanwil_a", False),
    ],
)
def test_user_is_national_for_national_admin_and_superuser(
    world, user_key, is_national
):
    user = world.users[user_key]

    assert user.is_national is is_national


@pytest.mark.parametrize(
    ("user_key", "label"),
    [
        ("admin", ""),
        ("panitia_a", "Jambi"),
        ("petugas_a", "KC Jambi"),
        ("verifikator_kanwil_b", "Kanwil Sumbarriau"),
    ],
)
def test_user_scope_label_names_the_area(world, user_key, label):
    user = world.users[user_key]

    assert user.scope_label == label


def test_user_factory_traits_give_role_and_scope():
    users = [
        UserFactory(admin=True),
        UserFactory(panitia=True),
        UserFactory(penilai=True),
        UserFactory(petugas=True),
        UserFactory(verifikator_cabang=True),
        UserFactory(verifikator_kanwil=True),
    ]

    scopes = [(u.role, u.region_scope and u.region_scope[0]) for u in users]

    assert scopes == [
        ("admin_nasional", None),
        ("panitia_provinsi", "province"),
        ("penilai", None),
        ("petugas_cabang", "branch"),
        ("verifikator", "branch"),
        ("verifikator", "kanwil"),
    ]
