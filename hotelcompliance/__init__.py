"""Hotel Compliance: the project package and the shared core (tenancy, rules, safety)."""

from hotelcompliance.celery import app as celery_app

__all__ = ["celery_app"]
