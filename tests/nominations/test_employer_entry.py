"""Adding and changing employers in the portal (nominations.views.employers,
nominations.forms.employers): a branch officer for the kab/kota its branch serves,
the national admin anywhere (choosing a branch that serves the kab/kota); the NPP
is 6 to 20 digits or capitals; crafted input answers 400."""

import pytest
from django.conf import settings
from django.utils import translation

from nominations.models import Employer
from tests.factories import EmployerFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

ADD = "/nominasi/pemberi-kerja/baru/"
LIST = "/nominasi/pemberi-kerja/"


def _signed_in(client, world, key):
    user = world.users[key]
    user.language = "en"
    user.save(update_fields=["language"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(user)
    return client


def _form(world, **changed):
    return {
        "npp": "12345678",
        "name": "PT Angso Duo Sejahtera",
        "regency": world.reg_a2.pk,
        "sector": "manufaktur",
        "scale": "besar",
        **changed,
    }


def _employers():
    return list(Employer.objects.values_list("npp", "name", "regency", "branch"))


def test_branch_officer_adds_an_employer_of_the_branch(client, world):
    officer = _signed_in(client, world, "petugas_a")

    response = officer.post(ADD, _form(world, npp=" 1234abcd "))

    assert (response.status_code, _employers()) == (
        302,
        [("1234ABCD", "PT Angso Duo Sejahtera", "15.71", world.branch_a.pk)],
    )


def test_branch_officer_cannot_add_an_employer_outside_the_area(client, world):
    officer = _signed_in(client, world, "petugas_a2")  # KC Kerinci: 15.01 only

    response = officer.post(ADD, _form(world))

    assert (
        response.status_code,
        list(response.context["form"].errors),
        _employers(),
    ) == (400, ["regency"], [])


@pytest.mark.parametrize(
    ("npp", "error"),
    [
        ("12-34", "6 to 20 digits or capitals."),
        ("١٢٣٤٥٦٧٨", "6 to 20 digits or capitals."),
        ("1" * 21, "Ensure this value has at most 20 characters (it has 21)."),
        ("1234\x005678", "Null characters are not allowed."),
    ],
)
def test_employer_form_refuses_a_malformed_npp(client, world, npp, error):
    officer = _signed_in(client, world, "petugas_a")

    response = officer.post(ADD, _form(world, npp=npp))

    with translation.override("en"):  # the messages are translated when read
        errors = [str(e) for e in response.context["form"].errors["npp"]]
    assert (response.status_code, errors) == (400, [error])


def test_employer_form_refuses_an_npp_already_registered(client, world):
    EmployerFactory(npp="12345678", regency=world.reg_a1, branch=world.branch_a)
    officer = _signed_in(client, world, "petugas_a")

    response = officer.post(ADD, _form(world))

    assert (response.status_code, Employer.objects.count()) == (400, 1)


@pytest.mark.parametrize(
    "changed",
    [
        {"regency": "99999999999999999999999"},
        {"regency": "15.71\x00"},
        {"name": "PT\x00Angso"},
        {"sector": "sihir"},
    ],
)
def test_employer_form_answers_crafted_input_with_400(client, world, changed):
    officer = _signed_in(client, world, "petugas_a")

    response = officer.post(ADD, _form(world, **changed))

    assert (response.status_code, _employers()) == (400, [])


def test_employer_form_answers_missing_keys_with_400(client, world):
    officer = _signed_in(client, world, "petugas_a")

    response = officer.post(ADD, {"npp": "12345678"})

    assert (response.status_code, _employers()) == (400, [])


def test_national_admin_chooses_a_branch_serving_the_kab_kota(client, world):
    admin = _signed_in(client, world, "admin")

    refused = admin.post(ADD, _form(world, branch=world.branch_b.pk))
    added = admin.post(ADD, _form(world, branch=world.branch_a.pk))

    assert (
        refused.status_code,
        refused.context["form"].errors["branch"],
        added.status_code,
        _employers(),
    ) == (
        400,
        ["KC Anambas does not serve Kota Jambi."],
        302,
        [("12345678", "PT Angso Duo Sejahtera", "15.71", world.branch_a.pk)],
    )


@pytest.mark.parametrize(
    "key", ["verifikator_cabang_a", "verifikator_kanwil_a", "panitia_a", "penilai"]
)
def test_only_branch_officers_and_the_national_admin_add_employers(client, world, key):
    user = _signed_in(client, world, key)

    response = user.post(ADD, _form(world))

    assert (response.status_code, _employers()) == (403, [])


def test_branch_officer_edits_an_employer_of_the_branch_keeping_its_npp(client, world):
    employer = EmployerFactory(
        npp="12345678", regency=world.reg_a1, branch=world.branch_a
    )
    officer = _signed_in(client, world, "petugas_a")

    response = officer.post(
        f"{LIST}12345678/ubah/", _form(world, npp="87654321", name="PT Baru")
    )

    employer.refresh_from_db()
    assert (response.status_code, employer.npp, employer.name, employer.regency_id) == (
        302,
        "12345678",
        "PT Baru",
        "15.71",
    )


@pytest.mark.parametrize("key", ["petugas_a2", "petugas_b", "verifikator_cabang_a"])
def test_employer_edit_outside_the_user_area_is_not_found(client, world, key):
    EmployerFactory(npp="12345678", regency=world.reg_a1, branch=world.branch_a)
    user = _signed_in(client, world, key)

    response = user.get(f"{LIST}12345678/ubah/")

    assert response.status_code == 404


def test_empty_employer_list_offers_the_branch_officer_to_add_one(client, world):
    officer = _signed_in(client, world, "petugas_a")

    page = officer.get(LIST).content.decode()

    assert (f'href="{ADD}"' in page, "No employer is registered" in page) == (
        True,
        True,
    )


def test_employer_list_offers_a_verifier_no_adding(client, world):
    verifier = _signed_in(client, world, "verifikator_cabang_a")

    page = verifier.get(LIST).content.decode()

    assert f'href="{ADD}"' not in page


@pytest.mark.parametrize("count", [1, 3])
def test_employer_list_queries_do_not_grow_with_employers(
    client, world, count, django_assert_max_num_queries
):
    EmployerFactory.create_batch(count, regency=world.reg_a1, branch=world.branch_a)
    officer = _signed_in(client, world, "petugas_a")

    with django_assert_max_num_queries(12):
        response = officer.get(LIST)

    assert len(response.context["rows"]) == count
