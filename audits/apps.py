from django.apps import AppConfig


class AuditsConfig(AppConfig):
    name = "audits"
    verbose_name = "Audit reports"

    def ready(self) -> None:
        # verify_chain (in the core, which imports no app) recomputes our timeline rows.
        from audits.integrity import records_request_event_problems
        from hotelcompliance.chain import register_content_checker

        register_content_checker("records requests", records_request_event_problems)
