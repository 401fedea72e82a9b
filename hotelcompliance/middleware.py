"""Session lifetime and cache headers that Django's settings alone cannot express."""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, resolve_url

SESSION_STARTED_KEY = "_session_started_at"


class SessionLifetimeMiddleware:
    """End a session 12 hours after login, however active (the idle limit is the cookie age)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            started = request.session.get(SESSION_STARTED_KEY)
            now = time.time()
            if started is None:
                request.session[SESSION_STARTED_KEY] = now
            elif now - started > settings.SESSION_ABSOLUTE_LIFETIME.total_seconds():
                logout(request)
                if request.path.startswith("/api/"):
                    return self.get_response(request)
                return redirect(resolve_url(settings.LOGIN_URL))
        return self.get_response(request)


class NoStoreMiddleware:
    """Forbid caching of anything shown to a logged-in user or served by the API.

    Those pages carry personal data; a shared front-desk browser or a proxy must not keep them.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if request.path.startswith("/api/") or (user is not None and user.is_authenticated):
            response["Cache-Control"] = "no-store, private"
            response["Pragma"] = "no-cache"
        return response
