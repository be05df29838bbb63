"""Texts of the Django admin whose upstream Indonesian translation is wrong or
unclear ("Rubah atau tampilkan tautan kunjungan", "Autentidikasi"). Listed here with
their exact upstream msgids so that the portal's own catalogue (locale/, searched
before Django's) carries the portal's translation of each."""

from django.utils.translation import gettext_noop

OVERRIDDEN = [
    # django.contrib.admin: the hidden label of each model's link on the index.
    gettext_noop("Change or view list link"),
    # django.contrib.auth: the user form's password section and its help text.
    gettext_noop("Password-based authentication"),
    gettext_noop(
        "Whether the user will be able to authenticate using a password or not. If "
        "disabled, they may still be able to authenticate using other backends, such "
        "as Single Sign-On or LDAP."
    ),
]
