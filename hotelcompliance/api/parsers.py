"""A JSON parser with limits: a bounded body and a bounded nesting depth, answered as 4xx.

DRF's JSONParser reads however much is sent and hands it to `json.load`, whose recursion
fails (a 500) somewhere near a thousand levels. This one reads at most
`DATA_UPLOAD_MAX_MEMORY_SIZE` bytes (more is a 413), measures the nesting before decoding
(deeper than `MAX_JSON_DEPTH` is a 400), then decodes as DRF does.
"""

import itertools
import re
from collections.abc import Mapping
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status

# DRF 3.18 has get_encoding (text charsets only); djangorestframework-stubs 3.16.9 lacks it.
from rest_framework.parsers import JSONParser, get_encoding  # type: ignore[attr-defined]
from rest_framework.utils import json

MAX_JSON_DEPTH = 32
# A JSON string (escapes included), so brackets inside strings are not counted.
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_A_BRACKET = re.compile(r"[^\[\]{}]+")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = _("The request body is too large.")
    default_code = "too_large"


def body_limit() -> int:
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def too_large() -> RequestTooLarge:
    megabytes = body_limit() / 1024 / 1024
    return RequestTooLarge(
        _("The request body is larger than %(mb)g MB; send less at a time.") % {"mb": megabytes}
    )


def nesting_depth(text: str) -> int:
    """How deep the arrays and objects of a JSON text nest (0 for a bare value)."""
    brackets = _NOT_A_BRACKET.sub("", _STRING.sub("", text))
    return max(itertools.accumulate(_STEP[c] for c in brackets), default=0)


class BoundedJSONParser(JSONParser):
    def parse(
        self,
        stream: IO[Any],
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:  # any JSON value, as `json.loads` returns it
        if stream is None:
            return super().parse(stream, media_type, parser_context)
        limit = body_limit()
        data = stream.read(limit + 1)
        if len(data) > limit:
            raise too_large()
        encoding = get_encoding(parser_context or {})
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            raise exceptions.ParseError(
                _("JSON parse error - the body is not valid text.")
            ) from None
        if nesting_depth(text) > MAX_JSON_DEPTH:
            raise exceptions.ParseError(
                _("The JSON nests deeper than %(depth)d levels.") % {"depth": MAX_JSON_DEPTH}
            )
        try:
            parse_constant = json.strict_constant if self.strict else None
            return json.loads(text, parse_constant=parse_constant)
        except ValueError as error:
            message = _("JSON parse error - %(error)s") % {"error": error}
            raise exceptions.ParseError(message) from None
