"""`form_once`: the one-time token of a page form, issued, renewed, claimed and remembered."""

import uuid
from types import SimpleNamespace

from django import forms

from hotelcompliance import form_once
from hotelcompliance.form_once import (
    once_claim,
    once_field,
    once_new,
    once_release,
    once_remember,
    once_renew,
    once_seen,
)


class NoteForm(forms.Form):
    note = forms.CharField()
    token = once_field()


def test_the_field_is_a_hidden_required_uuid():
    form = NoteForm({"note": "hello", "token": "not-a-uuid"})

    assert NoteForm().fields["token"].widget.is_hidden
    assert not form.is_valid() and "token" in form.errors
    assert not NoteForm({"note": "hello"}).is_valid()


def test_a_refused_token_is_replaced_and_the_reader_told():
    form = NoteForm({"note": "hello", "token": "garbled"})
    assert not form.is_valid()

    assert once_renew(form) is True

    assert uuid.UUID(form.data["token"])
    assert form_once.EXPIRED in form.non_field_errors()
    assert form.data["note"] == "hello"


def test_a_good_token_is_kept():
    token = str(once_new())
    form = NoteForm({"note": "", "token": token})
    assert not form.is_valid()  # the note is missing, the token is fine

    assert once_renew(form) is False

    assert form.data["token"] == token
    assert form.non_field_errors() == []


def test_each_form_gets_its_own_token():
    assert once_new() != once_new()


def test_a_claimed_token_cannot_be_claimed_again_until_released():
    token = once_new()

    assert once_claim("tests:once", token, seconds=60) is True
    assert once_claim("tests:once", token, seconds=60) is False
    assert once_claim("tests:other", token, seconds=60) is True

    once_release("tests:once", token)
    assert once_claim("tests:once", token, seconds=60) is True


def test_the_session_remembers_what_a_token_made_and_only_the_last_few():
    request = SimpleNamespace(session={})
    first = once_new()

    assert once_seen(request, "made", first) is None
    once_remember(request, "made", first, "report-1")
    assert once_seen(request, "made", first) == "report-1"

    for number in range(form_once.SESSION_REMEMBERED):
        once_remember(request, "made", once_new(), f"later-{number}")

    assert once_seen(request, "made", first) is None
    assert len(request.session["made"]) == form_once.SESSION_REMEMBERED
