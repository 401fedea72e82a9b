"""The project's routes and 500 handler, plus two routes that fail on purpose."""

from django.urls import path

from hotelcompliance.urls import handler500
from hotelcompliance.urls import urlpatterns as project_urlpatterns


def boom(request):
    raise RuntimeError("a forced failure with a secret value: Ada Lovelace")


urlpatterns = [path("boom/", boom), path("api/v1/boom/", boom), *project_urlpatterns]

__all__ = ["handler500", "urlpatterns"]
