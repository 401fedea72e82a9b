"""Training tracker: employees, courses, training records, certifications, status engine."""
