"""Every URL pattern of the portal, requested with hostile path parameters, query
strings and bodies, anonymously and as the national admin: never a server error.

The patterns are read from the resolver, so a view added later is walked too."""

import re
from collections.abc import Iterator
from urllib.parse import quote, urlencode

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from rest_framework.test import APIClient

from tests.factories import (
    CandidateFactory,
    CategoryFactory,
    CoverageReportFactory,
    EditionFactory,
    EmployerComplianceFactory,
    EmployerFactory,
    ProvincialRoundFactory,
)

pytestmark = pytest.mark.django_db

HOSTILE = ["²", "٣", "\x00", "1" * 5000, "-1", "..", "x" * 3000]
ADMIN_HOSTILE = ["\x00", "1" * 5000]
SLOW = ("/api/schema/",)  # a second per request: asked once, below
QUERY_HOSTILE = ["²", "٣", "\x00", "1" * 5000, "-1", "x" * 3000]
# Values that reach the view for the other parameters of a pattern.
PLAUSIBLE = {
    "year": "2024",
    "award_year": "2024",
    "province": "15",
    "code": "15.01",
    "npp": "12345678",
    "pk": "1",
    "object_id": "1",
    "kind": "regulasi",
    "action": "return",
    "fmt": "csv",
    "format": "json",
    "app_label": "participants",
    "uidb64": "MQ",
    "token": "set-password",
    "url": "x",
}
QUERY_NAMES = [
    "page", "page_size", "q", "year", "kategori", "pemberi_kerja", "kunci", "kind",
    "province", "regency", "district", "status", "level", "region", "kanwil", "group",
    "state", "branch", "edition", "category", "subject_type", "search", "sector",
    "scale", "is_active", "is_demo", "is_administrative", "format", "ordering",
    "start-region", "start-year", "next", "o", "p", "all", "_changelist_filters",
]  # fmt: skip
HOSTILE_FORM = {
    "reason": "alasan\x00",
    "award_year": "٢٠٢٦",
    "status": "²",
    "version": "٣",
    "confirm": "yes",
    "slot": "²",
    "category": "１",
    "rank": "1" * 5000,
    "language": "\x00",
    "next": "/..\x00",
    "angkatan_kerja": "-" * 3000,
    "peserta_pu": "٣٤٥",
    "q": "x" * 3000,
}
HOSTILE_JSON = [
    {
        "version": "²",
        "²": "\x00",
        "reason": "\x00",
        "region": "١٥",
        "year": "٢٠٢٤",
        "peserta_pu": "1" * 5000,
        "claim_lines": [{"cases": "٣"}, None, "x"],
        "village_lines": {"village": "15"},
        "warning_explanation": ["²"],
    },
    ["²"],
    "²",
    {"version": 1, "non_asn_lines": [{}], "vulnerable_lines": [[]]},
]
NAMED_GROUP = re.compile(r"\(\?P<(\w+)>")
ROUTE_PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>")


def url_patterns() -> Iterator[str]:
    """Every pattern as a path template, parameters written as <name>."""
    yield from _walk(get_resolver().url_patterns, "")


def _walk(patterns: list, prefix: str) -> Iterator[str]:
    for entry in patterns:
        template = prefix + _template(str(entry.pattern))
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, template)
        elif isinstance(entry, URLPattern):
            yield "/" + template


def _template(pattern: str) -> str:
    """A route or a regex as a path with <name> placeholders."""
    if pattern.startswith("^") or "(?P<" in pattern:
        return _regex_template(pattern)
    return ROUTE_PARAMETER.sub(r"<\1>", pattern)


def _regex_template(regex: str) -> str:
    text = regex.removeprefix("^").removesuffix("$")
    while (match := NAMED_GROUP.search(text)) is not None:
        end = _group_end(text, match.start())
        text = text[: match.start()] + f"<{match[1]}>" + text[end:]
    text = re.sub(r"\(\?:[^()]*\)\?", "", text)
    return text.replace("\\.", ".").replace("/?", "/")


def _group_end(text: str, start: int) -> int:
    depth = 0
    for index in range(start, len(text)):
        depth += {"(": 1, ")": -1}.get(text[index], 0)
        if depth == 0:
            return index + 1
    return len(text)


def filled(template: str, hostile_name: str, value: str) -> str:
    """The template with one parameter hostile and the others plausible."""

    def fill(match: re.Match) -> str:
        name = match[1]
        text = value if name == hostile_name else PLAUSIBLE.get(name, "1")
        return quote(text, safe="")

    return re.sub(r"<(\w+)>", fill, template)


def hostile_paths(*, admin_site: bool) -> list[str]:
    """Each pattern with each parameter hostile in turn. Django's admin site gets
    fewer values: its views are Django's own, our code there is small."""
    paths = []
    for template in url_patterns():
        if template.startswith("/admin/") and not admin_site:
            continue  # anonymous: the admin site only redirects to its login
        values = ADMIN_HOSTILE if template.startswith("/admin/") else HOSTILE
        for name in re.findall(r"<(\w+)>", template):
            paths += [filled(template, name, value) for value in values]
    return paths


def list_paths() -> list[str]:
    """Every page with plausible parameters (the admin site's: only those without),
    for query strings: lists, forms, dashboards, a round's candidates."""
    paths = [
        filled(template, "", "")
        for template in url_patterns()
        if "<" not in template or not template.startswith("/admin/")
    ]
    return [path for path in dict.fromkeys(paths) if path not in SLOW]


def api_query_names(path: str) -> list[str]:
    """The query parameters a list endpoint reads: its filters and the paging."""
    view = resolve(path).func
    filterset = getattr(getattr(view, "cls", None), "filterset_class", None)
    names = list(filterset.base_filters) if filterset else []
    return [*names, "page", "page_size", "format"]


@pytest.fixture
def data(world):
    """One of each record the paths name, so that lookups can succeed."""
    edition = EditionFactory(award_year=2024)
    category = CategoryFactory(edition=edition)
    ProvincialRoundFactory(edition=edition, province=world.prov_a)
    CandidateFactory(category=category, regency=world.reg_a1)
    employer = EmployerFactory(npp="12345678", regency=world.reg_a1)
    EmployerComplianceFactory(employer=employer, year=2024)
    CoverageReportFactory(regency=world.reg_a1, year=2024)
    return world


def server_errors(client, requests) -> list[tuple[str, str, object]]:
    """The requests answered with a 5xx, or raising, as (method, path, outcome)."""
    failures: list[tuple[str, str, object]] = []
    for method, path, kwargs in requests:
        try:
            status = getattr(client, method)(path, **kwargs).status_code
        except Exception as error:  # the failure is the finding
            failures.append((method, path[:120], repr(error)[:200]))
            continue
        if status >= 500:
            failures.append((method, path[:120], status))
    return failures


@pytest.mark.parametrize("who", ["anonymous", "admin"])
def test_hostile_path_parameters_never_cause_a_server_error(client, data, who):
    if who == "admin":
        client.force_login(data.users["admin"])
    paths = hostile_paths(admin_site=who == "admin")
    requests = [("get", path, {}) for path in paths]

    assert server_errors(client, requests) == []


def test_hostile_bodies_never_cause_a_server_error(data):
    api = APIClient()
    api.force_authenticate(data.users["admin"])
    paths = [p for p in url_patterns() if p.startswith("/api/")]
    requests = [
        (method, filled(path, "", ""), {"data": body, "format": "json"})
        for path in paths
        for method in ("post", "patch", "put")
        for body in HOSTILE_JSON
    ]

    assert server_errors(api, requests) == []


def test_hostile_form_posts_never_cause_a_server_error(client, data):
    paths = [p for p in url_patterns() if not p.startswith(("/api/", "/akun/keluar"))]
    requests = [
        ("post", filled(path, "", ""), {"data": HOSTILE_FORM}) for path in paths
    ]
    client.force_login(data.users["admin"])

    assert server_errors(client, requests) == []


@pytest.mark.parametrize("who", ["anonymous", "admin"])
def test_hostile_query_strings_never_cause_a_server_error(client, data, who):
    if who == "admin":
        client.force_login(data.users["admin"])
    requests = [
        ("get", f"{path}?{urlencode(dict.fromkeys(QUERY_NAMES, value))}", {})
        for path in list_paths()
        if who == "admin" or not path.startswith("/admin/")
        for value in (ADMIN_HOSTILE if path.startswith("/admin/") else QUERY_HOSTILE)
    ]

    assert server_errors(client, requests) == []


def test_each_hostile_query_parameter_alone_never_causes_a_server_error(data):
    """One API parameter at a time: a refused filter answers 400 before paging is
    read, so together they would hide a fault in a later one. (Pages validate
    their query forms field by field, and ignore what they cannot read.)"""
    api = APIClient()
    api.force_authenticate(data.users["admin"])
    paths = [p for p in url_patterns() if p.startswith("/api/v1/") and "<" not in p]
    requests = [
        ("get", f"{path}?{urlencode({name: value})}", {})
        for path in paths
        for name in api_query_names(path)
        for value in ("²", "٣", "1" * 5000, "-1")
    ]

    assert server_errors(api, requests) == []


def test_schema_with_hostile_query_strings_never_causes_a_server_error(client):
    requests = [
        ("get", f"/api/schema/?{urlencode({'format': value, 'lang': value})}", {})
        for value in ("²", "1" * 5000)
    ]

    assert server_errors(client, requests) == []


def test_the_walk_reaches_every_kind_of_pattern():
    templates = set(url_patterns())

    assert {
        "/cakupan/<year>/<code>/",
        "/nominasi/<year>/provinsi/<province>/jadwal.ics",
        "/api/v1/coverage-reports/<pk>/",
        "/api/v1/candidates/<pk>/dossier/",
        "/wilayah/<code>/",
        "/admin/participants/coveragereport/<object_id>/change/",
    } <= templates
