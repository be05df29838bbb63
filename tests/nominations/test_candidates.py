"""Adding candidates and the guards of `take_action` (nominations.services.candidates):
approved data before shortlisting, ranks, the advance limit, the national tier, each
committee in its own province, closed editions. Regions come from the `world`: province
15 (Jambi: 15.01 Kabupaten Kerinci, 15.71 Kota Jambi) and province 21 (21.05). The
edition is 2025, assessing 2024."""

import pytest
from django.core.exceptions import PermissionDenied

from nominations.models import Candidate, CandidateStep, Edition, SubjectType
from nominations.services.candidates import (
    add_candidates,
    has_approved_data,
    take_action,
)
from review.models import ReviewStatus
from review.workflow import ReviewError
from tests.factories import (
    CandidateFactory,
    CategoryFactory,
    CoverageReportFactory,
    EditionFactory,
    EmployerComplianceFactory,
    EmployerFactory,
    ProvincialRoundFactory,
    RegencyFactory,
    ZoneFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

S = Candidate.Status
APPROVED = ReviewStatus.APPROVED


def _subjects(candidates):
    return [(c.province, c.regency, c.village, c.employer) for c in candidates]


def _written():
    return (Candidate.objects.count(), CandidateStep.objects.count())


def _state(candidate):
    candidate.refresh_from_db()
    return (candidate.status, candidate.provincial_rank, candidate.steps.count())


def _desa_candidate(world):
    category = CategoryFactory(subject_type=SubjectType.DESA)
    return CandidateFactory(
        category=category, regency=None, village=world.vil_a1, province=world.prov_a
    )


def _employer_candidate(world):
    category = CategoryFactory(subject_type=SubjectType.BADAN_USAHA)
    employer = EmployerFactory(regency=world.reg_a1, branch=world.branch_a)
    return CandidateFactory(category=category, regency=None, employer=employer)


# add_candidates


def test_add_candidates_adds_every_active_kab_kota_of_the_province(world):
    RegencyFactory(code="15.02", province=world.prov_a, is_active=False)
    category = CategoryFactory()

    created = add_candidates(category, world.prov_a, by=world.users["panitia_a"])

    assert _subjects(created) == [
        (world.prov_a, world.reg_a1, None, None),
        (world.prov_a, world.reg_a2, None, None),
    ]


def test_add_candidates_records_an_add_step_for_each(world):
    category = CategoryFactory()
    committee = world.users["panitia_a"]

    created = add_candidates(category, world.prov_a, by=committee)

    steps = CandidateStep.objects.order_by("candidate__regency")
    assert [
        (s.candidate, s.action, s.from_status, s.to_status, s.by) for s in steps
    ] == [
        (created[0], "add", "", S.CANDIDATE, committee),
        (created[1], "add", "", S.CANDIDATE, committee),
    ]


def test_add_candidates_adds_only_the_selected_kab_kota(world):
    category = CategoryFactory()

    created = add_candidates(
        category, world.prov_a, by=world.users["panitia_a"], regencies=[world.reg_a2]
    )

    assert _subjects(created) == [(world.prov_a, world.reg_a2, None, None)]


def test_add_candidates_skips_subjects_that_are_candidates_already(world):
    category = CategoryFactory()
    existing = CandidateFactory(category=category, regency=world.reg_a1)

    created = add_candidates(category, world.prov_a, by=world.users["panitia_a"])

    assert (_subjects(created), list(category.candidates.all())) == (
        [(world.prov_a, world.reg_a2, None, None)],
        [existing, *created],
    )


def test_add_candidates_refuses_kab_kota_of_another_province(world):
    category = CategoryFactory()

    with pytest.raises(ReviewError) as refused:
        add_candidates(
            category,
            world.prov_a,
            by=world.users["admin"],
            regencies=[world.reg_a1, world.reg_b1],
        )

    assert (str(refused.value), _written()) == (
        "Choose kab/kota of this province only.",
        (0, 0),
    )


def test_add_candidates_of_a_province_category_adds_the_province(world):
    category = CategoryFactory(subject_type=SubjectType.PROVINSI)

    created = add_candidates(category, world.prov_a, by=world.users["panitia_a"])

    assert _subjects(created) == [(world.prov_a, None, None, None)]


def test_add_candidates_of_a_province_category_adds_it_once(world):
    category = CategoryFactory(subject_type=SubjectType.PROVINSI)
    add_candidates(category, world.prov_a, by=world.users["panitia_a"])

    again = add_candidates(category, world.prov_a, by=world.users["panitia_a"])

    assert (again, _written()) == ([], (1, 1))


def test_add_candidates_of_a_desa_category_adds_the_chosen_desa(world):
    category = CategoryFactory(subject_type=SubjectType.DESA)

    created = add_candidates(
        category, world.prov_a, by=world.users["panitia_a"], villages=[world.vil_a1]
    )

    assert _subjects(created) == [(world.prov_a, None, world.vil_a1, None)]


def test_add_candidates_refuses_desa_of_another_province(world):
    category = CategoryFactory(subject_type=SubjectType.DESA)

    with pytest.raises(ReviewError) as refused:
        add_candidates(
            category, world.prov_a, by=world.users["admin"], villages=[world.vil_b1]
        )

    assert (str(refused.value), _written()) == (
        "Choose desa of this province only.",
        (0, 0),
    )


def test_add_candidates_of_an_employer_category_adds_the_chosen_employers(world):
    category = CategoryFactory(subject_type=SubjectType.BADAN_USAHA)
    employer = EmployerFactory(regency=world.reg_a2, branch=world.branch_a)

    created = add_candidates(
        category, world.prov_a, by=world.users["panitia_a"], employers=[employer]
    )

    assert _subjects(created) == [(world.prov_a, None, None, employer)]


@pytest.mark.parametrize("subject_type", [SubjectType.BADAN_USAHA, SubjectType.DESA])
def test_add_candidates_without_a_selection_needs_one(world, subject_type):
    category = CategoryFactory(subject_type=subject_type)

    with pytest.raises(ReviewError) as refused:
        add_candidates(category, world.prov_a, by=world.users["panitia_a"])

    expected = {
        SubjectType.BADAN_USAHA: "Choose the employers to add.",
        SubjectType.DESA: "Choose the desa to add.",
    }
    assert (str(refused.value), _written()) == (expected[subject_type], (0, 0))


def test_add_candidates_refuses_employers_of_another_province(world):
    category = CategoryFactory(subject_type=SubjectType.BADAN_USAHA)
    ours = EmployerFactory(regency=world.reg_a1, branch=world.branch_a)
    theirs = EmployerFactory(regency=world.reg_b1, branch=world.branch_b)

    with pytest.raises(ReviewError) as refused:
        add_candidates(
            category, world.prov_a, by=world.users["admin"], employers=[ours, theirs]
        )

    assert (str(refused.value), _written()) == (
        "Choose employers located in this province only.",
        (0, 0),
    )


@pytest.mark.parametrize(
    "user_key", ["panitia_b", "petugas_a", "verifikator_kanwil_a", "penilai"]
)
def test_add_candidates_by_anyone_but_the_province_committee_is_denied(world, user_key):
    category = CategoryFactory()

    with pytest.raises(PermissionDenied):
        add_candidates(category, world.prov_a, by=world.users[user_key])

    assert _written() == (0, 0)


def test_add_candidates_by_the_national_admin_in_any_province(world):
    category = CategoryFactory()

    created = add_candidates(category, world.prov_b, by=world.users["admin"])

    assert _subjects(created) == [(world.prov_b, world.reg_b1, None, None)]


def test_add_candidates_to_a_closed_edition_is_refused(world):
    category = CategoryFactory(edition=EditionFactory(status=Edition.Status.CLOSED))

    with pytest.raises(ReviewError) as refused:
        add_candidates(category, world.prov_a, by=world.users["panitia_a"])

    assert (str(refused.value), _written()) == (
        f"The {category.edition} edition is closed: nothing in it can be changed "
        "any more.",
        (0, 0),
    )


# take_action: reasons


@pytest.mark.parametrize("reason", ["", "   "])
def test_take_action_return_needs_a_reason(world, reason):
    candidate = CandidateFactory(regency=world.reg_a1)

    with pytest.raises(ReviewError) as refused:
        take_action(candidate, "return", by=world.users["panitia_a"], reason=reason)

    assert (str(refused.value), _state(candidate)) == (
        "Give a reason, so that the region knows what to add.",
        (S.CANDIDATE, None, 0),
    )


# take_action: approved data before shortlisting


@pytest.mark.parametrize(
    ("regency_key", "year", "status"),
    [
        ("reg_a1", 2024, ReviewStatus.SUBMITTED),
        ("reg_a1", 2024, ReviewStatus.DRAFT),
        ("reg_a1", 2023, APPROVED),
        ("reg_a2", 2024, APPROVED),
    ],
    ids=["submitted", "draft", "other-year", "other-kab-kota"],
)
def test_take_action_shortlist_without_approved_data_is_refused(
    world, regency_key, year, status
):
    CoverageReportFactory(regency=getattr(world, regency_key), year=year, status=status)
    candidate = CandidateFactory(regency=world.reg_a1)

    with pytest.raises(ReviewError) as refused:
        take_action(candidate, "shortlist", by=world.users["panitia_a"])

    assert (str(refused.value), _state(candidate)) == (
        "Kabupaten Kerinci has no approved data for 2024 yet; it can be "
        "shortlisted once the data is approved.",
        (S.CANDIDATE, None, 0),
    )


def test_take_action_shortlist_with_data_approved_for_the_assessment_year(world):
    CoverageReportFactory(regency=world.reg_a1, year=2024, status=APPROVED)
    candidate = CandidateFactory(regency=world.reg_a1)

    take_action(candidate, "shortlist", by=world.users["panitia_a"])

    assert _state(candidate) == (S.SHORTLISTED, None, 1)


def test_take_action_shortlist_of_a_desa_uses_its_kab_kota_report(world):
    CoverageReportFactory(regency=world.reg_a1, year=2024, status=APPROVED)
    candidate = _desa_candidate(world)

    take_action(candidate, "shortlist", by=world.users["panitia_a"])

    assert _state(candidate) == (S.SHORTLISTED, None, 1)


def test_take_action_shortlist_of_an_employer_uses_its_compliance(world):
    candidate = _employer_candidate(world)
    EmployerComplianceFactory(employer=candidate.employer, year=2024, status=APPROVED)

    take_action(candidate, "shortlist", by=world.users["panitia_a"])

    assert _state(candidate) == (S.SHORTLISTED, None, 1)


def test_has_approved_data_of_a_desa_ignores_other_kab_kota(world):
    CoverageReportFactory(regency=world.reg_a2, year=2024, status=APPROVED)
    candidate = _desa_candidate(world)

    result = has_approved_data(candidate)

    assert result is False


@pytest.mark.parametrize(
    ("year", "status", "expected"),
    [
        (2024, APPROVED, True),
        (2024, ReviewStatus.SUBMITTED, False),
        (2023, APPROVED, False),
    ],
)
def test_has_approved_data_of_an_employer_is_its_compliance(
    world, year, status, expected
):
    candidate = _employer_candidate(world)
    EmployerComplianceFactory(employer=candidate.employer, year=year, status=status)
    # The kab/kota's coverage does not count for an employer.
    CoverageReportFactory(regency=world.reg_a1, year=2024, status=APPROVED)

    result = has_approved_data(candidate)

    assert result is expected


@pytest.mark.parametrize(
    ("own_report", "expected"), [(True, True), (False, False)], ids=["own", "kab-kota"]
)
def test_has_approved_data_of_a_province_is_its_own_report(world, own_report, expected):
    category = CategoryFactory(subject_type=SubjectType.PROVINSI)
    candidate = CandidateFactory(category=category, regency=None, province=world.prov_a)
    CoverageReportFactory(regency=world.reg_a1, year=2024, status=APPROVED)
    if own_report:
        CoverageReportFactory(
            regency=None, province=world.prov_a, year=2024, status=APPROVED
        )

    result = has_approved_data(candidate)

    assert result is expected


# take_action: ranks


@pytest.mark.parametrize("rank", [None, 0, 4])
def test_take_action_select_winner_needs_rank_one_to_three(world, rank):
    candidate = CandidateFactory(regency=world.reg_a1, status=S.INTERVIEWED)

    with pytest.raises(ReviewError) as refused:
        take_action(candidate, "select_winner", by=world.users["panitia_a"], rank=rank)

    assert (str(refused.value), _state(candidate)) == (
        "Choose the place: winner 1, 2 or 3.",
        (S.INTERVIEWED, None, 0),
    )


@pytest.mark.parametrize("rank", [1, 2, 3])
def test_take_action_select_winner_keeps_the_rank(world, rank):
    candidate = CandidateFactory(regency=world.reg_a1, status=S.INTERVIEWED)

    take_action(candidate, "select_winner", by=world.users["panitia_a"], rank=rank)

    assert _state(candidate) == (S.PROVINCIAL_WINNER, rank, 1)


def test_take_action_select_winner_refuses_a_rank_already_held(world):
    holder = CandidateFactory(
        regency=world.reg_a2, status=S.PROVINCIAL_WINNER, provincial_rank=1
    )
    candidate = CandidateFactory(
        category=holder.category, regency=world.reg_a1, status=S.INTERVIEWED
    )

    with pytest.raises(ReviewError) as refused:
        take_action(candidate, "select_winner", by=world.users["panitia_a"], rank=1)

    assert (str(refused.value), _state(candidate)) == (
        "Winner 1 of this category is Kota Jambi already.",
        (S.INTERVIEWED, None, 0),
    )


@pytest.mark.parametrize("elsewhere", ["province", "category"])
def test_take_action_select_winner_allows_a_rank_held_elsewhere(world, elsewhere):
    candidate = CandidateFactory(regency=world.reg_a1, status=S.INTERVIEWED)
    CandidateFactory(
        category=candidate.category
        if elsewhere == "province"
        else CategoryFactory(edition=candidate.edition),
        regency=world.reg_b1 if elsewhere == "province" else world.reg_a2,
        status=S.PROVINCIAL_WINNER,
        provincial_rank=1,
    )

    take_action(candidate, "select_winner", by=world.users["panitia_a"], rank=1)

    assert _state(candidate) == (S.PROVINCIAL_WINNER, 1, 1)


# take_action: the advance limit


@pytest.mark.parametrize("status", [S.ADVANCED, S.NATIONAL_FINALIST, S.NATIONAL_WINNER])
def test_take_action_advance_beyond_the_limit_is_refused(world, status):
    category = CategoryFactory(edition=EditionFactory(advance_limit=1))
    CandidateFactory(category=category, regency=world.reg_a2, status=status)
    candidate = CandidateFactory(
        category=category, regency=world.reg_a1, status=S.PROVINCIAL_WINNER
    )

    with pytest.raises(ReviewError) as refused:
        take_action(candidate, "advance", by=world.users["admin"])

    assert (str(refused.value), _state(candidate)) == (
        "1 candidate of this category has advanced from this province already, "
        "the most the edition allows.",
        (S.PROVINCIAL_WINNER, None, 0),
    )


def test_take_action_advance_up_to_the_limit(world):
    category = CategoryFactory(edition=EditionFactory(advance_limit=2))
    CandidateFactory(category=category, regency=world.reg_a2, status=S.ADVANCED)
    candidate = CandidateFactory(
        category=category, regency=world.reg_a1, status=S.PROVINCIAL_WINNER
    )

    take_action(candidate, "advance", by=world.users["panitia_a"])

    assert _state(candidate) == (S.ADVANCED, None, 1)


def test_take_action_advance_limit_leaves_another_province_unaffected(world):
    category = CategoryFactory(edition=EditionFactory(advance_limit=1))
    CandidateFactory(category=category, regency=world.reg_a1, status=S.ADVANCED)
    candidate = CandidateFactory(
        category=category, regency=world.reg_b1, status=S.PROVINCIAL_WINNER
    )

    take_action(candidate, "advance", by=world.users["panitia_b"])

    assert _state(candidate) == (S.ADVANCED, None, 1)


# take_action: the national tier


@pytest.mark.parametrize(
    ("action", "status"),
    [("make_finalist", S.ADVANCED), ("award_national", S.NATIONAL_FINALIST)],
)
def test_take_action_national_by_the_committee_is_denied(world, action, status):
    candidate = CandidateFactory(regency=world.reg_a1, status=status)

    with pytest.raises(PermissionDenied):
        take_action(candidate, action, by=world.users["panitia_a"], title="Terbaik I")

    assert _state(candidate) == (status, None, 0)


@pytest.mark.parametrize("user_key", ["admin", "superuser"])
def test_take_action_award_national_keeps_the_title(world, user_key):
    candidate = CandidateFactory(regency=world.reg_a1, status=S.NATIONAL_FINALIST)

    result = take_action(
        candidate, "award_national", by=world.users[user_key], title="  Terbaik I "
    )

    assert (result.status, result.national_title, candidate.steps.count()) == (
        S.NATIONAL_WINNER,
        "Terbaik I",
        1,
    )


def test_take_action_award_national_needs_a_title(world):
    candidate = CandidateFactory(regency=world.reg_a1, status=S.NATIONAL_FINALIST)

    with pytest.raises(ReviewError) as refused:
        take_action(candidate, "award_national", by=world.users["admin"], title=" ")

    assert (str(refused.value), _state(candidate)) == (
        "Give the title, e.g. Terbaik I.",
        (S.NATIONAL_FINALIST, None, 0),
    )


# take_action: who acts, and when


@pytest.mark.parametrize(
    "user_key",
    ["panitia_b", "petugas_a", "verifikator_kanwil_a", "penilai", "anonymous"],
)
def test_take_action_by_anyone_but_the_province_committee_is_denied(world, user_key):
    CoverageReportFactory(regency=world.reg_a1, year=2024, status=APPROVED)
    candidate = CandidateFactory(regency=world.reg_a1)

    with pytest.raises(PermissionDenied):
        take_action(candidate, "shortlist", by=world.users[user_key])

    assert _state(candidate) == (S.CANDIDATE, None, 0)


def test_take_action_in_a_closed_edition_is_refused(world):
    CoverageReportFactory(regency=world.reg_a1, year=2024, status=APPROVED)
    category = CategoryFactory(edition=EditionFactory(status=Edition.Status.CLOSED))
    candidate = CandidateFactory(category=category, regency=world.reg_a1)

    with pytest.raises(ReviewError) as refused:
        take_action(candidate, "shortlist", by=world.users["admin"])

    assert (str(refused.value), _state(candidate)) == (
        f"The {category.edition} edition is closed: nothing in it can be changed "
        "any more.",
        (S.CANDIDATE, None, 0),
    )


def test_take_action_in_a_closed_round_is_refused(world):
    candidate = CandidateFactory(regency=world.reg_a2)
    ProvincialRoundFactory(
        edition=candidate.edition, province=world.prov_a, status="closed"
    )

    with pytest.raises(ReviewError, match="round is closed"):
        take_action(candidate, "return", by=world.users["panitia_a"], reason="x")

    candidate.refresh_from_db()
    assert candidate.status == "candidate"


def test_add_candidates_to_another_zone_s_category_is_refused(world):
    zone_b = ZoneFactory(provinces=[world.prov_b])
    category = CategoryFactory(zone=zone_b)

    with pytest.raises(ReviewError, match="another zone"):
        add_candidates(category, world.prov_a, by=world.users["panitia_a"])

    assert Candidate.objects.count() == 0
