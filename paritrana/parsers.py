"""Request body parsers for the API."""

from typing import Any

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class PortalJSONParser(JSONParser):
    """DRF's JSON parser, with nesting too deep for Python's parser (`[[[[…`, which
    raises RecursionError, not ValueError) refused as malformed JSON: a 400."""

    def parse(
        self, stream: Any, media_type: Any = None, parser_context: Any = None
    ) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(
                _("JSON parse error - the body is nested too deeply.")
            ) from None
