"""The OpenAPI schema as the API really answers: every error status an operation can
give is documented with its body, derived from the view instead of hundreds of
decorators."""

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers

UNSAFE_METHODS = ("POST", "PUT", "PATCH", "DELETE")


class ErrorRowSerializer(serializers.Serializer):
    field = serializers.CharField(
        allow_blank=True,
        help_text=_(
            "Where: a request field or query parameter (non_asn_lines.0.eligible, "
            "is_demo), a value path of the shared rules (peserta_pu, "
            "vulnerable:petani/apbd:rupiah), or empty for the whole request."
        ),
    )
    rule = serializers.CharField(help_text=_("A stable code for the problem."))
    message = serializers.CharField(help_text=_("What is wrong, for people."))


# A refused request: what to correct (`errors`) and what to explain (`warnings`). Built
# inline because a field named `errors` would shadow the Serializer attribute.
INPUT_ERRORS = inline_serializer(
    "InputErrors",
    {
        "detail": serializers.CharField(),
        "errors": ErrorRowSerializer(many=True),
        "warnings": ErrorRowSerializer(many=True),
    },
)


class ErrorMessageSerializer(serializers.Serializer):
    """Any other refusal: one message."""

    detail = serializers.CharField()


ERROR_RESPONSES = {
    400: OpenApiResponse(
        INPUT_ERRORS,
        description=_("Invalid input: a malformed body, field or query parameter."),
    ),
    401: OpenApiResponse(
        ErrorMessageSerializer,
        description=_("Not signed in, or the credentials sent are not valid."),
    ),
    403: OpenApiResponse(ErrorMessageSerializer, description=_("Not allowed for you.")),
    404: OpenApiResponse(
        ErrorMessageSerializer,
        description=_("No such object or page, or not visible to you."),
    ),
    411: OpenApiResponse(
        ErrorMessageSerializer,
        description=_("A body was sent in chunks without its length (Content-Length)."),
    ),
    413: OpenApiResponse(
        ErrorMessageSerializer, description=_("The request body is too large.")
    ),
    415: OpenApiResponse(
        ErrorMessageSerializer,
        description=_("The body's content type is not accepted."),
    ),
    414: OpenApiResponse(
        description=_(
            "The address is too long (answered by the web server in front of the "
            "portal, as HTML)."
        )
    ),
    429: OpenApiResponse(
        ErrorMessageSerializer, description=_("Too many requests; try again later.")
    ),
}


BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class PortalAutoSchema(AutoSchema):
    """drf-spectacular's schema plus the error answers each operation can give."""

    def get_operation(self, *args: Any, **kwargs: Any) -> dict[str, Any] | None:
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        responses = operation["responses"]
        for code in self.error_statuses(operation):
            if str(code) not in responses:
                response = self._get_response_for_code(ERROR_RESPONSES[code], str(code))
                responses[str(code)] = response
        operation["responses"] = dict(sorted(responses.items()))
        return operation

    def error_statuses(self, operation: dict[str, Any]) -> list[int]:
        """The error statuses this operation can answer with."""
        places = {parameter["in"] for parameter in operation.get("parameters", [])}
        has_body = "requestBody" in operation
        codes = []
        if has_body or "query" in places:
            codes.append(400)
        if self.view.get_authenticators() or self._needs_sign_in():
            codes += [401, 403]
        if "path" in places or self._is_list_view():
            codes.append(404)  # no such object, or a page past the last
        if places & {"path", "query"}:
            codes.append(414)  # gunicorn's limit on the request line
        if has_body or self.method in BODY_METHODS:
            codes.append(411)  # paritrana.request_limits refuses unsized chunked bodies
        if has_body:
            codes += [413, 415]
        if self.view.get_throttles():
            codes.append(429)
        return codes

    def _needs_sign_in(self) -> bool:
        """Whether an anonymous request to this operation is refused."""
        for permission in self.view.get_permissions():
            name = type(permission).__name__
            if name == "AllowAny":
                continue
            if (
                name == "IsAuthenticatedOrReadOnly"
                and self.method not in UNSAFE_METHODS
            ):
                continue
            return True
        return False

    def _map_serializer_field(
        self, field: Any, direction: str, bypass_extensions: bool = False
    ) -> Any:
        if isinstance(field, serializers.ChoiceField) and field.read_only:
            # DRF drops allow_blank from read-only model fields; their data keeps it.
            model_field = _model_field_of(field)
            if model_field is not None:
                field.allow_blank = field.allow_blank or model_field.blank
                field.allow_null = field.allow_null or model_field.null
        return super()._map_serializer_field(field, direction, bypass_extensions)


def _model_field_of(field: serializers.Field) -> models.Field | None:
    """The model field a serializer field reads directly, if any."""
    model = getattr(getattr(field.parent, "Meta", None), "model", None)
    if model is None or len(field.source_attrs) != 1:
        return None
    try:
        found = model._meta.get_field(field.source_attrs[0])
    except FieldDoesNotExist:
        return None
    return found if isinstance(found, models.Field) else None
