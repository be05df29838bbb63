from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from nominations import api as nomination_api
from paritrana import api_errors
from participants import api as participant_api
from participants import api_uploads
from publication import api as publication_api
from regions import api as region_api
from scoring import api as scoring_api


class PortalRouter(DefaultRouter):
    """The API's routes, without DRF's `.json` suffix routes: undocumented, and
    the viewsets' own methods take no `format` argument (a 500)."""

    include_format_suffixes = False


router = PortalRouter()
router.register("provinces", region_api.ProvinceViewSet)
router.register("regencies", region_api.RegencyViewSet)
router.register("districts", region_api.DistrictViewSet)
router.register("villages", region_api.VillageViewSet)
router.register("branches", region_api.BranchViewSet)
router.register(
    "coverage-reports",
    participant_api.CoverageReportViewSet,
    basename="coverage-report",
)
router.register("uploads", api_uploads.UploadViewSet, basename="upload")
router.register("editions", nomination_api.EditionViewSet)
router.register("categories", nomination_api.CategoryViewSet)
router.register("candidates", nomination_api.CandidateViewSet)
router.register("employers", nomination_api.EmployerViewSet)
router.register("score-sheets", scoring_api.ScoreSheetViewSet, basename="score-sheet")
router.register("releases", publication_api.ReleaseViewSet, basename="release")
router.register(
    "public-candidates",
    publication_api.PublicCandidateViewSet,
    basename="public-candidate",
)

urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's settings as a script file: no inline script
    # under the content security policy.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema"),
        name="api-docs",
    ),
    # Anything else ending in a slash (an object code of the wrong form too) is a
    # JSON 404, not the portal's HTML page; without the slash Django adds it first.
    re_path(r"^[\s\S]*/$", api_errors.not_found, name="api-not-found"),
]
