from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts import passwords, tokens
from accounts.clients import client_address
from accounts.forms import ApiTokenForm, LanguageForm, PasswordResetRequestForm
from accounts.models import ApiToken, Notification

NOTICES_PER_PAGE = 50


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    """The signed-in user's role, area and account links; a POST sets the language
    of the user's e-mails."""
    form = LanguageForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        messages.success(
            request,
            _("Your e-mails from the portal are now in %(language)s.")
            % {"language": user.get_language_display()},
        )
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"language_form": form})


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    """The user's notices, unread first, then newest first; the ones shown count as
    read from now on."""
    user: Any = request.user
    unread_first = ExpressionWrapper(
        Q(read_at__isnull=True), output_field=BooleanField()
    ).desc()
    notices = Notification.objects.filter(user=user).order_by(
        unread_first, "-created_at", "-pk"
    )
    page = Paginator(notices, NOTICES_PER_PAGE).get_page(request.GET.get("page"))
    unread = [notice.pk for notice in page if notice.read_at is None]
    if unread:
        Notification.objects.filter(pk__in=unread).update(read_at=timezone.now())
    context = {"page": page, "unread": set(unread)}
    return render(request, "accounts/notifications.html", context)


@never_cache
@login_required
def api_tokens(request: HttpRequest) -> HttpResponse:
    """The user's API tokens; a POST issues one and shows its key this once."""
    if not request.user.has_perm("accounts.use_api_tokens"):
        raise PermissionDenied(_("Your account has no role, so it cannot use the API."))
    user: Any = request.user
    form = ApiTokenForm(request.POST or None)
    issued = None
    if request.method == "POST" and form.is_valid():
        token, key = tokens.issue_token(
            user, name=form.cleaned_data["name"], days=form.cleaned_data["days"]
        )
        issued = {"token": token, "key": key}
        form = ApiTokenForm()
    context = {
        "form": form,
        "issued": issued,
        "tokens": ApiToken.objects.filter(user=user),
        "now": timezone.now(),
    }
    return render(request, "accounts/api_tokens.html", context)


@require_POST
@login_required
def revoke_api_token(request: HttpRequest, pk: int) -> HttpResponse:
    """Revoke one of the user's own tokens."""
    token = ApiToken.objects.filter(pk=pk).first()
    if token is None or not request.user.has_perm("accounts.revoke_api_token", token):
        raise Http404
    tokens.revoke_token(token)
    notice = _("The token “%(name)s” no longer works.") % {"name": token.name}
    messages.success(request, notice)
    return redirect("accounts:api_tokens")


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset request, counted per address and per e-mail address."""

    form_class = PasswordResetRequestForm

    def form_valid(self, form: Any) -> HttpResponse:
        email = form.cleaned_data["email"]
        if passwords.reset_allowed(address=client_address(self.request), email=email):
            return super().form_valid(form)
        form.add_error(None, passwords.limit_message())
        return self.render_to_response(self.get_context_data(form=form), status=429)


def logged_out(request: HttpRequest) -> HttpResponse:
    """The page after signing out (the sign-out itself is a POST): it says so and
    offers the sign-in. Someone still signed in is sent home instead."""
    if request.user.is_authenticated:
        return redirect("home")
    return render(request, "registration/logged_out.html")
