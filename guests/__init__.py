"""Guest register: registrations, amendments, check-in and out, concern reports, retention."""
