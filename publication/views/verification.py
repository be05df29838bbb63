"""The public verification of a certificate: a form to type the code printed on
it, and the page its QR code opens. Not cached: a revocation shows at once."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from publication.certificate_forms import LookupForm, normal_code
from publication.models import Certificate


def lookup(request: HttpRequest) -> HttpResponse:
    """The code form; a well-formed code goes on to its record."""
    if "code" not in request.GET:
        return render(
            request, "publication/certificates/lookup.html", {"form": LookupForm()}
        )
    form = LookupForm(request.GET)
    if form.is_valid():
        return redirect("certificates:verify", form.cleaned_data["code"])
    return render(
        request, "publication/certificates/lookup.html", {"form": form}, status=400
    )


def verify(request: HttpRequest, code: str) -> HttpResponse:
    """The certificate's public record, or "unknown code" (404)."""
    normal = normal_code(code)
    certificate = (
        Certificate.objects.select_related(
            "edition",
            "candidate__category",
            "candidate__province",
            "candidate__regency",
            "candidate__village",
            "candidate__employer",
        )
        .filter(code=normal)
        .first()
        if normal
        else None
    )
    if certificate is None:
        return render(
            request,
            "publication/certificates/verify.html",
            {"certificate": None, "form": LookupForm()},
            status=404,
        )
    if normal != code:
        return redirect("certificates:verify", normal)
    return render(
        request, "publication/certificates/verify.html", {"certificate": certificate}
    )
