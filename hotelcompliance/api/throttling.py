"""API throttles that fail open when the cache (Redis) is down, keyed on the real client IP.

These throttles are API hygiene, not login protection (that is django-axes, in the
database). DRF's own throttles raise when Redis is unreachable, turning every request into a
500; these let the request through and log the outage instead. DRF's own `get_ident` trusts
`X-Forwarded-For` from anyone; ours asks `hotelcompliance.client_ip`, like everything else.
"""

import logging
from typing import TYPE_CHECKING

from rest_framework.request import Request
from rest_framework.throttling import AnonRateThrottle, ScopedRateThrottle, UserRateThrottle

from hotelcompliance.client_ip import client_ip

logger = logging.getLogger(__name__)


if TYPE_CHECKING:  # APIView's class body loads these throttles: no import of it at run time
    from rest_framework.throttling import SimpleRateThrottle
    from rest_framework.views import APIView

    _ThrottleBase = SimpleRateThrottle
else:
    _ThrottleBase = object


class ClientIpMixin(_ThrottleBase):
    """Identify an anonymous caller by the address the core trusts, not DRF's guess."""

    def get_ident(self, request: Request) -> str:
        return client_ip(request) or ""


class FailOpenMixin(ClientIpMixin):
    def allow_request(self, request: Request, view: "APIView") -> bool:
        try:
            return super().allow_request(request, view)
        except Exception as error:  # the cache backend's connection errors vary by client
            logger.warning("throttle cache unavailable, request allowed: %s", type(error).__name__)
            return True


class FailOpenUserRateThrottle(FailOpenMixin, UserRateThrottle):
    pass


class FailOpenAnonRateThrottle(FailOpenMixin, AnonRateThrottle):
    pass


class FailOpenScopedRateThrottle(FailOpenMixin, ScopedRateThrottle):
    pass
