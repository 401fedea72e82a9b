"""Pre-arrival registration: prepare a stay, the guest's signed link, the desk's one-key check-in,
the PMS's endpoint, ended links and the expiry/purge task."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse

from guests import pre_arrivals
from guests.models import PreArrival, PreArrivalStatus, Registration
from guests.tasks import expire_pre_arrivals
from hotelcompliance.access_log import AccessEvent
from hotelcompliance.chain import ChainEntry
from hotelcompliance.outbox import OutboxEvent
from tests.factories import MembershipFactory, UserFactory
from tests.guests.factories import checkin_data

pytestmark = pytest.mark.django_db

# The frozen clock is 2026-06-15 14:30 UTC: 10:30 in Hartford.
TODAY = date(2026, 6, 15)
ID_NUMBER = "D1234-5678-90"


def stay(**overrides) -> dict:
    data = {
        "guest_name": "Ada Lovelace",
        "email": "ada@example.test",
        "expected_arrival": TODAY,
        "expected_departure": TODAY + timedelta(days=2),
        "room": "204",
        "rate": Decimal("149.00"),
        "rate_type": "nightly",
        "payment_method": "card",
        "receipt_number": "F-1001",
    }
    data.update(overrides)
    return data


def prepare(prop, actor, **overrides) -> PreArrival:
    return pre_arrivals.pre_arrival_create(prop=prop, actor=actor, data=stay(**overrides))[0]


def guest_path(pre_arrival) -> str:
    return reverse("pre_arrival_guest", kwargs={"token": pre_arrivals.link_token(pre_arrival)})


@pytest.fixture
def desk(client, sam):
    client.force_login(sam)
    return client


# --- Preparing a stay --------------------------------------------------------------------------


def test_a_stay_is_prepared_and_its_link_names_nobody(hotel_a, sam):
    pre_arrival = prepare(hotel_a, sam)

    url = pre_arrivals.link_url(pre_arrival)
    assert pre_arrival.status == PreArrivalStatus.SENT
    # The token is the row's id and a signature: nothing of the guest or the stay.
    token = url.rstrip("/").rsplit("/", 1)[1]
    assert token.split(":")[0] == pre_arrival.pk.hex
    assert "Ada" not in url and "Lovelace" not in url
    assert url.startswith("http") and "/arrive/" in url
    assert pre_arrival.link_ends_at().date() == TODAY + timedelta(days=3)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"guest_name": "  "}, "guest_name"),
        ({"expected_arrival": TODAY - timedelta(days=1)}, "expected_arrival"),
        ({"expected_departure": TODAY - timedelta(days=1)}, "expected_departure"),
        ({"email": "not an address"}, "email"),
        ({"room": "1\n2"}, "room"),
        ({"shoe_size": 42}, "shoe_size"),
    ],
)
def test_a_bad_stay_gets_field_errors_and_saves_nothing(hotel_a, sam, overrides, field):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        pre_arrivals.pre_arrival_create(prop=hotel_a, actor=sam, data=stay(**overrides))

    assert field in refused.value.message_dict
    assert not PreArrival.objects.exists()


def test_the_same_external_ref_returns_the_first_pre_arrival(hotel_a, sam):
    first, created = pre_arrivals.pre_arrival_create(
        prop=hotel_a, actor=sam, data=stay(external_ref="RES-1")
    )
    again, created_again = pre_arrivals.pre_arrival_create(
        prop=hotel_a, actor=sam, data=stay(external_ref="RES-1", guest_name="Someone Else")
    )

    assert created and not created_again
    assert again.pk == first.pk
    assert PreArrival.objects.count() == 1


def test_the_desk_prepares_a_stay_and_emails_the_link(desk, hotel_a):
    response = desk.post(
        reverse("pre_arrival_new"),
        {
            "guest_name": "Ada Lovelace",
            "expected_arrival": "2026-06-15",
            "expected_departure": "2026-06-17",
            "email": "ada@example.test",
            "language": "es",
            "room": "204",
            "send": "on",
        },
    )

    pre_arrival = PreArrival.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("pre_arrival_detail", kwargs={"pk": pre_arrival.pk})
    event = OutboxEvent.objects.get(task_name=pre_arrivals.SEND_LINK_TASK)
    assert event.kwargs == {"pre_arrival_id": str(pre_arrival.pk)}

    assert pre_arrivals.pre_arrival_email(str(pre_arrival.pk))
    message = mail.outbox[-1]
    assert message.to == ["ada@example.test"]
    assert "Antes de llegar" in message.subject or "antes de llegar" in message.subject
    assert pre_arrivals.link_url(pre_arrival) in message.body
    html, _kind = message.alternatives[0]
    assert 'lang="es"' in html and pre_arrivals.link_url(pre_arrival) in html

    page = desk.get(response.url)
    assert page.status_code == 200
    assert b"data:image/svg+xml;base64," in page.content  # the QR code
    assert pre_arrivals.link_url(pre_arrival).encode() in page.content


def test_the_desk_form_shows_field_errors_and_saves_nothing(desk, hotel_a):
    response = desk.post(
        reverse("pre_arrival_new"),
        {"guest_name": "", "expected_arrival": "2026-06-15", "expected_departure": "2026-06-10"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors
    assert not PreArrival.objects.exists()


# --- The guest's page --------------------------------------------------------------------------


def test_the_guest_page_works_without_an_account_and_asks_only_what_the_pack_needs(
    client, hotel_a, sam
):
    pre_arrival = prepare(hotel_a, sam)

    response = client.get(guest_path(pre_arrival))

    assert response.status_code == 200
    # Connecticut asks the guest for their name and party size; nothing else is asked.
    assert set(response.context["form"].fields) == {"guest_name", "adults", "minors"}
    assert response["Cache-Control"] == "no-store, private"
    assert response["Referrer-Policy"] == "same-origin"
    assert b"How your details are used" in response.content  # the privacy notice
    assert b'name="viewport"' in response.content


def test_a_stricter_property_asks_for_the_id_too(client, hotel_a, sam):
    hotel_a.extra_required_guest_fields = ["id_type", "id_number", "address"]
    hotel_a.save()
    pre_arrival = prepare(hotel_a, sam)

    response = client.get(guest_path(pre_arrival))

    assert set(response.context["form"].fields) == {
        "guest_name",
        "address",
        "id_type",
        "id_number",
        "adults",
        "minors",
    }


def test_the_guest_fills_the_form_and_the_id_number_is_stored_encrypted(client, hotel_a, sam):
    hotel_a.extra_required_guest_fields = ["id_type", "id_number"]
    hotel_a.save()
    pre_arrival = prepare(hotel_a, sam)

    response = client.post(
        guest_path(pre_arrival),
        {
            "guest_name": "Ada King",
            "id_type": "passport",
            "id_number": ID_NUMBER,
            "adults": "2",
            "minors": "1",
        },
    )

    assert response.status_code == 200
    assert response.context["thanks"]
    pre_arrival.refresh_from_db()
    assert pre_arrival.status == PreArrivalStatus.FILLED
    assert (pre_arrival.guest_name, pre_arrival.adults, pre_arrival.minors) == ("Ada King", 2, 1)
    assert pre_arrival.id_number == ID_NUMBER
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number FROM guests_prearrival")
        (stored,) = cursor.fetchone()
    assert ID_NUMBER not in stored
    # The page never shows the number back.
    assert ID_NUMBER.encode() not in response.content
    # Every use is logged, without the guest's name or number.
    events = AccessEvent.objects.filter(object_type="pre_arrival", object_id=str(pre_arrival.pk))
    assert events.count() == 1
    assert events.get().actor is None
    for event in AccessEvent.objects.all():
        assert "Ada" not in event.reason and ID_NUMBER not in event.reason


def test_a_second_visit_keeps_the_id_number_unless_typed_again(client, hotel_a, sam):
    hotel_a.extra_required_guest_fields = ["id_number"]
    hotel_a.save()
    pre_arrival = prepare(hotel_a, sam)
    filled = {"guest_name": "Ada King", "id_number": ID_NUMBER, "adults": "1", "minors": "0"}
    client.post(guest_path(pre_arrival), filled)

    again = client.get(guest_path(pre_arrival))
    client.post(guest_path(pre_arrival), {**filled, "id_number": "", "adults": "3"})

    assert ID_NUMBER.encode() not in again.content
    assert not again.context["form"].fields["id_number"].required
    pre_arrival.refresh_from_db()
    assert (pre_arrival.id_number, pre_arrival.adults) == (ID_NUMBER, 3)


def test_bad_guest_input_gets_field_errors_and_changes_nothing(client, hotel_a, sam):
    pre_arrival = prepare(hotel_a, sam)

    response = client.post(
        guest_path(pre_arrival), {"guest_name": "", "adults": "0", "minors": "x"}
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"guest_name", "adults", "minors"} <= set(errors)
    pre_arrival.refresh_from_db()
    assert pre_arrival.status == PreArrivalStatus.SENT
    assert pre_arrival.filled_at is None


def test_the_guest_page_speaks_spanish(client, hotel_a, sam):
    pre_arrival = prepare(hotel_a, sam, language="es")

    response = client.get(guest_path(pre_arrival))

    assert response["Content-Language"] == "es"
    assert "Cómo se usan sus datos".encode() in response.content


def test_the_guest_s_own_language_choice_wins(client, hotel_a, sam):
    pre_arrival = prepare(hotel_a, sam, language="es")
    client.cookies["django_language"] = "en"

    response = client.get(guest_path(pre_arrival))

    assert response["Content-Language"] == "en"


@pytest.mark.parametrize("token", ["nonsense", "a" * 40 + ":bad", ""])
def test_a_forged_link_gets_a_clear_404(client, token):
    path = f"/arrive/{token}/" if token else "/arrive/x/"

    response = client.get(path)

    assert response.status_code == 404
    assert b"not a valid link" in response.content


def test_a_revoked_link_says_so(client, desk, hotel_a, sam):
    pre_arrival = prepare(hotel_a, sam)

    desk.post(reverse("pre_arrival_revoke", kwargs={"pk": pre_arrival.pk}))
    response = client.get(guest_path(pre_arrival))

    pre_arrival.refresh_from_db()
    assert pre_arrival.status == PreArrivalStatus.REVOKED
    assert response.status_code == 410
    assert b"cancelled this link" in response.content
    assert AccessEvent.objects.filter(kind="revoke", object_type="pre_arrival").exists()
    assert AccessEvent.objects.filter(kind="denied", object_type="pre_arrival").exists()


def test_a_link_expires_after_the_departure_day(client, hotel_a, sam, frozen_clock):
    pre_arrival = prepare(hotel_a, sam)

    frozen_clock.move_to("2026-06-18T04:01:00+00:00")  # 00:01 on the 18th in Hartford
    response = client.get(guest_path(pre_arrival))

    assert response.status_code == 410
    assert b"has expired" in response.content


def test_a_used_link_says_the_guest_is_checked_in(client, desk, hotel_a, sam):
    pre_arrival = prepare(hotel_a, sam)
    check_in(desk, pre_arrival)

    response = client.get(guest_path(pre_arrival))

    assert response.status_code == 410
    assert b"already checked in" in response.content


# --- The desk ----------------------------------------------------------------------------------


def check_in(desk, pre_arrival):
    """The clerk opens the pre-filled form and sends it as shown."""
    page = desk.get(reverse("pre_arrival_check_in", kwargs={"pk": pre_arrival.pk}))
    form = page.context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None:
            continue
        data[name] = field.widget.format_value(value) if hasattr(value, "year") else value
    return desk.post(reverse("pre_arrival_check_in", kwargs={"pk": pre_arrival.pk}), data)


def test_the_desk_lists_expected_arrivals_apart_from_the_in_house(desk, hotel_a, sam):
    from tests.guests.factories import make_registration

    make_registration(hotel_a, sam, guest_name="Grace Hopper")
    today = prepare(hotel_a, sam)
    prepare(hotel_a, sam, guest_name="Tomorrow Guest", expected_arrival=TODAY + timedelta(1))

    response = desk.get(reverse("desk"))

    assert [p.pk for p in response.context["expected_arrivals"]] == [today.pk]
    assert [r.guest_name for r in response.context["in_house"]] == ["Grace Hopper"]
    html = response.content.decode()
    section = html[html.index("data-expected-arrivals") : html.index('id="arrivals-title"')]
    assert "Ada Lovelace" in section and "Grace Hopper" not in section
    assert reverse("pre_arrival_check_in", kwargs={"pk": today.pk}) in section
    # The desk's one event counts the expected arrivals with its other lists.
    event = AccessEvent.objects.get(object_type="desk_lists")
    assert "expected_arrivals 1" in event.reason and "expected_arrivals" in event.fields


def test_the_check_in_form_is_pre_filled_from_the_pre_arrival(desk, hotel_a, sam):
    hotel_a.extra_required_guest_fields = ["id_type", "id_number"]
    hotel_a.save()
    pre_arrival = prepare(hotel_a, sam)
    pre_arrivals.pre_arrival_fill(
        pre_arrival=pre_arrival,
        data={"guest_name": "Ada King", "id_type": "passport", "id_number": ID_NUMBER, "adults": 2},
    )

    response = desk.get(reverse("pre_arrival_check_in", kwargs={"pk": pre_arrival.pk}))

    form = response.context["form"]
    assert form["guest_name"].value() == "Ada King"
    assert form["room"].value() == "204"
    assert form["adults"].value() == 2
    assert form["amount_charged"].value() == Decimal("298.00")  # 149 x 2 nights
    assert form["id_number"].value() == ID_NUMBER
    html = response.content.decode()
    assert reverse("pre_arrival_check_in", kwargs={"pk": pre_arrival.pk}) in html
    assert "check the guest&#x27;s photo ID" in html or "check the guest's photo ID" in html
    assert AccessEvent.objects.filter(
        kind="view_unmasked", object_type="pre_arrival", fields=["id_number"]
    ).exists()


def test_one_submit_checks_in_through_the_register_and_ends_the_pre_arrival(desk, hotel_a, sam):
    pre_arrival = prepare(hotel_a, sam)
    chain_before = ChainEntry.objects.filter(kind="registration").count()

    response = check_in(desk, pre_arrival)

    registration = Registration.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("registration_detail", kwargs={"pk": registration.pk})
    assert registration.number == 1
    assert registration.guest_name == "Ada Lovelace"
    assert registration.room == "204"
    assert registration.external_ref == f"pre-arrival:{pre_arrival.pk}"
    assert ChainEntry.objects.filter(kind="registration").count() == chain_before + 1
    pre_arrival.refresh_from_db()
    assert pre_arrival.status == PreArrivalStatus.CHECKED_IN
    assert pre_arrival.registration == registration
    # The register holds the details now; the pre-arrival keeps none.
    assert pre_arrival.guest_name == "" and pre_arrival.room == "" and pre_arrival.purged_at


def test_a_second_submit_finds_the_first_check_in(desk, hotel_a, sam):
    pre_arrival = prepare(hotel_a, sam)
    page = desk.get(reverse("pre_arrival_check_in", kwargs={"pk": pre_arrival.pk}))
    form = page.context["form"]
    data = {
        name: (form.fields[name].widget.format_value(v) if hasattr(v, "year") else v)
        for name in form.fields
        if (v := form[name].value()) is not None
    }
    url = reverse("pre_arrival_check_in", kwargs={"pk": pre_arrival.pk})

    first = desk.post(url, data)
    second = desk.post(url, data)

    assert Registration.objects.count() == 1
    assert second.status_code == 302 and second.url == first.url


def test_the_register_s_rules_apply_at_a_pre_arrival_check_in(desk, hotel_a, sam):
    pre_arrival = prepare(hotel_a, sam, room="", rate=None)

    response = check_in(desk, pre_arrival)

    assert response.status_code == 200
    assert {"room", "rate"} <= set(response.context["form"].errors)
    assert not Registration.objects.exists()
    pre_arrival.refresh_from_db()
    assert pre_arrival.status == PreArrivalStatus.SENT


def test_another_property_s_pre_arrival_is_a_404(client, hotel_b, hotel_a, sam):
    olga = UserFactory(username="olga2")
    MembershipFactory(user=olga, property=hotel_b, role="front_desk")
    theirs = prepare(hotel_b, olga)
    client.force_login(sam)

    for name in ("pre_arrival_detail", "pre_arrival_check_in"):
        assert client.get(reverse(name, kwargs={"pk": theirs.pk})).status_code == 404


# --- The PMS -----------------------------------------------------------------------------------


def api_path(prop) -> str:
    return f"/api/v1/properties/{prop.pk}/pre-arrivals/"


def test_the_pms_creates_a_pre_arrival_and_gets_its_link(api_as, hotel_a, sam):
    client = api_as(sam)
    body = {
        "guest_name": "Ada Lovelace",
        "expected_arrival": "2026-06-15",
        "expected_departure": "2026-06-17",
        "external_ref": "RES-77",
        "room": "204",
        "rate": "149.00",
    }

    created = client.post(api_path(hotel_a), body, format="json")
    retried = client.post(api_path(hotel_a), body, format="json")

    assert created.status_code == 201
    assert retried.status_code == 200
    assert created.json()["id"] == retried.json()["id"]
    pre_arrival = PreArrival.objects.get()
    assert created.json()["link"] == pre_arrivals.link_url(pre_arrival)
    assert "guest_name" not in created.json()  # no personal data is echoed
    detail = client.get(f"{api_path(hotel_a)}{pre_arrival.pk}/")
    assert detail.json()["status"] == "sent"


def test_the_pms_gets_field_errors_for_a_bad_pre_arrival(api_as, hotel_a, sam):
    client = api_as(sam)

    response = client.post(
        api_path(hotel_a),
        {"guest_name": 5, "expected_arrival": "soon", "expected_departure": "2026-06-10"},
        format="json",
    )
    past = client.post(
        api_path(hotel_a),
        {
            "guest_name": "Ada",
            "expected_arrival": "2026-06-01",
            "expected_departure": "2026-06-10",
        },
        format="json",
    )

    assert response.status_code == 400
    assert {"guest_name", "expected_arrival"} <= set(response.json()["fields"])
    assert past.status_code == 400
    assert "expected_arrival" in past.json()["fields"]
    assert not PreArrival.objects.exists()


def test_a_pms_sync_of_the_reservation_checks_the_pre_arrival_in(api_as, hotel_a, sam):
    client = api_as(sam)
    pre_arrival = prepare(hotel_a, sam, external_ref="RES-9")

    response = client.put(
        f"/api/v1/properties/{hotel_a.pk}/registrations/by-external-ref/RES-9/",
        {
            k: (v.isoformat() if hasattr(v, "isoformat") else str(v))
            for k, v in checkin_data(hotel_a).items()
        },
        format="json",
    )

    assert response.status_code == 201
    pre_arrival.refresh_from_db()
    assert pre_arrival.status == PreArrivalStatus.CHECKED_IN
    assert pre_arrival.registration.external_ref == "RES-9"


def test_the_pms_revokes_a_link(api_as, hotel_a, sam):
    client = api_as(sam)
    pre_arrival = prepare(hotel_a, sam)

    first = client.post(f"{api_path(hotel_a)}{pre_arrival.pk}/revoke/")
    again = client.post(f"{api_path(hotel_a)}{pre_arrival.pk}/revoke/")

    assert first.status_code == 200 and first.json()["link"] is None
    assert again.status_code == 409


def test_the_schema_documents_the_pre_arrival_endpoints(api):
    paths = api.get(reverse("schema"), {"format": "json"}).json()["paths"]

    prefix = "/api/v1/properties/{property_pk}/pre-arrivals"
    assert "post" in paths[f"{prefix}/"]
    assert "get" in paths[f"{prefix}/{{id}}/"]
    assert "post" in paths[f"{prefix}/{{id}}/revoke/"]
    create = paths[f"{prefix}/"]["post"]
    assert "requestBody" in create and "201" in create["responses"]


# --- Expiry and purge --------------------------------------------------------------------------


def test_the_beat_task_expires_then_purges_after_the_retention_period(
    hotel_a, sam, frozen_clock, settings
):
    settings.PRE_ARRIVAL_RETENTION_DAYS = 14
    pre_arrival = prepare(hotel_a, sam)
    staying = prepare(hotel_a, sam, expected_departure=TODAY + timedelta(days=30))

    frozen_clock.move_to("2026-06-18T12:00:00+00:00")
    assert expire_pre_arrivals() == {"expired": 1, "purged": 0}
    pre_arrival.refresh_from_db()
    assert pre_arrival.status == PreArrivalStatus.EXPIRED
    assert pre_arrival.guest_name == "Ada Lovelace"  # kept for the retention period

    frozen_clock.move_to("2026-07-02T12:00:00+00:00")
    assert expire_pre_arrivals() == {"expired": 0, "purged": 1}
    pre_arrival.refresh_from_db()
    assert pre_arrival.guest_name == "" and pre_arrival.email == "" and pre_arrival.purged_at
    staying.refresh_from_db()
    assert staying.status == PreArrivalStatus.SENT and staying.guest_name == "Ada Lovelace"


def test_the_beat_schedule_runs_the_task(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "guests.tasks.expire_pre_arrivals" in tasks


@pytest.mark.django_db(transaction=True)
def test_the_register_s_purge_unlinks_a_checked_in_pre_arrival(hotel_a, sam, frozen_clock):
    """The purge deletes with plain SQL: a pre-arrival pointing at the stay must let it go."""
    from guests.retention import purge_expired
    from guests.services import registration_checkout

    pre_arrival = prepare(hotel_a, sam)
    data = {
        **checkin_data(hotel_a),
        "guest_name": "Ada Lovelace",
        "external_ref": pre_arrivals.registration_external_ref(pre_arrival),
    }
    registration = pre_arrivals.pre_arrival_check_in(pre_arrival=pre_arrival, actor=sam, data=data)
    registration_checkout(registration=registration, actor=sam)

    frozen_clock.move_to("2027-06-15T12:00:00+00:00")
    report = purge_expired(prop=hotel_a, today=hotel_a.today())

    assert report.registrations == 1
    pre_arrival.refresh_from_db()
    assert pre_arrival.registration_id is None
    assert pre_arrival.status == PreArrivalStatus.CHECKED_IN
