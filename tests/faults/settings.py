"""Settings of the stacks the fault tests start: the real settings, plus what a test observes.

Emails go to files (one per message) so the checker can count them per concern report, and
the Redis visibility timeout is 20 s instead of 600 s, so a whole-worker kill is redelivered
within the test's time (reliability-security.md, G14).
"""

import os

from hotelcompliance.settings import *  # noqa: F403
from hotelcompliance.settings import CELERY_BROKER_TRANSPORT_OPTIONS

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["FAULTS_MAIL_DIR"]
CELERY_BROKER_TRANSPORT_OPTIONS = {
    **CELERY_BROKER_TRANSPORT_OPTIONS,
    "visibility_timeout": int(os.environ.get("FAULTS_VISIBILITY_TIMEOUT", "20")),
}
