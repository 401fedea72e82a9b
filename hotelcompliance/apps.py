from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The shared core: organisations, properties, roles, access log, chain and outbox."""

    name = "hotelcompliance"
    label = "core"
    verbose_name = "Hotel Compliance core"
