"""Every read of personal data writes exactly one access event, and the event holds none.

Pages and API calls across the register, concern reports, the training roster and records
requests; each event names ids, counts and filter names only. No view or endpoint writes an
access event itself: they all go through the apps' selectors (checked on the source by
`tests/core/test_rules_out_of_views.py`).
"""

import pytest
from django.urls import reverse

from hotelcompliance.access_log import AccessEvent, AccessKind
from tests.audits.factories import file_request
from tests.guests.concern_data import make_concern
from tests.guests.factories import make_registration
from tests.training.factories import EmployeeFactory

GUEST = "Ada Lovelace"
ID_NUMBER = "D1234-5678"
EMPLOYEE = "Grace Hopper"
SECRETS = (GUEST, "Lovelace", ID_NUMBER, EMPLOYEE, "Hopper", "Jane Roe", "ada@example.org")


@pytest.fixture
def data(hotel_a, maria, sam, ivan):
    stay = make_registration(
        hotel_a, sam, guest_name=GUEST, id_number=ID_NUMBER, id_type="drivers_licence"
    )
    concern = make_concern(hotel_a, sam, registration=stay.pk)
    employee = EmployeeFactory(property=hotel_a, name=EMPLOYEE, email="ada@example.org")
    records_request = file_request(hotel_a, ivan)
    return {"stay": stay, "concern": concern, "employee": employee, "rr": records_request}


def _web(name, **kwargs):
    return lambda d, p: reverse(name, kwargs={k: d[v].pk for k, v in kwargs.items()})


def _api(path):
    return lambda d, p: f"/api/v1/properties/{p.pk}/" + path.format(**d)


# (who, method, url, expected object type, expected object id key or None)
READS = [
    ("sam", "get", _web("desk"), "desk_lists", None),
    ("sam", "get", _web("registration_detail", pk="stay"), "registration", "stay"),
    ("maria", "get", _web("registration_correct", pk="stay"), "registration", "stay"),
    ("maria", "post", _web("registration_search"), "registration", None),
    ("maria", "get", _web("concern_list"), "concern_list", None),
    ("maria", "get", _web("concern_detail", pk="concern"), "concern_report", "concern"),
    ("maria", "get", _web("training_roster"), "training_roster", None),
    ("maria", "get", _web("training_employee", pk="employee"), "employee", "employee"),
    ("maria", "get", _web("records_request_list"), "records_request_list", None),
    ("sam", "get", _api("registrations/"), "registration_list", None),
    ("sam", "get", _api("registrations/{stay.pk}/"), "registration", "stay"),
    ("maria", "get", _api("concerns/"), "concern_list", None),
    ("maria", "get", _api("concerns/{concern.pk}/"), "concern_report", "concern"),
    ("maria", "get", _api("employees/"), "employee_list", None),
    ("maria", "get", _api("employees/{employee.pk}/"), "employee", "employee"),
    ("maria", "get", _api("training-records/"), "training_record_list", None),
    ("maria", "get", _api("training-status/"), "training_status_list", None),
    ("maria", "get", _api("records-requests/"), "records_request_list", None),
]


@pytest.mark.parametrize(
    ("who", "method", "url", "object_type", "object_key"),
    READS,
    ids=[f"{r[0]}-{r[3]}-{i}" for i, r in enumerate(READS)],
)
def test_each_read_writes_one_event_without_personal_data(
    request, client, hotel_a, data, who, method, url, object_type, object_key
):
    user = request.getfixturevalue(who)
    client.force_login(user)
    path = url(data, hotel_a)
    before = set(AccessEvent.objects.values_list("pk", flat=True))

    send = client.post if method == "post" else client.get
    response = send(path, {"name": GUEST}) if method == "post" else send(path)

    assert response.status_code == 200
    new = list(AccessEvent.objects.exclude(pk__in=before))
    assert len(new) == 1
    event = new[0]
    assert (event.object_type, event.actor, event.property) == (object_type, user, hotel_a)
    if object_key:
        assert event.object_id == str(data[object_key].pk)
    stored = " ".join(
        str(value)
        for value in (event.object_id, event.fields, event.reason, event.roles, event.actor_label)
    )
    for secret in SECRETS:
        assert secret.lower() not in stored.lower()


def test_a_search_names_its_criteria_and_counts_its_results(client, maria, data):
    client.force_login(maria)

    client.post(reverse("registration_search"), {"name": GUEST, "room": "101"})

    event = AccessEvent.objects.get(kind=AccessKind.SEARCH)
    assert event.fields == ["name", "room"]
    assert event.reason == "results 1"


def test_the_desk_event_counts_each_list(client, sam, data):
    client.force_login(sam)

    client.get(reverse("desk"))

    event = AccessEvent.objects.get(object_type="desk_lists")
    assert event.fields == ["arrivals", "expected_arrivals", "in_house", "recently_departed"]
    assert event.reason == "arrivals 1, in_house 1, recently_departed 0, expected_arrivals 0"


def test_a_refused_read_writes_nothing(client, olga, data):
    client.force_login(olga)

    response = client.get(reverse("registration_detail", kwargs={"pk": data["stay"].pk}))

    assert response.status_code == 404
    assert not AccessEvent.objects.filter(object_type="registration").exists()
