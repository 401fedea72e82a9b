"""The one way an app builds an email: templates in, a message from the configured sender out.

An email `guests/emails/concern` is three templates: `guests/emails/concern-subject.txt`,
`-body.txt` and (unless `html=False`) `-body.html`. They are rendered in the site's language
(`LANGUAGE_CODE`), or in the recipient's own where the caller knows it (an employee's
`preferred_language`): a Celery worker or an outbox consumer must never send in whatever
language the last request happened to activate.

Links in emails are absolute and built from `SITE_URL` (`absolute_url`), never from a request's
Host header: a forged header must not put an attacker's address into a manager's inbox, and
tasks have no request at all.
"""

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def absolute_url(path: str) -> str:
    """`path` (from `reverse`, starting with "/") on the configured public address."""
    if not path.startswith("/"):
        raise ValueError("absolute_url takes a path starting with '/', e.g. from reverse().")
    return f"{settings.SITE_URL}{path}"


def make_message(
    *,
    to: str,
    template: str,
    context: dict[str, Any],
    html: bool = True,
    language: str | None = None,
) -> EmailMultiAlternatives:
    """Render `template`'s subject and text (and HTML) bodies into one message to `to`.

    In `language` when given, else the site's. A missing template raises
    `TemplateDoesNotExist` naming it: an email is never sent without one of its parts.
    """
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"{template}-subject.txt", context).split())
        message = EmailMultiAlternatives(
            subject,
            render_to_string(f"{template}-body.txt", context),
            settings.DEFAULT_FROM_EMAIL,
            [to],
        )
        if html:
            message.attach_alternative(
                render_to_string(f"{template}-body.html", context), "text/html"
            )
    return message
