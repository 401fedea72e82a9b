from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The shared core: organisations, properties, roles, access log, chain and outbox."""

    name = "hotelcompliance"
    label = "core"
    verbose_name = "Hotel Compliance core"

    def ready(self) -> None:
        # verify_chain recomputes the core's own chained rows, as each app's checkers do theirs.
        from hotelcompliance.chain import register_content_checker
        from hotelcompliance.integrity import access_event_problems, legal_hold_problems

        register_content_checker("access events", access_event_problems)
        register_content_checker("legal holds", legal_hold_problems)

        from hotelcompliance.api_tokens import connect_signals

        connect_signals()
