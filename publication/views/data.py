"""Open data: the data page listing every public release's files, and the files at
stable addresses (ranking as CSV, XLSX or JSON, methodology, ranking bundle).

A file is made once per release and format (and language, for the XLSX sheet
names) and kept in the public cache with the release's embargo time, so a repeated
download answers without asking the database anything. An embargoed release is
hidden (404) from everyone but its publishers."""

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone, translation

from publication import cache, columns, exports
from publication.models import Release
from publication.views.caching import public_page
from scoring.engine.hashing import canonical_json

JSON_TYPE = "application/json; charset=utf-8"
FORMATS: dict[str, tuple[str, Callable[..., bytes]]] = {
    "csv": ("text/csv; charset=utf-8", exports.to_csv),
    "xlsx": (exports.XLSX_TYPE, exports.to_xlsx),
    "json": (JSON_TYPE, exports.to_json),
}
# Release fields a file states; the snapshot is read only to make the file.
FIELDS = (
    "number",
    "published_at",
    "changelog",
    "correction_reason",
    "supersedes",
    "is_demo",
    "embargo_until",
    "snapshot",
)

Build = Callable[[Release], tuple[bytes, str, str]]


def _entry(release: Release | None, build: Build) -> dict[str, Any] | None:
    if release is None:
        return None
    content, content_type, name = build(release)
    return {
        "embargo_until": release.embargo_until,
        "content": content,
        "content_type": content_type,
        "filename": name,
    }


def _may_see(request: HttpRequest, pk: int, embargo_until: Any) -> bool:
    """Public once the embargo passed; before, only to the release's publishers."""
    if embargo_until is None or embargo_until <= timezone.now():
        return True
    found = get_object_or_404(Release, pk=pk)
    return bool(request.user.has_perm("publication.view_unreleased", found))


def _download(
    request: HttpRequest, pk: int, parts: tuple[str, ...], fetch: Callable[[], Any]
) -> HttpResponse:
    """The cached file of a release as an attachment (404: no such release, or
    embargoed for this user)."""
    found = cache.remember(("opendata", pk, *parts), fetch)
    if found is None or not _may_see(request, pk, found["embargo_until"]):
        raise Http404
    response = HttpResponse(found["content"], content_type=found["content_type"])
    response["Content-Disposition"] = f'attachment; filename="{found["filename"]}"'
    return response


def release_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The release's ranking as CSV, XLSX or JSON."""
    if fmt not in FORMATS:
        raise Http404
    content_type, write = FORMATS[fmt]

    def build(release: Release) -> tuple[bytes, str, str]:
        snapshot, published = release.snapshot, exports.Published.of(release)
        name = exports.filename(snapshot, published, fmt, stem="peringkat")
        return write(snapshot, published), content_type, name

    def fetch() -> dict[str, Any] | None:
        release = Release.objects.only(*FIELDS).filter(pk=pk).first()
        return _entry(release, build)

    # The file's name and the XLSX sheets are in the reader's language.
    return _download(request, pk, (fmt, translation.get_language()), fetch)


def methodology(request: HttpRequest, pk: int) -> HttpResponse:
    """The methodology document the release was ranked by."""

    def build(release: Release) -> tuple[bytes, str, str]:
        snapshot, published = release.snapshot, exports.Published.of(release)
        name = exports.filename(snapshot, published, "json", stem="metodologi")
        return exports.methodology_json(snapshot), JSON_TYPE, name

    def fetch() -> dict[str, Any] | None:
        release = Release.objects.only(*FIELDS).filter(pk=pk).first()
        return _entry(release, build)

    return _download(request, pk, ("methodology", translation.get_language()), fetch)


def bundle(request: HttpRequest, pk: int) -> HttpResponse:
    """The ranking run's bundle, as `manage.py verify_ranking` checks it."""

    def build(release: Release) -> tuple[bytes, str, str]:
        published = exports.Published.of(release)
        name = exports.filename(release.snapshot, published, "json", stem="bundel")
        return canonical_json(release.run.bundle).encode(), JSON_TYPE, name

    def fetch() -> dict[str, Any] | None:
        query = Release.objects.select_related("run").only(*FIELDS, "run__bundle")
        return _entry(query.filter(pk=pk).first(), build)

    return _download(request, pk, ("bundle", translation.get_language()), fetch)


def _releases() -> list[Release]:
    """Public releases by edition (newest award year first), newest first within
    it, each marked `superseded` when a public correction of it exists."""
    found = list(
        Release.objects.public()
        .select_related("edition", "category", "province")
        .defer("snapshot")
        .order_by("-edition__award_year", "edition_id", "-published_at", "-pk")
    )
    corrected = {r.supersedes_id for r in found if r.supersedes_id}
    for release in found:
        release.superseded = release.pk in corrected
    return found


@public_page
def index(request: HttpRequest) -> HttpResponse:
    """The data page: the releases' files, the licence, the columns and keys."""
    context = {
        "releases": _releases(),
        "columns": columns.COLUMNS + columns.CRITERION_COLUMNS + columns.LAST_COLUMNS,
        "json_keys": columns.JSON_KEYS,
        "exports": exports,
    }
    return render(request, "publication/data/index.html", context)
