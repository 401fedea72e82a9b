from datetime import date, datetime
from typing import TypeVar

from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured, ValidationError
from django.db.models import Field, Model, QuerySet
from rest_framework.exceptions import NotFound
from rest_framework.pagination import Cursor, CursorPagination, PageNumberPagination
from rest_framework.request import Request
from rest_framework.views import APIView

from hotelcompliance.validators import EARLIEST_DATE, LATEST_DATE

_M = TypeVar("_M", bound=Model)
_R = TypeVar("_R")


class StandardPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class NewestFirstCursorPagination(CursorPagination):
    """For large tables: pages by an indexed column and never counts the whole table.

    A cursor comes back from the client, so its position is checked like any input: it must
    be a value of the ordering column, within the plausible dates, or the cursor is invalid
    (DRF's 404 "Invalid cursor"), never a database error. DRF already refuses malformed
    base64, negative offsets, and caps offsets at `offset_cutoff`.
    """

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering: str | tuple[str, ...] = "-created_at"

    def paginate_queryset(
        self, queryset: QuerySet[_M, _R], request: Request, view: APIView | None = None
    ) -> list[_R] | None:
        self._model = queryset.model
        return super().paginate_queryset(queryset, request, view)

    def decode_cursor(self, request: Request) -> Cursor | None:
        cursor = super().decode_cursor(request)
        if cursor is not None and cursor.position is not None:
            self._check_position(cursor.position)
        return cursor

    def _check_position(self, position: str | int) -> None:  # DRF reads a str; stubs: int
        name = self.ordering[0] if isinstance(self.ordering, list | tuple) else self.ordering
        try:
            field = self._model._meta.get_field(name.lstrip("-"))
            if not isinstance(field, Field):
                raise ImproperlyConfigured(f"Cursor pages by a column, not by {name}.")
            value = field.to_python(position)
        except (FieldDoesNotExist, ValidationError, ValueError, OverflowError):
            raise NotFound(self.invalid_cursor_message) from None
        day = value.date() if isinstance(value, datetime) else value
        if isinstance(day, date) and not EARLIEST_DATE <= day <= LATEST_DATE:
            raise NotFound(self.invalid_cursor_message)
