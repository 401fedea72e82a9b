from django.apps import AppConfig


class GuestsConfig(AppConfig):
    name = "guests"
    verbose_name = "Guest register"

    def ready(self) -> None:
        # verify_chain (in the core, which imports no app) recomputes our rows' digests.
        from guests import integrity
        from hotelcompliance.chain import register_content_checker

        register_content_checker("registrations", integrity.registration_content_problems)
        register_content_checker("check-outs", integrity.checkout_problems)
        register_content_checker("amendments", integrity.amendment_problems)
        register_content_checker("concern reports", integrity.concern_problems)
