"""Demonstration ranking runs: the desk and the final ranking of Jambi's kab/kota,
computed at set-up time by `compute_run` from the demo data (approved coverage
reports, verified dossiers, submitted score sheets) and the illustrative
methodology — nothing in them is written in."""

from accounts.models import User
from nominations.demo import PROVINCE, YEAR
from nominations.models import Category, SubjectType
from regions.models import Province
from scoring.adapter import Scope
from scoring.models import Methodology, RankingRun
from scoring.services.runs import compute_run

STAGES = (RankingRun.Stage.DESK, RankingRun.Stage.FINAL)


def create_demo_runs() -> list[RankingRun]:
    """Compute Jambi's kab/kota desk and final runs once; return the runs made
    (none when a run of that scope exists or the demo data is missing)."""
    category = (
        Category.objects.filter(
            edition__award_year=YEAR, subject_type=SubjectType.KAB_KOTA
        )
        .select_related("edition")
        .first()
    )
    province = Province.objects.filter(code=PROVINCE).first()
    if category is None or province is None:
        return []
    scope = Scope(category.edition, category, province)
    if (
        Methodology.objects.current(category, scope.tier) is None
        or RankingRun.objects.filter(category=category, province=province).exists()
    ):
        return []
    committee = User.objects.filter(
        role=User.Role.PANITIA_PROVINSI, province=province
    ).first()
    return [compute_run(scope, stage, by=committee) for stage in STAGES]
