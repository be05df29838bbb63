"""The frozen copy of a ranking run that a release publishes: names, ranks, totals,
each candidate's lines, the incomplete candidates, the decisions taken and the
methodology. Public pages, exports and the API read only this."""

from typing import Any

from nominations.models import Candidate
from scoring.methodology_json import to_document
from scoring.models import Criterion, Decision, RankingRun

FORMAT = 1


def _subject(candidate: Candidate) -> dict[str, Any]:
    kind = (
        "employer"
        if candidate.employer_id
        else "village"
        if candidate.village_id
        else "regency"
        if candidate.regency_id
        else "province"
    )
    return {
        "candidate": candidate.pk,
        "name": candidate.subject_name,
        "kind": kind,
        "region_code": candidate.region_code,
        "province_code": str(candidate.province_id),
        "province_name": str(candidate.province.name),
    }


def _candidates(keys: list[str]) -> dict[str, dict[str, Any]]:
    found = Candidate.objects.filter(pk__in=[int(k) for k in keys]).select_related(
        "province", "regency", "village", "employer"
    )
    return {str(c.pk): _subject(c) for c in found}


def _criteria(run: RankingRun) -> dict[str, dict[str, Any]]:
    rows = Criterion.objects.filter(aspect__methodology=run.methodology_id)
    return {
        c.code: {"name": c.name, "aspect": c.aspect.code, "aspect_name": c.aspect.name}
        for c in rows.select_related("aspect")
    }


def _decisions(run: RankingRun) -> dict[str, dict[str, Any]]:
    return {
        str(d.candidate_id): {
            "outcome": d.outcome,
            "place": d.place,
            "deviation": d.is_deviation,
            "reason": d.deviation_reason,
        }
        for d in Decision.objects.filter(run=run)
    }


def build(run: RankingRun) -> dict[str, Any]:
    """The snapshot of a final run, JSON-ready (numbers as canonical strings)."""
    keys = [e["key"] for e in run.ranked] + [e["key"] for e in run.incomplete]
    subjects = _candidates(keys)
    criteria = _criteria(run)
    decisions = _decisions(run)
    ranked = [
        {
            **subjects[entry["key"]],
            "key": entry["key"],
            "rank": entry["rank"],
            "total": entry["total"],
            "formula": run.explanations[entry["key"]]["formula"],
            "lines": [
                {**line, **criteria.get(line["criterion"], {})}
                for line in run.explanations[entry["key"]]["lines"]
            ],
            "decision": decisions.get(entry["key"]),
        }
        for entry in run.ranked
    ]
    incomplete = [
        {**subjects[entry["key"]], "key": entry["key"], "reasons": entry["reasons"]}
        for entry in run.incomplete
    ]
    return {
        "format": FORMAT,
        "run": {
            "pk": run.pk,
            "stage": run.stage,
            "tier": run.tier,
            "input_hash": run.input_hash,
            "code_version": run.code_version,
            "computed_at": run.created_at.isoformat(),
        },
        "edition": {
            "pk": run.edition_id,
            "name": run.edition.name,
            "award_year": run.edition.award_year,
        },
        "category": {"pk": run.category_id, "name": run.category.name},
        "province": (
            {"code": str(run.province.pk), "name": run.province.name}
            if run.province is not None
            else None
        ),
        "methodology": {
            "pk": run.methodology_id,
            "version": run.methodology.version,
            "name": run.methodology.name,
            "is_illustrative": run.methodology.is_illustrative,
            "document": to_document(run.methodology),
        },
        "ranked": ranked,
        "incomplete": incomplete,
    }
