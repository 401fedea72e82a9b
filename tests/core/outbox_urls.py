"""A test-only route whose request queues background work, as real features will."""

from django.db import transaction
from django.http import JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from hotelcompliance.outbox import outbox_enqueue


@csrf_exempt
def start_work(request):
    with transaction.atomic():
        event = outbox_enqueue("hotelcompliance.tests.noop", thing_id=1)
    return JsonResponse({"event": str(event.id)}, status=202)


urlpatterns = [path("start-work/", start_work)]
