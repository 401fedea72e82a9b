from django.apps import AppConfig


class GuestsConfig(AppConfig):
    name = "guests"
    verbose_name = "Guest register"

    def ready(self) -> None:
        # verify_chain (in the core, which imports no app) recomputes our rows' digests.
        from guests.integrity import registration_content_problems
        from hotelcompliance.chain import register_content_checker

        register_content_checker("registrations", registration_content_problems)
