"""A request's scope narrows or refuses: whole names, one matcher, a count before producing."""

import io
import re
from datetime import timedelta

import pdfplumber
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audits.models import RecordsRequest
from audits.reports import services as report_services
from audits.reports.register_extract import registrations_in_scope
from audits.scope import request_scope_size
from audits.services import records_request_produce, records_request_review
from tests.audits.factories import days_ago, file_request
from tests.audits.report_fixtures import *  # noqa: F403
from tests.guests.factories import arriving, make_registration

pytestmark = pytest.mark.django_db

DAY = 15  # days ago: the stays below arrived inside the factories' default period


def stay(prop, actor, name, *, room="101", occupants=(), day=DAY, minute=0):
    when = days_ago(day)
    return make_registration(
        prop,
        actor,
        guest_name=name,
        occupants=list(occupants),
        room=room,
        arrival=arriving(prop, when, 10) + timedelta(minutes=minute),
        expected_departure=when + timedelta(days=1),
    )


@pytest.fixture
def register(hotel_a, maria):
    """Ann Smith (lead), an occupant named Ann Smith, and guests whose names contain "Ann"."""
    return {
        "lead": stay(hotel_a, maria, "Ann Smith", minute=1),
        "occupant": stay(hotel_a, maria, "Bob Jones", occupants=["ANN  SMITH"], minute=2),
        "joanna": stay(hotel_a, maria, "Joanna Smith", minute=3),
        "annette": stay(hotel_a, maria, "Annette Smithers", occupants=["Ann"], minute=4),
        "json": stay(hotel_a, maria, "Carl Ray", occupants=["Ann Smith's", '"x"'], minute=5),
    }


def in_scope(request) -> set:
    return set(registrations_in_scope(request).values_list("pk", flat=True))


def test_a_name_matches_a_lead_or_occupant_as_a_whole_name_only(hotel_a, ivan, register):
    request = file_request(hotel_a, ivan, names=["ann smith"], rooms=[])

    assert in_scope(request) == {register["lead"].pk, register["occupant"].pk}


@pytest.mark.parametrize("asked", ["Ann", "Smith", "nn Smi", '", "', "[", '"x"'])
def test_part_of_a_name_or_of_the_stored_json_matches_nothing_more(hotel_a, ivan, register, asked):
    request = file_request(hotel_a, ivan, names=[asked], rooms=[])

    expected = {register["annette"].pk} if asked == "Ann" else set()
    if asked == '"x"':
        expected = {register["json"].pk}  # an occupant truly named "x" in quotes
    assert in_scope(request) == expected


def test_the_count_and_the_extract_read_the_same_rows(hotel_a, ivan, maria, register, report_media):
    request = file_request(hotel_a, ivan, names=["Ann Smith"], rooms=[])
    records_request_review(request=request, actor=maria)
    records_request_produce(request=request, actor=maria)
    report = report_services.report_request(
        prop=hotel_a, actor=maria, kind="register_extract", records_request=request
    )

    assert report_services.report_build(str(report.pk)) == "done"
    report.refresh_from_db()
    with report.file.open("rb") as handle, pdfplumber.open(io.BytesIO(handle.read())) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    printed = set(re.findall(r"^(\d+) \d{4}-\d{2}-\d{2} \d{2}:\d{2}", text, re.M))
    assert printed == {str(register["lead"].number), str(register["occupant"].number)}
    assert "Joanna" not in text and "Annette" not in text
    size = request_scope_size(request)
    assert (size.rows, size.period_rows) == (2, 5)


def test_an_invisible_trick_in_a_requested_name_is_refused(hotel_a, ivan):
    with pytest.raises(ValidationError) as refused:
        file_request(hotel_a, ivan, names=["Ann\u200bSmith"])

    assert "U+200B" in refused.value.message_dict["names"][0]


def test_a_name_of_marks_only_is_refused_rather_than_matching_everyone(hotel_a, ivan):
    with pytest.raises(ValidationError) as refused:
        file_request(hotel_a, ivan, names=["\u0301\u0301"])

    assert "letters" in refused.value.message_dict["names"][0]


def test_two_spellings_of_one_name_are_kept_once(hotel_a, ivan):
    request = file_request(hotel_a, ivan, names=["José Álvarez", "jose alvarez", "Ann"])

    assert request.names == ["José Álvarez", "Ann"]


# The exigent path: too broad a scope is refused ------------------------------------------------


def exigent(prop, inspector, **scope):
    return file_request(
        prop,
        inspector,
        legal_basis="exigent_circumstances",
        period_start=days_ago(DAY),
        period_end=days_ago(DAY),
        exigent_reason="A missing child was seen entering room 101 last night.",
        **scope,
    )


@pytest.fixture
def ten_stays(hotel_a, maria):
    """Ten stays arriving the same day, rooms 101-110, one guest each."""
    return [stay(hotel_a, maria, f"Guest {n}", room=str(101 + n), minute=n) for n in range(10)]


def test_an_exigent_scope_within_the_share_is_produced_at_once(hotel_a, ivan, ten_stays):
    request = exigent(hotel_a, ivan, rooms=["101", "102"], names=[])

    assert request.status == "produced"
    assert request_scope_size(request).rows == 2


def test_an_exigent_scope_over_the_share_is_refused_with_a_field_message(hotel_a, ivan, ten_stays):
    with pytest.raises(ValidationError) as refused:
        exigent(hotel_a, ivan, rooms=["101", "102", "103"], names=[])

    message = refused.value.message_dict["rooms"][0]
    assert "more than 20%" in message and "another legal basis" in message
    assert not re.search(r"\b(3|10)\b", message)  # no count of the register leaks
    assert not RecordsRequest.objects.exists()


def test_the_share_is_judged_on_whole_names_and_is_configurable(
    hotel_a, ivan, maria, ten_stays, settings
):
    stay(hotel_a, maria, "Joanna Guest 1", room="120", minute=30)  # not "Guest 1"
    scope = {"rooms": [], "names": ["Guest 1", "Guest 2", "Guest 3"]}
    with pytest.raises(ValidationError) as refused:
        exigent(hotel_a, ivan, **scope)
    assert "names" in refused.value.message_dict

    settings.EXIGENT_SCOPE_MAX_PERCENT = 30
    request = exigent(hotel_a, ivan, **scope)

    assert request.status == "produced" and request_scope_size(request).rows == 3


def test_a_single_stay_is_never_too_broad(hotel_a, ivan, maria):
    stay(hotel_a, maria, "Ann Smith", room="101")
    stay(hotel_a, maria, "Bob Jones", room="102", minute=1)

    request = exigent(hotel_a, ivan, rooms=["101"], names=[])

    assert request.status == "produced"


def test_a_non_exigent_broad_scope_is_filed_for_review(hotel_a, ivan, ten_stays):
    request = file_request(
        hotel_a, ivan, period_start=days_ago(DAY), period_end=days_ago(DAY), rooms=[], names=[]
    )

    assert request.status == "received"


# The manager sees the count before producing ---------------------------------------------------


def detail_api(request):
    return reverse(
        "records-request-detail", kwargs={"property_pk": request.property_id, "pk": request.pk}
    )


def test_the_manager_sees_the_row_count_in_the_api_and_the_inspector_does_not(
    api_as, hotel_a, ivan, maria, register
):
    request = file_request(hotel_a, ivan, names=["Ann Smith"], rooms=[])

    as_manager = api_as(maria).get(detail_api(request)).data
    assert (as_manager["scope_rows"], as_manager["period_rows"]) == (2, 5)
    as_inspector = api_as(ivan).get(detail_api(request)).data
    assert as_inspector["scope_rows"] is None and as_inspector["period_rows"] is None


def test_the_manager_sees_the_row_count_on_the_page_before_producing(
    client, hotel_a, ivan, maria, register
):
    request = file_request(hotel_a, ivan, names=["Ann Smith"], rooms=[])
    records_request_review(request=request, actor=maria)
    client.force_login(maria)

    page = client.get(reverse("records_request_detail", kwargs={"pk": request.pk}))

    html = page.content.decode()
    assert page.status_code == 200
    assert re.search(r'id="scope-rows">\s*2 stays', html)
    assert "of 5 arriving in the period" in html
    assert "Producing this request releases 2 stays of the register." in html
    client.force_login(ivan)
    assert (
        'id="scope-rows"'
        not in client.get(
            reverse("records_request_detail", kwargs={"pk": request.pk})
        ).content.decode()
    )
