"""Emails of the guests app: a template triple each, sent by a one-line function.

Templates are `emails/<name>-subject.txt`, `-body.txt` and `-body.html`. Emails carry no
personal data: they say that something happened and link to the page that shows it.
"""

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def make_message(name: str, to: str, ctx: dict) -> EmailMultiAlternatives:
    """Render the `name` templates into one message to one recipient."""
    subject = render_to_string(f"emails/{name}-subject.txt", ctx)
    message = EmailMultiAlternatives(
        " ".join(subject.split()), render_to_string(f"emails/{name}-body.txt", ctx), to=[to]
    )
    message.attach_alternative(render_to_string(f"emails/{name}-body.html", ctx), "text/html")
    return message


def concern_reported(to: str, ctx: dict) -> None:
    make_message("concern", to, ctx).send()
