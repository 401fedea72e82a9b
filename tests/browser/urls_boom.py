"""The project's routes plus one that fails, to see the styled 500 page (DEBUG=False)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from hotelcompliance.urls import handler500
from hotelcompliance.urls import urlpatterns as project_urlpatterns

__all__ = ["handler500", "urlpatterns"]


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("A failure the 500 page must hide.")


urlpatterns = [*project_urlpatterns, path("boom/", boom, name="test_boom")]
