"""The API answers as its schema says: schemathesis generates valid and invalid
requests for every operation, anonymously and as a branch officer, and fails on a
server error, an undocumented status or a body that differs from the documented one."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from accounts.tokens import issue_token
from nominations.models import Scale
from review.models import ReviewStatus
from tests.factories import (
    BranchFactory,
    CandidateFactory,
    CategoryFactory,
    ClaimLineFactory,
    CoverageReportFactory,
    EditionFactory,
    EmployerComplianceFactory,
    EmployerFactory,
    InnovationFactory,
    NonAsnLineFactory,
    RegulationFactory,
    UserFactory,
)

CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]
# Small and without a deadline: the whole file stays within a couple of minutes on
# two cores; `st run` with more examples is the longer run (docs/api.md).
FUZZ = settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture(autouse=True)
def connection_kept():
    """Keep the test's database connection across the in-process requests, as
    Django's test client does (otherwise PostgreSQL's is closed after each one)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def demo_like(world):
    """Objects for every endpoint to return: reports in each state, one with every
    table, a dotted demo branch code, an edition with blank-scale categories,
    candidates with a dossier, employers with compliance."""
    BranchFactory(code="demo-15.71", kanwil=world.kanwil_a, regencies=[world.reg_a2])
    full = CoverageReportFactory(regency=world.reg_a1, year=2023)
    NonAsnLineFactory(report=full)
    ClaimLineFactory(report=full)
    for year, state in enumerate(ReviewStatus.values, start=2019):
        CoverageReportFactory(regency=world.reg_a2, year=year, status=state)
    edition = EditionFactory(award_year=2025)
    category = CategoryFactory(edition=edition)
    CategoryFactory(edition=edition, parent=category, scale=Scale.BESAR)  # others ""
    candidate = CandidateFactory(category=category, regency=world.reg_a1)
    RegulationFactory(candidate=candidate)
    InnovationFactory(candidate=candidate)
    employer = EmployerFactory(
        npp="12345678", regency=world.reg_a1, branch=world.branch_a
    )
    EmployerComplianceFactory(employer=employer)
    return world


@pytest.fixture
def credentials(demo_like):
    """Headers that sign a branch officer in. The one place that knows how API
    clients authenticate: change it here when the token scheme changes."""
    officer = UserFactory(petugas=True, branch=demo_like.branch_a)
    _token, key = issue_token(officer, name="fuzz", days=1)
    return {"Authorization": f"Bearer {key}"}


# The schema as the portal serves it; requests go to the app in process (WSGI).
schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
# The boundary-value ("coverage") phase is unbounded by max_examples: the longer run
# has it; here positive and negative fuzzing keep the time bounded.
schema.config.phases.coverage.enabled = False


@schema.parametrize()
@FUZZ
def test_api_answers_anonymous_requests_as_documented(case, demo_like):
    case.call_and_validate(checks=CHECKS)


@schema.parametrize()
@FUZZ
def test_api_answers_a_branch_officer_as_documented(case, credentials):
    case.call_and_validate(checks=CHECKS, headers=credentials)
