"""Publishing: publish a run as a release (or a correction), and the releases a
user manages with their embargoes."""

from django.urls import path

from publication.views import releases

app_name = "releases"

urlpatterns = [
    path("publikasi/", releases.release_list, name="list"),
    path(
        "publikasi/peringkat/<int:run_pk>/terbitkan/",
        releases.publish_run,
        name="publish",
    ),
]
