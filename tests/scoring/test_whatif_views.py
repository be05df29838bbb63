"""The what-if pages: who may try and who may save, the page with and without
script, the JSON preview, hostile posts, and the links from the run and the
methodology pages."""

from decimal import Decimal

import pytest
from django.conf import settings

from scoring.adapter import Scope
from scoring.models import Methodology
from scoring.services.methodology import new_version
from scoring.services.runs import compute_run
from scoring.whatif import criteria_of, run_document
from tests.factories import RegulationFactory
from tests.scoring.rankings import kab_round, verify

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_user(client):
    def sign_in(user):
        client.force_login(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return sign_in


@pytest.fixture
def round_(world):
    """Three candidates; the one with the lowest coverage has a verified Perda, so
    the regulation weight puts it first."""
    r = kab_round(world.prov_a, size=3)
    verify(RegulationFactory(candidate=r.entries[0].candidate), r.verifier)
    return r


@pytest.fixture
def run(round_):
    return compute_run(Scope(round_.edition, round_.category, round_.province), "desk")


def url(run, suffix=""):
    return f"/penilaian/peringkat/{run.pk}/simulasi/{suffix}"


def form_of(run, **weights):
    """The page's form for the run's settings, with some weights changed."""
    data = {}
    for c in criteria_of(run_document(run)):
        code = c["code"]
        data[f"weight-{code}"] = weights.get(code.replace(".", "_"), c["weight"])
        data[f"normalisation-{code}"] = c["normalisation"]
        data[f"target-{code}"] = c["target"] or ""
        data[f"cap-{code}"] = c["cap"] or ""
    return data


# Without regulation weight the coverage decides: the Perda's candidate drops.
NO_REGULATION = {"REG_1": "0", "CAK_1": "30.00"}


def keys(round_, *indexes):
    return [str(round_.entries[i].candidate.pk) for i in indexes]


def test_the_page_shows_settings_ranking_and_save_for_the_admin(world, run, as_user):
    response = as_user(world.users["admin"]).get(url(run))

    text = response.content.decode()
    assert response.status_code == 200
    assert 'name="weight-REG.1" value="20.00"' in text
    assert '<option value="percentile" selected>' in text
    assert "Illustrative methodology." in text
    assert "Save as new methodology version" in text
    unmoved = '<span class="badge badge--draft" aria-hidden="true">=</span>'
    assert text.count(unmoved) == 3


def test_the_committee_tries_but_does_not_save(world, run, as_user):
    response = as_user(world.users["panitia_a"]).get(url(run))

    text = response.content.decode()
    assert response.status_code == 200
    assert "Save as new methodology version" not in text
    assert "Only the national admin saves" in text


@pytest.mark.parametrize("role", ["panitia_b", "penilai", "petugas_a"])
def test_others_are_refused(world, run, as_user, role):
    client = as_user(world.users[role])

    answers = [
        client.get(url(run)).status_code,
        client.post(url(run, "hitung.json"), form_of(run)).status_code,
        client.post(url(run, "simpan/"), form_of(run)).status_code,
    ]

    assert answers == [403, 403, 403]


def test_anonymous_is_sent_to_sign_in(client, run):
    response = client.get(url(run))

    assert response.status_code == 302
    assert response["Location"].startswith("/akun/masuk/")


def test_a_national_run_is_for_the_national_admin_only(world, as_user):
    r = kab_round(world.prov_a, size=1, award_year=2026)
    r.category.methodologies.update(tier="national")
    run = compute_run(Scope(r.edition, r.category, None), "desk")

    refused = as_user(world.users["panitia_a"]).get(url(run)).status_code
    allowed = as_user(world.users["admin"]).get(url(run)).status_code

    assert (refused, allowed) == (403, 200)


def test_recompute_without_script_shows_the_moves(world, round_, run, as_user):
    client = as_user(world.users["panitia_a"])

    response = client.post(url(run), form_of(run, **NO_REGULATION))

    text = response.content.decode()
    assert response.status_code == 200
    assert "▼2" in text
    assert "down 2 places" in text
    assert "▲1" in text
    assert "up 1 place<" in text
    assert Methodology.objects.count() == 1


def test_the_preview_answers_the_new_ranking_as_json(world, round_, run, as_user):
    client = as_user(world.users["admin"])

    response = client.post(url(run, "hitung.json"), form_of(run, **NO_REGULATION))

    data = response.json()
    moves = [(r["key"], r["old_rank"], r["new_rank"], r["arrow"]) for r in data["rows"]]
    assert moves == [
        (keys(round_, 2)[0], 2, 1, "▲1"),
        (keys(round_, 1)[0], 3, 2, "▲1"),
        (keys(round_, 0)[0], 1, 3, "▼2"),
    ]
    assert (data["weight_sum"], data["sums_to_hundred"], data["errors"]) == (
        "100.00",
        True,
        [],
    )


def test_the_preview_shows_a_weight_sum_off_100(world, run, as_user):
    client = as_user(world.users["admin"])

    response = client.post(url(run, "hitung.json"), form_of(run, REG_1="25"))

    assert (response.json()["weight_sum"], response.json()["sums_to_hundred"]) == (
        "105.00",
        False,
    )


def test_unchanged_settings_give_the_runs_ranking(world, run, as_user):
    client = as_user(world.users["admin"])

    data = client.post(url(run, "hitung.json"), form_of(run)).json()

    assert [
        (r["key"], r["new_rank"], r["arrow"], r["new_total"], r["old_total"])
        for r in data["rows"]
    ] == [
        (e["key"], e["rank"], "=", *[f"{Decimal(e['total']):.4f}"] * 2)
        for e in run.ranked
    ]


@pytest.mark.parametrize(
    "change",
    [
        {"weight-REG.1": "1" * 5000},
        {"weight-REG.1": "２０"},
        {"weight-REG.1": "20\x00"},
        {"normalisation-REG.1": "rubric_scale"},
        {"weight-NOPE": "10"},
    ],
)
def test_hostile_previews_are_refused_with_reasons(world, run, as_user, change):
    client = as_user(world.users["admin"])

    response = client.post(url(run, "hitung.json"), form_of(run) | change)

    assert response.status_code == 400
    assert len(response.json()["errors"]) == 1


def test_a_missing_field_is_refused(world, run, as_user):
    data = form_of(run)
    del data["normalisation-CAK.1"]

    response = as_user(world.users["admin"]).post(url(run, "hitung.json"), data)

    assert response.json() == {"errors": ["CAK.1: the normalisation is missing."]}


def test_the_preview_takes_only_posts(world, run, as_user):
    response = as_user(world.users["admin"]).get(url(run, "hitung.json"))

    assert response.status_code == 405


def test_a_refused_recompute_keeps_the_posted_values(world, run, as_user):
    client = as_user(world.users["admin"])

    response = client.post(url(run), form_of(run, REG_1="abc"))

    text = response.content.decode()
    assert response.status_code == 400
    assert 'name="weight-REG.1" value="abc"' in text
    assert "REG.1: the weight must be a number from 0 to 100" in text


def test_the_admin_saves_a_new_version(world, run, as_user):
    client = as_user(world.users["admin"])

    response = client.post(url(run, "simpan/"), form_of(run, **NO_REGULATION))

    saved = Methodology.objects.get(version=2)
    assert response["Location"] == saved.get_absolute_url()
    weights = dict(saved.aspects.values_list("criteria__code", "criteria__weight"))
    assert (weights["REG.1"], weights["CAK.1"]) == (Decimal("0.00"), Decimal("30.00"))
    followed = client.get(response["Location"]).content.decode()
    assert "Your weights are saved as version 2 of the methodology." in followed


def test_the_committee_cannot_save(world, run, as_user):
    client = as_user(world.users["panitia_a"])

    response = client.post(url(run, "simpan/"), form_of(run, **NO_REGULATION))

    assert response.status_code == 403
    assert Methodology.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ({"REG_1": "25"}, "they must sum to 100"),
        ({}, "Nothing changed"),
        ({"REG_1": "-5"}, "REG.1: the weight must be a number"),
    ],
)
def test_saving_refuses_bad_settings_and_writes_nothing(
    world, run, as_user, data, reason
):
    client = as_user(world.users["admin"])

    response = client.post(url(run, "simpan/"), form_of(run, **data))

    assert response.status_code == 400
    assert reason in response.content.decode()
    assert Methodology.objects.count() == 1


def test_a_newer_version_is_pointed_out(world, run, as_user):
    new_version(run.methodology)

    response = as_user(world.users["admin"]).get(url(run))

    assert "Version 2 of this methodology is newer than the run" in (
        response.content.decode()
    )


def test_the_run_page_links_to_the_what_if_page(world, run, as_user):
    response = as_user(world.users["panitia_a"]).get(run.get_absolute_url())

    assert f'href="{url(run)}"' in response.content.decode()


def test_the_methodology_page_leads_to_its_latest_run(world, run, as_user):
    client = as_user(world.users["admin"])
    page = client.get(run.methodology.get_absolute_url()).content.decode()
    link = f"/penilaian/metodologi/versi/{run.methodology.pk}/simulasi/"

    response = client.get(link)

    assert f'href="{link}"' in page
    assert response["Location"] == url(run)


def test_without_a_run_to_open_the_methodology_page_says_so(world, run, as_user):
    client = as_user(world.users["panitia_b"])

    response = client.get(
        f"/penilaian/metodologi/versi/{run.methodology.pk}/simulasi/", follow=True
    )

    assert response.redirect_chain[-1][0] == run.methodology.get_absolute_url()
    assert "No ranking run you may open used this version yet" in (
        response.content.decode()
    )


@pytest.mark.parametrize("size", [1, 3])
def test_the_page_takes_a_fixed_number_of_queries(
    world, as_user, django_assert_max_num_queries, size
):
    r = kab_round(world.prov_a, size=size)
    run = compute_run(Scope(r.edition, r.category, r.province), "desk")
    client = as_user(world.users["admin"])

    with django_assert_max_num_queries(13):
        response = client.get(url(run))

    assert response.status_code == 200


def test_the_page_takes_no_other_method(world, run, as_user):
    response = as_user(world.users["admin"]).put(url(run))

    assert response.status_code == 405
