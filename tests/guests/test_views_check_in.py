"""The check-in page: defaults, success, one registration per form, and every kind of bad input."""

import uuid
import zoneinfo
from datetime import datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from guests.forms import FILLED_WHEN_BLANK
from guests.models import Registration
from hotelcompliance.chain import ChainEntry

pytestmark = pytest.mark.django_db

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
NOW = datetime(2026, 3, 10, 15, 7, 30, tzinfo=NEW_YORK)


@pytest.fixture(autouse=True)
def at_the_desk():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def desk(client, sam):
    client.force_login(sam)
    return client


def form_data(**overrides) -> dict:
    data = {
        "room": "204",
        "guest_name": "Ada Lovelace",
        "adults": "2",
        "minors": "1",
        "occupants": "Charles Babbage\n\n  Annabella Byron *  \n",
        "arrival": "2026-03-10T15:07",
        "expected_departure": "2026-03-12",
        "rate": "149.00",
        "rate_type": "nightly",
        "amount_charged": "298.00",
        "payment_method": "card",
        "receipt_number": "F-1001",
        "address": "",
        "phone": "",
        "email": "",
        "id_type": "drivers_licence",
        "id_number": "D1234-5678-90",
        "id_issuer": "CT",
        "vehicle_plate": "",
        "vehicle_state": "",
        "token": str(uuid.uuid4()),
    }
    data.update(overrides)
    return data


def saved() -> tuple[int, int]:
    return Registration.objects.count(), ChainEntry.objects.count()


def test_the_form_starts_with_room_and_name_and_sensible_defaults(desk, hotel_a):
    response = desk.get(reverse("check_in"))

    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.fields)[:2] == ["room", "guest_name"]
    page = response.content.decode()
    assert page.index('name="room"') < page.index('name="guest_name"') < page.index('name="adults"')
    assert 'name="room"' in page and "autofocus" in page
    assert 'value="2026-03-10 15:07"' in page  # arrival: now, on the property's clock (typed box)
    assert 'value="2026-03-11"' in page  # expected departure: tomorrow
    assert form["adults"].value() == 1
    assert form["minors"].value() == 0
    assert form["rate_type"].value() == "nightly"
    uuid.UUID(str(form["token"].value()))


def test_fields_the_rule_pack_requires_are_marked_required(desk, hotel_a):
    form = desk.get(reverse("check_in")).context["form"]

    required = {name for name, field in form.fields.items() if field.required}
    # The counts and the amount may be left blank: they follow from the occupant list and
    # from rate x nights, and the service still requires them when nothing follows.
    by_law = hotel_a.rule_pack().guest_fields().required
    assert by_law - FILLED_WHEN_BLANK <= required
    assert by_law >= FILLED_WHEN_BLANK and not FILLED_WHEN_BLANK & required
    assert not form.fields["id_number"].required


def test_personal_fields_are_not_autocompleted(desk):
    page = desk.get(reverse("check_in")).content.decode()

    for name in ("guest_name", "id_number", "phone", "email"):
        tag = page[page.index(f'name="{name}"') :].split(">", 1)[0]
        assert 'autocomplete="off"' in tag, name


def test_a_check_in_creates_one_registration_and_redirects_to_it(desk, sam, hotel_a):
    response = desk.post(reverse("check_in"), form_data())

    registration = Registration.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("registration_detail", kwargs={"pk": registration.pk})
    assert registration.property == hotel_a
    assert registration.registered_by == sam
    assert registration.channel == "desk"
    assert registration.occupants == [
        {"name": "Charles Babbage", "minor": False},
        {"name": "Annabella Byron", "minor": True},
    ]
    assert (registration.adults, registration.minors) == (2, 1)
    assert registration.arrival == datetime(2026, 3, 10, 15, 7, tzinfo=NEW_YORK)
    assert registration.id_number == "D1234-5678-90"
    page = desk.get(response["Location"]).content.decode()
    assert f"Registration {registration.number} recorded." in page


def test_the_same_form_sent_twice_creates_one_registration(desk):
    data = form_data()

    first = desk.post(reverse("check_in"), data)
    second = desk.post(reverse("check_in"), data)

    assert Registration.objects.count() == 1
    assert second.status_code == 302
    assert second["Location"] == first["Location"]
    assert "Already registered #1" in desk.get(second["Location"]).content.decode()


def test_two_forms_make_two_registrations(desk):
    desk.post(reverse("check_in"), form_data())
    desk.post(reverse("check_in"), form_data(room="205", receipt_number="F-1002"))

    assert sorted(Registration.objects.values_list("number", flat=True)) == [1, 2]


def test_a_form_sent_twice_after_an_error_still_creates_one(desk):
    data = form_data(guest_name="")
    assert desk.post(reverse("check_in"), data).status_code == 200

    data["guest_name"] = "Ada Lovelace"
    desk.post(reverse("check_in"), data)
    desk.post(reverse("check_in"), data)

    assert Registration.objects.count() == 1


def refused(desk, **overrides):
    """Post a check-in that must fail: 200, the form again, nothing saved."""
    before = saved()
    response = desk.post(reverse("check_in"), form_data(**overrides))
    assert response.status_code == 200
    assert saved() == before
    return response.context["form"], response.content.decode()


def test_missing_required_fields_are_shown_beside_them_with_the_values_kept(desk):
    form, page = refused(desk, room="", receipt_number="", guest_name="Ada Lovelace")

    assert "PA 16-71" in form.errors["room"][0]
    assert "receipt_number" in form.errors
    assert 'value="Ada Lovelace"' in page
    assert 'value="149.00"' in page
    assert "Charles Babbage" in page
    assert 'class="field has-error"' in page


def test_an_hourly_rate_is_refused_citing_the_law(desk):
    form, page = refused(desk, rate_type="hourly")

    assert "PA 23-20" in form.errors["rate_type"][0]
    assert 'value="Ada Lovelace"' in page
    assert 'value="D1234-5678-90"' in page  # what the clerk typed, on this response only


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("guest_name", "Ada\x00Lovelace"),
        ("guest_name", "Ada\x07Lovelace"),
        ("guest_name", "Ada\nLovelace"),
        ("guest_name", "A" * 10_000),
        ("room", "1" * 100_000),
        ("occupants", "Charles\x1bBabbage"),
        ("occupants", "x" * 201),
        ("occupants", "\n".join(["Someone"] * 41)),
        ("adults", "0"),
        ("adults", "-1"),
        ("adults", "999999999999999999999"),
        ("adults", "two"),
        ("minors", "21"),
        ("arrival", "garbage"),
        ("arrival", "2026-02-30T10:00"),
        ("arrival", "9999-12-31T23:59"),
        ("arrival", "0001-01-01T00:00"),
        ("arrival", "2026-03-08T02:30"),  # does not exist in New York (clocks go forward)
        ("expected_departure", "2026-03-09"),  # before the arrival
        ("expected_departure", "31/12/2026"),
        ("expected_departure", "9999-12-31"),
        ("rate", "-1"),
        ("rate", "NaN"),
        ("rate", "Infinity"),
        ("rate", "1e400"),
        ("rate", "12345678901"),
        ("amount_charged", "1.234"),
        ("rate_type", "free"),
        ("payment_method", "bitcoin"),
        ("id_type", "library_card"),
        ("email", "not-an-email"),
        ("email", "a@b.c\x00"),
        ("id_number", "X" * 65),
    ],
)
def test_bad_input_gets_a_field_error_never_a_500(desk, field, value):
    form, _ = refused(desk, **{field: value})

    assert field in form.errors, form.errors


def test_a_missing_or_forged_token_gets_a_fresh_one_and_saves_nothing(desk):
    form, page = refused(desk, token="not-a-uuid")

    assert form.non_field_errors()
    assert 'value="not-a-uuid"' not in page
    uuid.UUID(form.data["token"])


def test_a_post_with_nothing_at_all_is_a_form_error(desk):
    before = saved()

    response = desk.post(reverse("check_in"), {})

    assert response.status_code == 200
    assert saved() == before
    assert "guest_name" in response.context["form"].errors


def test_arrival_is_read_on_the_propertys_clock(desk, hotel_a):
    hotel_a.timezone = "America/Los_Angeles"
    hotel_a.save()

    desk.post(reverse("check_in"), form_data(arrival="2026-03-10T12:00"))

    arrival = Registration.objects.get().arrival
    assert arrival == datetime(2026, 3, 10, 12, 0, tzinfo=zoneinfo.ZoneInfo("America/Los_Angeles"))
    assert arrival.astimezone(NEW_YORK).hour == 15
    assert timedelta(0) <= NOW - arrival < timedelta(minutes=10)
