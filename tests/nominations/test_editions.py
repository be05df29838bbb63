"""Setting up editions and provincial rounds (nominations.services.editions): copying
an edition to a later year, starting a province's round and moving it between
stages."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from nominations.models import (
    Candidate,
    CandidateStep,
    Category,
    Edition,
    EvidenceFile,
    Innovation,
    Interview,
    InterviewSlot,
    ProvincialRound,
    Regulation,
    RoundStage,
    Scale,
    Sector,
    Stage,
    SubjectType,
    VerificationStep,
)
from nominations.services.editions import (
    copy_edition,
    set_round_dates,
    set_round_status,
    start_round,
)
from review.workflow import ReviewError
from tests.factories import (
    CandidateFactory,
    CategoryFactory,
    EditionFactory,
    InnovationFactory,
    InterviewSlotFactory,
    ProvincialRoundFactory,
    RegulationFactory,
    ZoneFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

K = Stage.Kind
R = ProvincialRound.Status
USAHA = SubjectType.BADAN_USAHA
# A category tree: (name, parent, subject type, scale, sector), parents first.
TREE = [
    ("Pemda", None, SubjectType.KAB_KOTA, "", ""),
    ("Badan Usaha", None, USAHA, "", ""),
    ("Besar", "Badan Usaha", USAHA, Scale.BESAR, ""),
    ("Manufaktur", "Besar", USAHA, Scale.BESAR, Sector.MANUFAKTUR),
    ("Kota", "Pemda", SubjectType.KAB_KOTA, "", ""),
]


def _stage(edition, kind, starts_on, ends_on):
    return Stage.objects.create(
        edition=edition, kind=kind, starts_on=starts_on, ends_on=ends_on
    )


def _tree(edition):
    return [
        (
            c.name,
            c.parent.name if c.parent else None,
            c.subject_type,
            c.scale,
            c.sector,
            c.zone,
            c.position,
        )
        for c in Category.objects.filter(edition=edition).order_by("position", "name")
    ]


def _stages(stages):
    return [(s.kind, s.starts_on, s.ends_on) for s in stages.order_by("starts_on")]


# copy_edition


def test_copy_edition_copies_the_edition_a_year_later(world):
    edition = EditionFactory(award_year=2024, status=Edition.Status.CLOSED)

    copy = copy_edition(edition, award_year=2025, by=world.users["admin"])

    assert (
        copy.name,
        copy.award_year,
        copy.assessment_year,
        copy.period_start,
        copy.period_end,
        copy.advance_limit,
        copy.status,
    ) == (
        "Paritrana Award 2025",
        2025,
        2024,
        date(2025, 3, 1),
        date(2025, 11, 30),
        3,
        Edition.Status.PREPARATION,
    )


def test_copy_edition_copies_the_category_tree_with_parents(world):
    edition = EditionFactory(award_year=2024)
    made = {}
    for position, (name, parent, subject_type, scale, sector) in enumerate(TREE, 1):
        made[name] = CategoryFactory(
            edition=edition,
            parent=made.get(parent),
            name=name,
            subject_type=subject_type,
            scale=scale,
            sector=sector,
            position=position,
        )

    copy = copy_edition(edition, award_year=2025, by=world.users["admin"])

    assert _tree(copy) == [
        (*row, None, position) for position, row in enumerate(TREE, 1)
    ]


def test_copy_edition_links_the_copies_to_each_other(world):
    edition = EditionFactory(award_year=2024)
    CategoryFactory(edition=edition, parent=CategoryFactory(edition=edition))

    copy = copy_edition(edition, award_year=2025, by=world.users["admin"])

    child = copy.categories.get(parent__isnull=False)
    assert (child.edition, child.parent.edition) == (copy, copy)


def test_copy_edition_copies_a_child_created_before_its_parent(world):
    edition = EditionFactory(award_year=2024)
    child = CategoryFactory(edition=edition, name="Kota", position=2)
    parent = CategoryFactory(edition=edition, name="Pemda", position=1)
    child.parent = parent
    child.save()

    copy = copy_edition(edition, award_year=2025, by=world.users["admin"])

    assert _tree(copy) == [
        ("Pemda", None, SubjectType.KAB_KOTA, "", "", None, 1),
        ("Kota", "Pemda", SubjectType.KAB_KOTA, "", "", None, 2),
    ]


def test_copy_edition_matches_zones_by_name_in_the_new_year(world):
    edition = EditionFactory(award_year=2024)
    CategoryFactory(
        edition=edition,
        name="Zona Sumatera",
        zone=ZoneFactory(name="Sumatera", year=2024),
    )
    CategoryFactory(
        edition=edition, name="Zona Papua", zone=ZoneFactory(name="Papua", year=2024)
    )
    sumatera_2025 = ZoneFactory(name="Sumatera", year=2025)
    ZoneFactory(name="Jawa", year=2025)

    copy = copy_edition(edition, award_year=2025, by=world.users["admin"])

    zones = {c.name: c.zone for c in copy.categories.all()}
    assert zones == {"Zona Sumatera": sumatera_2025, "Zona Papua": None}


def test_copy_edition_shifts_stage_dates_by_the_years_between(world):
    edition = EditionFactory(award_year=2024)
    _stage(edition, K.DATA_COLLECTION, date(2024, 2, 29), date(2024, 4, 30))
    _stage(edition, K.INTERVIEW, date(2024, 8, 1), date(2024, 8, 31))
    _stage(edition, K.CEREMONY, date(2024, 12, 10), date(2024, 12, 10))

    copy = copy_edition(edition, award_year=2026, by=world.users["admin"])

    assert (copy.assessment_year, _stages(copy.stages)) == (
        2025,
        [
            (K.DATA_COLLECTION, date(2026, 2, 28), date(2026, 4, 30)),
            (K.INTERVIEW, date(2026, 8, 1), date(2026, 8, 31)),
            (K.CEREMONY, date(2026, 12, 10), date(2026, 12, 10)),
        ],
    )


def test_copy_edition_leaves_the_candidates_behind(world):
    candidate = CandidateFactory(regency=world.reg_a1)

    copy = copy_edition(candidate.edition, award_year=2026, by=world.users["admin"])

    assert (list(copy.candidates.all()), copy.categories.count()) == ([], 1)


def test_copy_edition_for_a_year_that_has_one_is_refused(world):
    edition = EditionFactory(award_year=2024)
    EditionFactory(award_year=2025)

    with pytest.raises(ReviewError) as refused:
        copy_edition(edition, award_year=2025, by=world.users["admin"])

    assert (str(refused.value), Edition.objects.count()) == (
        "An edition for 2025 exists already.",
        2,
    )


@pytest.mark.parametrize("award_year", [2016, 2101])
def test_copy_edition_refuses_a_year_out_of_range(world, award_year):
    edition = EditionFactory(award_year=2024)

    with pytest.raises(ReviewError) as refused:
        copy_edition(edition, award_year=award_year, by=world.users["admin"])

    assert (str(refused.value), list(Edition.objects.all())) == (
        "The year must be from 2017 to 2100.",
        [edition],
    )


@pytest.mark.parametrize("user_key", ["panitia_a", "verifikator_kanwil_a", "penilai"])
def test_copy_edition_by_anyone_but_the_national_admin_is_denied(world, user_key):
    edition = EditionFactory(award_year=2024)

    with pytest.raises(PermissionDenied):
        copy_edition(edition, award_year=2025, by=world.users[user_key])

    assert list(Edition.objects.all()) == [edition]


# start_round


def test_start_round_takes_the_edition_provincial_stage_dates(world):
    edition = EditionFactory()
    _stage(edition, K.DATA_COLLECTION, date(2025, 3, 1), date(2025, 5, 31))
    _stage(edition, K.INTERVIEW, date(2025, 9, 1), date(2025, 9, 30))
    _stage(edition, K.NATIONAL_INTERVIEW, date(2025, 11, 1), date(2025, 11, 15))

    round_ = start_round(edition, world.prov_a, by=world.users["panitia_a"])

    assert (round_.edition, round_.province, round_.status, _stages(round_.stages)) == (
        edition,
        world.prov_a,
        R.NOT_STARTED,
        [
            (K.DATA_COLLECTION, date(2025, 3, 1), date(2025, 5, 31)),
            (K.INTERVIEW, date(2025, 9, 1), date(2025, 9, 30)),
        ],
    )


def test_start_round_again_returns_the_round_with_its_own_dates(world):
    edition = EditionFactory()
    _stage(edition, K.INTERVIEW, date(2025, 9, 1), date(2025, 9, 30))
    first = start_round(edition, world.prov_a, by=world.users["panitia_a"])
    first.stages.update(starts_on=date(2025, 9, 15))

    again = start_round(edition, world.prov_a, by=world.users["admin"])

    assert (again, _stages(RoundStage.objects.all())) == (
        first,
        [(K.INTERVIEW, date(2025, 9, 15), date(2025, 9, 30))],
    )


@pytest.mark.parametrize("user_key", ["panitia_b", "petugas_a", "penilai"])
def test_start_round_by_anyone_but_the_province_committee_is_denied(world, user_key):
    edition = EditionFactory()

    with pytest.raises(PermissionDenied):
        start_round(edition, world.prov_a, by=world.users[user_key])

    assert ProvincialRound.objects.count() == 0


# set_round_status


@pytest.mark.parametrize("user_key", ["panitia_a", "admin"])
def test_set_round_status_moves_the_round(world, user_key):
    round_ = ProvincialRoundFactory(province=world.prov_a)

    set_round_status(round_, R.INTERVIEW, by=world.users[user_key])

    round_.refresh_from_db()
    assert round_.status == R.INTERVIEW


def test_set_round_status_refuses_an_unknown_stage(world):
    round_ = ProvincialRoundFactory(province=world.prov_a)

    with pytest.raises(ReviewError) as refused:
        set_round_status(round_, "celebration", by=world.users["panitia_a"])

    round_.refresh_from_db()
    assert (str(refused.value), round_.status) == ("Unknown stage.", R.NOT_STARTED)


def test_set_round_status_by_another_province_committee_is_denied(world):
    round_ = ProvincialRoundFactory(province=world.prov_a)

    with pytest.raises(PermissionDenied):
        set_round_status(round_, R.INTERVIEW, by=world.users["panitia_b"])

    round_.refresh_from_db()
    assert round_.status == R.NOT_STARTED


def test_set_round_dates_by_another_province_is_refused(world):
    round_ = ProvincialRoundFactory(province=world.prov_a)

    with pytest.raises(PermissionDenied):
        set_round_dates(
            round_,
            {"pleno": (date(2025, 6, 1), date(2025, 6, 2))},
            by=world.users["panitia_b"],
        )

    assert round_.stages.count() == 0


def test_set_round_status_records_who_when_from_to(world):
    round_ = ProvincialRoundFactory(province=world.prov_a)
    committee = world.users["panitia_a"]

    set_round_status(round_, R.SCORING, by=committee)
    set_round_status(round_, R.CLOSED, by=committee)

    steps = [(s.action, s.from_status, s.to_status, s.by) for s in round_.steps.all()]
    assert steps == [
        ("set_scoring", R.NOT_STARTED, R.SCORING, committee),
        ("close", R.SCORING, R.CLOSED, committee),
    ]


@pytest.mark.parametrize("user_key", ["panitia_a", "panitia_b", "petugas_a", "penilai"])
def test_set_round_status_reopening_by_anyone_but_the_national_admin_is_denied(
    world, user_key
):
    round_ = ProvincialRoundFactory(province=world.prov_a, status=R.CLOSED)

    with pytest.raises(PermissionDenied):
        set_round_status(round_, R.DETERMINATION, by=world.users[user_key], reason="x")

    round_.refresh_from_db()
    assert (round_.status, round_.steps.count()) == (R.CLOSED, 0)


def test_set_round_status_committee_is_told_only_the_admin_reopens(world):
    round_ = ProvincialRoundFactory(province=world.prov_a, status=R.CLOSED)

    with pytest.raises(PermissionDenied) as refused:
        set_round_status(round_, R.SCORING, by=world.users["panitia_a"], reason="x")

    assert str(refused.value) == (
        "Only the national admin reopens a closed round, giving a reason."
    )


@pytest.mark.parametrize("reason", ["", "  "])
def test_set_round_status_reopening_needs_a_reason(world, reason):
    round_ = ProvincialRoundFactory(province=world.prov_a, status=R.CLOSED)

    with pytest.raises(ReviewError) as refused:
        set_round_status(round_, R.SCORING, by=world.users["admin"], reason=reason)

    round_.refresh_from_db()
    assert (str(refused.value), round_.status, round_.steps.count()) == (
        "Give a reason for reopening the round.",
        R.CLOSED,
        0,
    )


def test_set_round_status_national_admin_reopens_with_a_reason(world):
    round_ = ProvincialRoundFactory(province=world.prov_a, status=R.CLOSED)
    admin = world.users["admin"]

    set_round_status(round_, R.DETERMINATION, by=admin, reason=" Salah tutup. ")

    round_.refresh_from_db()
    steps = [
        (s.action, s.from_status, s.to_status, s.by, s.reason)
        for s in round_.steps.all()
    ]
    assert (round_.status, steps) == (
        R.DETERMINATION,
        [("reopen", R.CLOSED, R.DETERMINATION, admin, "Salah tutup.")],
    )


def test_set_round_status_reopening_to_an_earlier_stage_logs_both_moves(world):
    round_ = ProvincialRoundFactory(province=world.prov_a, status=R.CLOSED)
    admin = world.users["admin"]

    set_round_status(round_, R.SCORING, by=admin, reason="Nilai salah hitung.")

    round_.refresh_from_db()
    steps = [
        (s.action, s.from_status, s.to_status, s.by, s.reason)
        for s in round_.steps.all()
    ]
    assert (round_.status, steps) == (
        R.SCORING,
        [
            ("reopen", R.CLOSED, R.DETERMINATION, admin, "Nilai salah hitung."),
            ("set_scoring", R.DETERMINATION, R.SCORING, admin, ""),
        ],
    )


def test_set_round_status_to_the_same_stage_logs_nothing(world):
    round_ = ProvincialRoundFactory(province=world.prov_a, status=R.PLENO)

    set_round_status(round_, R.PLENO, by=world.users["panitia_a"])

    assert round_.steps.count() == 0


def test_set_round_status_refuses_a_reopening_reason_with_a_nul_character(world):
    round_ = ProvincialRoundFactory(province=world.prov_a, status=R.CLOSED)

    with pytest.raises(ReviewError, match="NUL character"):
        set_round_status(
            round_, R.DETERMINATION, by=world.users["admin"], reason="a\x00"
        )

    round_.refresh_from_db()
    assert (round_.status, round_.steps.count()) == (R.CLOSED, 0)


@pytest.mark.parametrize("user_key", ["panitia_a", "admin"])
def test_set_round_status_closes_the_round(world, user_key):
    round_ = ProvincialRoundFactory(province=world.prov_a, status=R.DETERMINATION)

    set_round_status(round_, R.CLOSED, by=world.users[user_key])

    round_.refresh_from_db()
    assert round_.status == R.CLOSED


# check_round_open: the one guard of every service that changes a round


def _closed_round_calls(world):
    """Every service that changes a province's round, its candidates, dossiers or
    interviews, called for a candidate of a closed round by the national admin."""
    from nominations.services import candidates, dossiers, interviews

    candidate = CandidateFactory(regency=world.reg_a1, status="shortlisted")
    round_ = ProvincialRoundFactory(edition=candidate.edition, province=world.prov_a)
    slot = InterviewSlotFactory(round=round_, category=candidate.category)
    interview = Interview.objects.create(candidate=candidate, slot=slot)
    innovation = InnovationFactory(candidate=candidate, verification="verified")
    regulation = RegulationFactory(candidate=candidate)
    pdf = b"%PDF-1.4\n%%EOF\n"
    admin = world.users["admin"]
    calls = {
        "add_candidates": lambda: candidates.add_candidates(
            candidate.category, world.prov_a, by=admin
        ),
        "take_action": lambda: candidates.take_action(
            candidate, "return", by=admin, reason="x"
        ),
        "add_regulation": lambda: dossiers.add_regulation(
            candidate, SimpleUploadedFile("p.pdf", pdf), by=admin, **PERDA
        ),
        "add_innovation": lambda: dossiers.add_innovation(
            candidate, by=admin, **INNOVATION
        ),
        "add_evidence": lambda: dossiers.add_evidence(
            innovation, SimpleUploadedFile("p.pdf", pdf), by=admin
        ),
        "verify_item": lambda: dossiers.verify_item(regulation, "verified", by=admin),
        "create_slot": lambda: interviews.create_slot(
            round_, by=admin, **_slot_fields(slot)
        ),
        "schedule": lambda: interviews.schedule(candidate, slot, by=admin),
        "record_attendance": lambda: interviews.record_attendance(
            interview, by=admin, head_attended=True, representatives=[]
        ),
        "set_round_dates": lambda: set_round_dates(
            round_, {"pleno": (date(2025, 6, 1), date(2025, 6, 2))}, by=admin
        ),
    }
    return round_, calls


PERDA = {
    "aspect": "regulasi",
    "kind": "perda",
    "number": "9/2024",
    "issued_on": date(2024, 5, 1),
    "title": "Perda",
}
INNOVATION = {
    "aspect": "inovasi",
    "name": "Baru",
    "description": "x",
    "started_on": date(2024, 1, 1),
    "funding_source": "apbd",
}


def _slot_fields(slot):
    return {
        "category": slot.category,
        "starts_at": slot.starts_at,
        "ends_at": slot.ends_at,
        "mode": slot.mode,
        "place": slot.place,
    }


def _snapshot():
    """Everything those services could write."""
    models = [
        Candidate,
        CandidateStep,
        Regulation,
        Innovation,
        EvidenceFile,
        VerificationStep,
        InterviewSlot,
        Interview,
        RoundStage,
    ]
    return {m.__name__: sorted(map(str, m.objects.values_list())) for m in models}


SERVICES = [
    "add_candidates",
    "take_action",
    "add_regulation",
    "add_innovation",
    "add_evidence",
    "verify_item",
    "create_slot",
    "schedule",
    "record_attendance",
    "set_round_dates",
]


@pytest.mark.parametrize("where", ["round", "edition"])
@pytest.mark.parametrize("service", SERVICES)
def test_every_round_service_refuses_a_closed_round_and_changes_nothing(
    world, service, where
):
    round_, calls = _closed_round_calls(world)
    if where == "round":
        round_.status = R.CLOSED
        round_.save()
    else:
        Edition.objects.filter(pk=round_.edition_id).update(status="closed")
        round_.edition.refresh_from_db()
    before = _snapshot()

    with pytest.raises(ReviewError, match=r"is closed: .*be changed any more"):
        calls[service]()

    assert _snapshot() == before
