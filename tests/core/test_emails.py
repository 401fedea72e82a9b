"""The one email module: the configured sender, the site's address in links, every part or none."""

import uuid
from datetime import UTC, datetime

import pytest
from django.template import TemplateDoesNotExist
from django.urls import reverse
from django.utils import translation

from guests.models import ConcernReport
from guests.tasks import notify_managers_of_concern
from hotelcompliance.emails import absolute_url, make_message
from hotelcompliance.outbox import OutboxEvent
from tests.guests.concern_data import NARRATIVE

CONCERN = "guests/emails/concern"


def concern_context(url: str = "https://compliance.example/concerns/1/") -> dict:
    return {
        "property_name": "Hotel <A>",
        "reported_at": datetime(2026, 6, 15, 14, 30, tzinfo=UTC),
        "groups": [{"label": "Control or lack of freedom"}],
        "url": url,
    }


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = "https://compliance.example"
    settings.DEFAULT_FROM_EMAIL = "Compliance Desk <desk@compliance.example>"


def test_a_link_is_the_path_on_the_configured_site_address():
    assert absolute_url("/concerns/7/") == "https://compliance.example/concerns/7/"


def test_a_path_without_its_leading_slash_is_refused_rather_than_glued_onto_the_host():
    with pytest.raises(ValueError, match="starting with '/'"):
        absolute_url("concerns/7/")


def test_a_message_goes_to_its_one_recipient_from_the_configured_sender():
    message = make_message(to="maria@example.test", template=CONCERN, context=concern_context())

    assert message.from_email == "Compliance Desk <desk@compliance.example>"
    assert message.to == ["maria@example.test"]
    assert message.subject == "A concern was reported at Hotel <A>"


def test_the_text_and_html_parts_both_come_from_the_templates():
    message = make_message(to="maria@example.test", template=CONCERN, context=concern_context())

    (alternative,) = message.alternatives
    assert alternative.mimetype == "text/html"
    assert "Hotel <A>" in message.body  # plain text is not HTML-escaped
    assert "<strong>Hotel &lt;A&gt;</strong>" in alternative.content
    for body in (message.body, alternative.content):
        assert "https://compliance.example/concerns/1/" in body
        assert "Control or lack of freedom" in body
    assert '<a href="https://compliance.example/concerns/1/">' in alternative.content


def test_a_text_only_email_has_no_html_part():
    message = make_message(
        to="maria@example.test", template=CONCERN, context=concern_context(), html=False
    )

    assert message.alternatives == []


def test_a_missing_template_raises_naming_it():
    with pytest.raises(TemplateDoesNotExist, match=r"guests/emails/nope-subject\.txt"):
        make_message(to="maria@example.test", template="guests/emails/nope", context={})


def test_an_email_is_rendered_in_the_site_language_whatever_language_is_active(settings):
    settings.LANGUAGE_CODE = "en-us"
    with translation.override("fr"):
        message = make_message(to="m@example.test", template=CONCERN, context=concern_context())

    assert '<html lang="en-us">' in message.alternatives[0].content


@pytest.mark.django_db
def test_a_forged_host_header_never_reaches_the_link_in_the_email(
    client, settings, sam, maria, mailoutbox
):
    settings.ALLOWED_HOSTS = ["*"]  # a permissive deployment: the header reaches the app
    client.force_login(sam)
    form = {
        "group_control": ["control.no_id"],
        "narrative": NARRATIVE,
        "action_taken": ["manager_told"],
        "token": str(uuid.uuid4()),
    }

    response = client.post(reverse("concern_new"), form, HTTP_HOST="evil.example")
    assert response.status_code == 302
    event = OutboxEvent.objects.get(task_name="guests.tasks.notify_managers_of_concern")
    notify_managers_of_concern(**event.kwargs, event_id=str(event.id))

    (message,) = mailoutbox
    everything = message.body + message.alternatives[0].content
    concern = ConcernReport.objects.get()
    link = "https://compliance.example" + reverse("concern_detail", kwargs={"pk": concern.pk})
    assert link in everything
    assert "evil.example" not in everything
