"""Made-up traits of the kab/kota the demo round features, over the drawn ones.

The demo round of Jambi shortlists Kota Jambi, Kab. Batanghari and Kab. Tebo, the
kab/kota the province named its 2022 winners (`nominations.demo.SHORTLIST`). Drawn
at random, two of them did not report their non-ASN staff, which the 2022 criteria
ask for, and the capital covered fewer wage earners, and grew slower, than a
provincial capital does. These traits (not reported anywhere) make them plausible
finalists; the ranking is still computed from the data they produce.
"""

from dataclasses import fields, replace
from typing import Any

from participants.demo.figures import Profile

#: kab/kota code → Profile fields, and `non_asn_rate`: the share of non-ASN staff
#: protected in 2022 (the region then reports its non-ASN staff).
SHOWCASE: dict[str, dict[str, float]] = {
    "15.71": {
        "coverage": 0.42,
        "coverage_growth": 0.022,
        "pu_ratio": 0.72,
        "non_asn_rate": 0.78,
    },
    "15.04": {"non_asn_rate": 0.62},
    "15.09": {"non_asn_rate": 0.55},
}
_PROFILE_FIELDS = frozenset(f.name for f in fields(Profile))


def showcase_profile(profile: Profile, code: str) -> Profile:
    """The drawn profile with the region's showcase traits, if any."""
    traits = SHOWCASE.get(code, {})
    overrides: dict[str, Any] = {
        name: value for name, value in traits.items() if name in _PROFILE_FIELDS
    }
    return replace(profile, **overrides)


def non_asn_rate(code: str) -> float | None:
    """The region's showcase rate of protected non-ASN staff, if it has one."""
    return SHOWCASE.get(code, {}).get("non_asn_rate")
