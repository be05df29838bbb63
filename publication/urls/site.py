"""The public results site: latest results, national and provincial rankings,
candidate pages, methodology pages and release history. No sign-in."""

from django.urls import path

from publication.views import site

app_name = "results"

urlpatterns = [
    path("hasil/", site.index, name="index"),
    path("hasil/<int:year>/", site.edition, name="edition"),
    path(
        "hasil/<int:year>/nasional/<int:category_pk>/",
        site.national,
        name="national",
    ),
    path("hasil/<int:year>/provinsi/<str:code>/", site.province, name="province"),
    path("hasil/rilis/<int:pk>/", site.release, name="release"),
]
