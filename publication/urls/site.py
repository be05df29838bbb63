"""The public results site: latest results, national and provincial rankings,
candidate pages, methodology pages and release history. No sign-in."""

from django.urls import path

from publication.views import site

app_name = "results"

urlpatterns = [
    path("hasil/rilis/<int:pk>/", site.release, name="release"),
]
