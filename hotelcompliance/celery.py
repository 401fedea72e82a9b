"""The Celery app: Redis as broker when REDIS_URL is set, else kombu's filesystem transport.

The filesystem broker needs no server, so the embedded default (`make run`) still runs a real
worker and background work stays asynchronous. Settings are the `CELERY_*` names in settings.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hotelcompliance.settings")

app = Celery("hotelcompliance")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
