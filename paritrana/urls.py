from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from paritrana.home import home
from paritrana.views import health, set_language_link

# The Django admin under the portal's own name, not "Django administration".
admin.site.site_header = settings.PORTAL_NAME
admin.site.site_title = settings.PORTAL_NAME
admin.site.index_title = _("Administration")

urlpatterns = [
    path("", home, name="home"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("bahasa/<str:code>/", set_language_link, name="set_language_link"),
    path("akun/", include("accounts.urls")),
    path("wilayah/", include("regions.urls")),
    path("cakupan/", include("participants.urls")),
    path("nominasi/", include("nominations.urls")),
    path("penilaian/", include("scoring.urls")),
    path("", include("publication.urls.site")),
    path("", include("publication.urls.pages")),
    path("", include("publication.urls.data")),
    path("", include("publication.urls.certificates")),
    path("", include("publication.urls.releases")),
    path("api/", include("paritrana.api_urls")),
    path("admin/", admin.site.urls),
    path("healthz/", health, name="health"),
]

handler400 = "paritrana.views.bad_request"
handler403 = "paritrana.views.permission_denied"
handler404 = "paritrana.views.page_not_found"
handler500 = "paritrana.views.server_error"
