"""Emails of the training app: a template triple each, sent by a one-line function.

Templates are `emails/<name>-subject.txt`, `-body.txt` and `-body.html`.
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


def manager_digest(to: str, ctx: dict) -> None:
    make_message("training_digest", to, ctx).send()


def employee_reminder(to: str, ctx: dict) -> None:
    make_message("training_reminder", to, ctx).send()
