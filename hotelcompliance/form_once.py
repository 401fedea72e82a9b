"""A page form is acted on once: the one-time token it carries, issued, renewed and checked.

A double click, a reload or a retry after a timeout sends the same form twice; the second must
find what the first did rather than do it again. Every such form carries a random UUID in a
hidden field (`once_field()`), issued when the page is shown (`once_new()`); a submit whose
token is missing or garbled gets a fresh one and is asked to submit again (`once_renew`).

Where the token is remembered differs on purpose, by what a duplicate would cost:

- check-ins, concern reports and records requests: in the database, beside the row the submit
  made (`external_ref` "desk:<token>", `ConcernFormToken`, `RecordsRequest.submission`), under a
  unique constraint, so the guarantee survives restarts and settles two submits racing. Their
  services check it; the page only passes the token on.
- poster evidence: claimed in the cache for a day (`once_claim`, `once_release` if the service
  refused), enough against a double click; a duplicate photo is harmless.
- reports: the session remembers the last few tokens and the report each made
  (`once_seen`, `once_remember`), so a second submit is shown the first report.
"""

import uuid

from django import forms
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict

FIELD = "token"
EXPIRED = "The form had expired. Check the details and submit it again."
SESSION_REMEMBERED = 20


def once_field() -> forms.UUIDField:
    """The hidden token field of a form that must be acted on once."""
    return forms.UUIDField(widget=forms.HiddenInput)


def once_new() -> uuid.UUID:
    """A fresh token for a form being shown."""
    return uuid.uuid4()


def once_renew(form: forms.BaseForm, field: str = FIELD) -> bool:
    """If the bound form's token was refused, give it a fresh one and say why; True if so."""
    if field not in form.errors:
        return False
    # A bound form's data is usually the request's immutable QueryDict: renew in a copy that
    # keeps every value of a multiple choice.
    data = form.data.copy() if isinstance(form.data, MultiValueDict) else dict(form.data)
    data[form.add_prefix(field)] = str(once_new())
    form.data = data
    form.add_error(None, EXPIRED)
    return True


def once_claim(scope: str, token: uuid.UUID, *, seconds: int) -> bool:
    """Claim the token in the cache for `seconds`; False if a submit already claimed it."""
    return cache.add(_cache_key(scope, token), 1, timeout=seconds)


def once_release(scope: str, token: uuid.UUID) -> None:
    """Give the token back (the submit was refused), so the corrected form may be sent."""
    cache.delete(_cache_key(scope, token))


def once_seen(request: HttpRequest, scope: str, token: uuid.UUID) -> str | None:
    """What this session's earlier submit of the token made (its id), if any."""
    return request.session.get(scope, {}).get(str(token))


def once_remember(request: HttpRequest, scope: str, token: uuid.UUID, made: str) -> None:
    """Remember in the session what the token's submit made; only the last few are kept."""
    seen = request.session.get(scope, {})
    seen[str(token)] = made
    request.session[scope] = dict(list(seen.items())[-SESSION_REMEMBERED:])


def _cache_key(scope: str, token: uuid.UUID) -> str:
    return f"{scope}:{token}"
