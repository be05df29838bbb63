from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.contrib.sites.shortcuts import get_current_site
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts import passwords
from accounts.models import ApiToken, User


class LoginForm(AuthenticationForm):
    """Django's log-in form with a plainer error (its Indonesian one repeats a word)."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "The username or password is incorrect. Both are case-sensitive."
        ),
    }


class PasswordResetRequestForm(PasswordResetForm):
    """Asks for a reset link; the mail is sent by a background job, never here."""

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Queue the reset mail; nothing here depends on whether the account exists."""
        request = kwargs["request"]
        passwords.request_reset(
            self.cleaned_data["email"],
            domain=kwargs.get("domain_override") or get_current_site(request).domain,
            use_https=kwargs.get("use_https", False),
        )


class ApiTokenForm(forms.ModelForm):
    """Name and lifetime of a new API token."""

    days = forms.IntegerField(
        label=_("Valid for (days)"),
        min_value=1,
        max_value=settings.API_TOKEN_MAX_DAYS,
        initial=settings.API_TOKEN_DEFAULT_DAYS,
        help_text=format_lazy(
            _("The token stops working after this many days (at most {max})."),
            max=settings.API_TOKEN_MAX_DAYS,
        ),
    )

    class Meta:
        model = ApiToken
        fields = ["name"]


class LanguageForm(forms.ModelForm):
    """The language of the e-mails the portal sends to the user."""

    class Meta:
        model = User
        fields = ["language"]
