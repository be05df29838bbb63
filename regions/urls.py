from django.urls import path, re_path

from regions import views

app_name = "regions"

urlpatterns = [
    path("", views.province_list, name="province_list"),
    path("cari/", views.search, name="search"),
    path("saya/", views.my_regions, name="mine"),
    re_path(r"^(?P<code>[0-9]{2})/$", views.province_detail, name="province"),
    re_path(r"^(?P<code>[0-9]{2}\.[0-9]{2})/$", views.regency_detail, name="regency"),
    re_path(
        r"^(?P<code>[0-9]{2}\.[0-9]{2}\.[0-9]{2})/$",
        views.district_detail,
        name="district",
    ),
]
