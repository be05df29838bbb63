import json
import secrets
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.utils import translation

from publication import cache as public_cache
from publication.cache import GENERATION_KEY
from tests.factories import (
    BranchFactory,
    DistrictFactory,
    KanwilFactory,
    ProvinceFactory,
    RegencyFactory,
    UserFactory,
    VillageFactory,
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """On the embedded default, skip (with the reason) what needs a real server."""
    engine = settings.DATABASES["default"]["ENGINE"]
    reasons = {
        "postgres": None
        if "postgresql" in engine
        else "needs PostgreSQL (DATABASE_URL)",
        "redis": None if settings.REDIS_URL else "needs Redis (REDIS_URL) and a worker",
    }
    for item in items:
        for marker, reason in reasons.items():
            if reason and item.get_closest_marker(marker):
                item.add_marker(pytest.mark.skip(reason=reason))


CSV_HEADERS = {
    "provinces": "code,name",
    "regencies": "code,province_code,name",
    "districts": "code,regency_code,name",
    "villages": "code,district_code,name",
}
SMALL_ROWS = {
    "provinces": ["15,Jambi", "21,Kepulauan Riau", "31,DKI Jakarta"],
    "regencies": [
        "15.01,15,Kabupaten Kerinci",
        "15.71,15,Kota Jambi",
        "21.05,21,Kabupaten Kepulauan Anambas",
        "31.71,31,Kota Administrasi Jakarta Pusat",
    ],
    "districts": [
        "15.01.01,15.01,Gunung Raya",
        "15.71.01,15.71,Kota Baru",
        "21.05.01,21.05,Siantan",
        "31.71.01,31.71,Gambir",
    ],
    "villages": [
        "15.01.01.2001,15.01.01,Lempur Tengah",
        "15.71.01.1001,15.71.01,Simpang III Sipin",
        "21.05.01.1001,21.05.01,Tarempa",
        "31.71.01.1001,31.71.01,Gambir",
    ],
}


class RegionFiles:
    """Writes an idn-area-data-like folder: four CSVs and `../package.json`."""

    rows = SMALL_ROWS

    def __init__(self, root: Path) -> None:
        self.directory = root / "idn-area-data" / "data"

    def write(
        self, *, version: str | None = "4.0.1", **files: list[str] | str | bytes | None
    ) -> Path:
        """Write the small set; a level given as rows (header added), raw text or
        bytes (written as is) or None (file left out) replaces the default."""
        self.directory.mkdir(parents=True, exist_ok=True)
        for level, header in CSV_HEADERS.items():
            content = files.get(level, SMALL_ROWS[level])
            path = self.directory / f"{level}.csv"
            if content is None:
                path.unlink(missing_ok=True)
                continue
            if isinstance(content, list):
                content = "\n".join([header, *content]) + "\n"
            if isinstance(content, str):
                content = content.encode()
            path.write_bytes(content)
        manifest = self.directory.parent / "package.json"
        if version is None:
            manifest.unlink(missing_ok=True)
        else:
            manifest.write_text(
                json.dumps({"name": "idn-area-data", "version": version})
            )
        return self.directory


@pytest.fixture
def region_files(tmp_path: Path) -> RegionFiles:
    return RegionFiles(tmp_path)


@pytest.fixture(autouse=True)
def _fresh_public_cache():
    """Each test starts a release generation of its own: nothing a previous test
    cached (a rolled-back release's pk is reused) is found again. The cache itself
    is not flushed: on Redis that would empty the broker's database too."""
    cache.set(GENERATION_KEY, secrets.randbelow(2**40) + 2, timeout=None)
    # A worker keeps the generation it read for a second: read it afresh.
    public_cache.forget()


@pytest.fixture
def english():
    """Messages in their English source text, whatever the locale files say."""
    with translation.override("en"):
        yield


@pytest.fixture
def world(db) -> SimpleNamespace:
    """Two Kanwil, each with a province; Jambi (15) has a kabupaten served by two
    branches and a kota; Kepulauan Riau (21) has one kabupaten; one user per role and
    scope.

    Kanwil A: province 15 — 15.01 (KC Jambi, KC Kerinci), 15.71 (KC Jambi)
    Kanwil B: province 21 — 21.05 (KC Anambas)
    """
    w = SimpleNamespace()
    w.kanwil_a = KanwilFactory(code="sumbagsel", name="Kanwil Sumbagsel")
    w.kanwil_b = KanwilFactory(code="sumbarriau", name="Kanwil Sumbarriau")
    w.prov_a = ProvinceFactory(code="15", name="Jambi", kanwil=w.kanwil_a)
    w.prov_b = ProvinceFactory(code="21", name="Kepulauan Riau", kanwil=w.kanwil_b)
    w.reg_a1 = RegencyFactory(code="15.01", name="Kabupaten Kerinci", province=w.prov_a)
    w.reg_a2 = RegencyFactory(code="15.71", name="Kota Jambi", province=w.prov_a)
    w.reg_b1 = RegencyFactory(
        code="21.05", name="Kabupaten Kepulauan Anambas", province=w.prov_b
    )
    w.dist_a1 = DistrictFactory(code="15.01.01", name="Gunung Raya", regency=w.reg_a1)
    w.dist_a2 = DistrictFactory(code="15.71.01", name="Kota Baru", regency=w.reg_a2)
    w.dist_b1 = DistrictFactory(code="21.05.01", name="Siantan", regency=w.reg_b1)
    w.vil_a1 = VillageFactory(code="15.01.01.2001", district=w.dist_a1)
    w.vil_a2 = VillageFactory(code="15.71.01.1001", district=w.dist_a2)
    w.vil_b1 = VillageFactory(code="21.05.01.2001", district=w.dist_b1)
    w.branch_a = BranchFactory(
        code="kc-jambi",
        name="KC Jambi",
        kanwil=w.kanwil_a,
        regencies=[w.reg_a1, w.reg_a2],
    )
    w.branch_a2 = BranchFactory(
        code="kc-kerinci", name="KC Kerinci", kanwil=w.kanwil_a, regencies=[w.reg_a1]
    )
    w.branch_b = BranchFactory(
        code="kc-anambas", name="KC Anambas", kanwil=w.kanwil_b, regencies=[w.reg_b1]
    )
    w.users = {
        "anonymous": AnonymousUser(),
        "admin": UserFactory(admin=True),
        "superuser": UserFactory(is_superuser=True),
        "no_role": UserFactory(),
        "penilai": UserFactory(penilai=True),
        "panitia_a": UserFactory(panitia=True, province=w.prov_a),
        "panitia_b": UserFactory(panitia=True, province=w.prov_b),
        "petugas_a": UserFactory(petugas=True, branch=w.branch_a),
        "petugas_a2": UserFactory(petugas=True, branch=w.branch_a2),
        "petugas_b": UserFactory(petugas=True, branch=w.branch_b),
        "verifikator_cabang_a": UserFactory(verifikator_cabang=True, branch=w.branch_a),
        "verifikator_cabang_b": UserFactory(verifikator_cabang=True, branch=w.branch_b),
        "verifikator_kanwil_a": UserFactory(verifikator_kanwil=True, kanwil=w.kanwil_a),
        "verifikator_kanwil_b": UserFactory(verifikator_kanwil=True, kanwil=w.kanwil_b),
    }
    return w
