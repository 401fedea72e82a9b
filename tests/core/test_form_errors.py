"""`form_errors_place`: a service's errors land where the reader sees them, none lost."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from hotelcompliance.form_errors import form_errors_place


class RoomForm(forms.Form):
    room = forms.CharField()
    note = forms.CharField(required=False)
    token = forms.UUIDField(widget=forms.HiddenInput, required=False)


def _valid_form(**data) -> RoomForm:
    form = RoomForm({"room": "12", **data})
    assert form.is_valid()
    return form


def _all_messages(form: forms.Form) -> list[str]:
    return [message for messages in form.errors.values() for message in messages]


def test_a_dict_error_on_a_known_field_goes_beside_it():
    form = _valid_form()

    form_errors_place(form, ValidationError({"room": "That room does not exist."}))

    assert form.errors == {"room": ["That room does not exist."]}
    assert "room" not in form.cleaned_data


def test_an_unknown_name_goes_on_top_with_its_label():
    form = _valid_form()

    form_errors_place(form, ValidationError({"external_ref": ["Already used."]}))

    assert form.non_field_errors() == ["External ref: Already used."]


def test_a_hidden_field_is_not_where_anyone_reads_so_it_goes_on_top():
    form = _valid_form()

    form_errors_place(form, ValidationError({"token": "Expired."}), labels={"token": "Form"})

    assert form.non_field_errors() == ["Form: Expired."]
    assert "token" not in form.errors


def test_an_empty_label_and_non_field_errors_go_on_top_as_they_are():
    form = _valid_form()

    error = ValidationError({"indicators": "Choose a sign.", NON_FIELD_ERRORS: ["Closed."]})
    form_errors_place(form, error, labels={"indicators": ""})

    assert sorted(form.non_field_errors()) == ["Choose a sign.", "Closed."]


def test_renames_point_the_service_name_at_the_form_field():
    form = _valid_form()

    form_errors_place(
        form, ValidationError({"room_number": "Unknown."}), renames={"room_number": "room"}
    )

    assert form.errors == {"room": ["Unknown."]}


def test_a_plain_message_a_list_and_a_dict_are_all_accepted():
    form = _valid_form()

    form_errors_place(form, ValidationError("Closed for the night."))
    form_errors_place(form, ["First.", "Second."])
    form_errors_place(form, "Plain.")
    form_errors_place(form, {"note": "Too short."})

    assert form.non_field_errors() == ["Closed for the night.", "First.", "Second.", "Plain."]
    assert form.errors["note"] == ["Too short."]


def test_a_field_the_form_already_faulted_keeps_both_and_repeats_neither():
    form = RoomForm({"room": ""})
    assert not form.is_valid()
    already = list(form.errors["room"])

    error = ValidationError({"room": [already[0], "And it is out of service."]})
    form_errors_place(form, error)

    assert form.errors["room"] == [*already, "And it is out of service."]


def test_nothing_is_dropped():
    form = _valid_form()
    error = ValidationError(
        {
            "room": ["A.", "B."],
            "note": ["C."],
            "token": ["D."],
            "elsewhere": ["E.", "F."],
            NON_FIELD_ERRORS: ["G."],
        }
    )

    form_errors_place(form, error)

    placed = _all_messages(form)
    assert len(placed) == 7
    for message in "ABCDEFG":
        assert any(text.endswith(f"{message}.") for text in placed), message
