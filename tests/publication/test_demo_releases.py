"""The living public demo (issue 12, point 8): `prepare_portal --demo` runs every
province's kab/kota round of the demo edition to a published demo release, and the
national round to a national one. Built once for the module on a country-wide
region set (every province; all of Jambi as in the idn-area-data package, four
kab/kota with one desa each elsewhere), since the build takes a while."""

from collections.abc import Iterator
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db.models import F
from django.test import override_settings

from nominations.models import Candidate
from publication.demo_releases import changelog, create_demo_releases
from publication.models import Release
from regions.models import Province
from scoring.models import Decision, Panel, RankingRun, RecomputeJob, ScoreSheet
from tests.conftest import RegionFiles

pytestmark = pytest.mark.django_db
JAMBI = "15"
OTHERS_PER_PROVINCE = 4


def _rows(level: str) -> list[str]:
    path = Path(django_settings.IDN_AREA_DATA_DIR) / f"{level}.csv"
    return path.read_text(encoding="utf-8").splitlines()[1:]


def _country(root: Path) -> Path:
    """All of Jambi, and elsewhere the first kab/kota, each with one desa."""
    regencies = [row for row in _rows("regencies") if row[:2] == JAMBI]
    counts: dict[str, int] = {}
    for row in _rows("regencies"):
        province = row[:2]
        if province != JAMBI and counts.get(province, 0) < OTHERS_PER_PROVINCE:
            counts[province] = counts.get(province, 0) + 1
            regencies.append(row)
    kept = {row.split(",")[0] for row in regencies}
    districts, first = [], set()
    for row in _rows("districts"):
        regency = row.split(",")[1]
        if regency in kept and (regency[:2] == JAMBI or regency not in first):
            first.add(regency)
            districts.append(row)
    kept_districts = {row.split(",")[0] for row in districts}
    villages, seen = [], set()
    for row in _rows("villages"):
        district = row.split(",")[1]
        if district in kept_districts and (
            district[:2] == JAMBI or district not in seen
        ):
            seen.add(district)
            villages.append(row)
    return RegionFiles(root).write(
        provinces=_rows("provinces"),
        regencies=regencies,
        districts=districts,
        villages=villages,
    )


def prepare() -> str:
    output = StringIO()
    call_command("prepare_portal", "--demo", stdout=output, stderr=StringIO())
    return output.getvalue()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[str]:
    """The demo loaded once for the module, flushed afterwards (as a
    transactional test would)."""
    directory = _country(tmp_path_factory.mktemp("regions"))
    with django_db_blocker.unblock():
        try:
            with override_settings(IDN_AREA_DATA_DIR=directory):
                yield prepare()
        finally:
            call_command("flush", interactive=False, verbosity=0)


def test_demo_releases_need_the_demo_edition(db):
    # Runs before the module's demo is built.
    assert create_demo_releases() == []


def provincial() -> list[Release]:
    return list(
        Release.objects.filter(province__isnull=False).select_related("province")
    )


def test_demo_publishes_one_release_per_province_and_one_national(demo):
    releases = Release.objects.order_by(F("province_id").asc(nulls_last=True))

    scopes = [(r.province_id, r.number, r.is_demo, r.is_public()) for r in releases]

    provinces = Province.objects.order_by("code").values_list("code", flat=True)
    assert len(provinces) == 38
    assert scopes == [
        *[(code, 1, True, True) for code in provinces],
        (None, 1, True, True),
    ]
    assert "Demo releases published: 38 provincial, 1 national\n" in demo


def test_demo_release_changelogs_name_the_province_as_demo_data(demo):
    entries = {r.changelog for r in provincial()}

    assert {r.changelog for r in Release.objects.filter(province=None)} == {
        "Hasil babak nasional (data demo)"
    }
    assert entries == {
        f"Hasil babak provinsi {p.name} (data demo)" for p in Province.objects.all()
    }
    assert changelog(Province(name="Jambi")) == "Hasil babak provinsi Jambi (data demo)"


def test_demo_jambi_release_keeps_the_scoring_demo_ranking(demo):
    release = Release.objects.get(province=JAMBI)

    ranked = [
        (row["rank"], row["name"], round(Decimal(row["total"]), 2), row["decision"])
        for row in release.snapshot["ranked"]
    ]

    assert release.run == RankingRun.objects.get(province=JAMBI, stage="final")
    assert ranked == [
        (1, "Kota Jambi", Decimal("73.83"), _juara(1)),
        (2, "Kabupaten Batanghari", Decimal("66.06"), _juara(2)),
        (3, "Kabupaten Tebo", Decimal("38.63"), _juara(3)),
    ]


def _juara(place: int) -> dict:
    return {
        "outcome": "provincial_winner",
        "place": place,
        "deviation": False,
        "reason": "",
    }


def test_demo_every_province_decides_its_juara_in_the_computed_order(demo):
    for release in provincial():
        ranked = release.snapshot["ranked"]

        decided = [row["decision"] for row in ranked[:3]]

        assert 1 <= len(ranked) <= 3, release.province_id
        assert decided == [_juara(place) for place in range(1, len(ranked) + 1)]


def test_demo_candidates_moved_through_the_workflow(demo):
    winners = Candidate.objects.filter(provincial_rank__isnull=False)

    statuses = sorted(set(winners.values_list("status", flat=True)))

    assert statuses == [
        "advanced",
        "national_finalist",
        "national_winner",
        "provincial_winner",
    ]
    assert winners.exclude(status="provincial_winner").count() == 38
    assert set(
        winners.exclude(status="provincial_winner").values_list(
            "provincial_rank", flat=True
        )
    ) == {1}


def test_demo_national_release_names_finalists_and_winners(demo):
    release = Release.objects.get(province=None)

    outcomes = [
        (row["rank"], (row["decision"] or {}).get("outcome"))
        for row in release.snapshot["ranked"][:7]
    ]

    assert len(release.snapshot["ranked"]) == 38
    assert outcomes == [
        (1, "national_winner"),
        (2, "national_winner"),
        (3, "national_winner"),
        (4, "national_finalist"),
        (5, "national_finalist"),
        (6, "national_finalist"),
        (7, None),
    ]
    titles = Candidate.objects.filter(status="national_winner").order_by(
        "national_title"
    )
    assert list(titles.values_list("national_title", flat=True)) == [
        "Terbaik I",
        "Terbaik II",
        "Terbaik III",
    ]


def test_demo_panels_seat_three_assessors_who_cannot_sign_in(demo):
    panels = Panel.objects.exclude(round__province=JAMBI).prefetch_related(
        "members__user"
    )

    seats = {
        (p.round.province_id if p.round else None, m.role, m.user.has_usable_password())
        for p in panels
        for m in p.members.all()
    }

    assert len(panels) == 38
    assert {(role, usable) for _area, role, usable in seats} == {
        ("chair", False),
        ("secretary", False),
        ("member", False),
    }
    assert ScoreSheet.objects.exclude(status="submitted").count() == 0


def test_demo_releases_queue_no_recompute_job_and_are_fresh(demo):
    decided_runs = set(Decision.objects.values_list("run", flat=True))

    assert RecomputeJob.objects.count() == 0
    assert decided_runs == set(Release.objects.values_list("run", flat=True))


def test_demo_releases_are_created_once(demo):
    before = (Release.objects.count(), Decision.objects.count())

    output = prepare()

    assert create_demo_releases() == []
    assert (Release.objects.count(), Decision.objects.count()) == before
    assert "Demo releases published" not in output
