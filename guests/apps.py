from django.apps import AppConfig


class GuestsConfig(AppConfig):
    name = "guests"
    verbose_name = "Guest register"

    def ready(self) -> None:
        # verify_chain (in the core, which imports no app) recomputes our rows' digests.
        from guests import integrity
        from guests.name_index import name_index_problems, refresh_all
        from hotelcompliance.chain import register_content_checker
        from hotelcompliance.names import register_name_index

        register_content_checker("registrations", integrity.registration_content_problems)
        register_content_checker("check-outs", integrity.checkout_problems)
        register_content_checker("amendments", integrity.amendment_problems)
        register_content_checker("concern reports", integrity.concern_problems)
        register_content_checker("concern case steps", integrity.concern_case_problems)
        register_content_checker("registration names", name_index_problems)
        # rotate_encryption_key (in the core) rehashes the register's name index too.
        register_name_index("registration names", refresh_all)
