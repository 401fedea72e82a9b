"""The records-request pages: filing, the inspector's list, the manager's list and answers."""

import uuid

import pytest
from django.urls import reverse

from audits.models import RecordsRequest, RecordsRequestDocument, RequestStatus
from audits.services import records_request_object, records_request_review
from hotelcompliance.roles import Role
from tests.audits.factories import days_ago, file_request, second_inspector
from tests.audits.files import HTML, audit_media, pdf_bytes, upload  # noqa: F401
from tests.factories import MembershipFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("audit_media")]


def form_data(**overrides):
    data = {
        "legal_basis": "administrative_subpoena",
        "period_start": days_ago(20).isoformat(),
        "period_end": days_ago(10).isoformat(),
        "rooms": "101, 102",
        "names": "Jane Roe\n",
        "register_fields": ["guest_name", "room", "arrival"],
        "deadline": days_ago(-14).isoformat(),
        "exigent_reason": "",
        "document_kind": "subpoena",
        "token": str(uuid.uuid4()),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def detail(rr):
    return reverse("records_request_detail", kwargs={"pk": rr.pk})


def answer(rr, verb):
    return reverse("records_request_answer", kwargs={"pk": rr.pk, "verb": verb})


def test_ivan_files_a_request_with_a_document(client, hotel_a, ivan):
    client.force_login(ivan)
    assert client.get(reverse("records_request_new")).status_code == 200

    response = client.post(
        reverse("records_request_new"),
        form_data(documents=[upload("subpoena.pdf", pdf_bytes())]),
    )

    rr = RecordsRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == detail(rr)
    assert rr.rooms == ["101", "102"] and rr.names == ["Jane Roe"]
    assert rr.fields == ["guest_name", "room", "arrival"]
    document = RecordsRequestDocument.objects.get()
    assert (document.request, document.kind, document.original_name) == (
        rr,
        "subpoena",
        "subpoena.pdf",
    )
    page = client.get(detail(rr)).content.decode()
    assert "subpoena.pdf" in page and "Received" in page


def test_the_form_shows_each_problem_beside_its_field(client, hotel_a, ivan):
    client.force_login(ivan)

    response = client.post(
        reverse("records_request_new"),
        form_data(
            legal_basis="exigent_circumstances",
            period_start=days_ago(10).isoformat(),
            period_end=days_ago(0).isoformat(),
            rooms="",
            names="",
            documents=[upload("subpoena.pdf", HTML)],
        ),
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "exigent_reason" in errors
    assert "period_end" in errors  # more than 3 days
    assert "rooms" in errors
    assert "not a PDF" in errors["documents"][0]
    assert not RecordsRequest.objects.exists()


def test_an_exigent_filing_is_produced_at_once(client, hotel_a, ivan):
    client.force_login(ivan)

    response = client.post(
        reverse("records_request_new"),
        form_data(
            legal_basis="exigent_circumstances",
            period_start=days_ago(1).isoformat(),
            period_end=days_ago(0).isoformat(),
            rooms="101",
            names="",
            exigent_reason="A missing child was seen entering room 101 last night.",
        ),
        follow=True,
    )

    rr = RecordsRequest.objects.get()
    assert rr.status == RequestStatus.PRODUCED and rr.grant_active()
    assert "produced now" in response.content.decode()


def test_the_same_form_sent_twice_files_one_request(client, hotel_a, ivan):
    client.force_login(ivan)
    data = form_data()

    client.post(reverse("records_request_new"), data)
    again = client.post(reverse("records_request_new"), data, follow=True)

    assert RecordsRequest.objects.count() == 1
    assert "sent twice" in again.content.decode()


def test_the_inspector_home_lists_only_their_own_requests(client, hotel_a, ivan):
    mine = file_request(hotel_a, ivan)
    theirs = file_request(hotel_a, second_inspector(hotel_a))
    client.force_login(ivan)

    page = client.get(reverse("inspector_home")).content.decode()

    assert detail(mine) in page and detail(theirs) not in page
    assert reverse("records_request_new") in page
    assert client.get(detail(theirs)).status_code == 404


def test_the_manager_list_puts_open_requests_first(client, hotel_a, ivan, maria):
    from audits.services import records_request_withdraw

    done = file_request(hotel_a, ivan, deadline=days_ago(-1))
    records_request_withdraw(request=done, actor=ivan)
    later = file_request(hotel_a, ivan, deadline=days_ago(-20))
    sooner = file_request(hotel_a, ivan, deadline=days_ago(-5))
    client.force_login(maria)

    response = client.get(reverse("records_request_list"))

    assert [rr.pk for rr in response.context["requests"]] == [sooner.pk, later.pk, done.pk]
    assert "Records requests" in [item["label"] for item in response.context["nav_items"]]


def test_maria_reviews_objects_and_the_timeline_shows_it(client, hotel_a, ivan, maria):
    rr = file_request(hotel_a, ivan)
    client.force_login(maria)

    client.post(answer(rr, "review"), {"review-text": "", "review-from_status": "received"})
    response = client.post(
        answer(rr, "object"),
        {"object-text": "The subpoena names no offence.", "object-from_status": "under_review"},
    )

    assert response.status_code == 302
    rr.refresh_from_db()
    assert rr.status == RequestStatus.OBJECTED
    page = client.get(detail(rr)).content.decode()
    assert "Under review → Objected" in page
    assert "The subpoena names no offence." in page
    assert "Record the decision" in page


def test_an_objection_without_grounds_is_an_inline_error(client, hotel_a, ivan, maria):
    rr = file_request(hotel_a, ivan)
    records_request_review(request=rr, actor=maria)
    client.force_login(maria)

    response = client.post(
        answer(rr, "object"), {"object-text": "", "object-from_status": "under_review"}
    )

    assert response.status_code == 400
    assert "Give the grounds of the objection" in response.content.decode()
    rr.refresh_from_db()
    assert rr.status == RequestStatus.UNDER_REVIEW


def test_a_step_out_of_order_is_a_clear_message(client, hotel_a, ivan, maria):
    rr = file_request(hotel_a, ivan)
    client.force_login(maria)

    response = client.post(answer(rr, "produce"), {"produce-text": "", "produce-from_status": "x"})

    assert response.status_code == 409
    assert "Not allowed now: This request is received; it cannot be produced now." in (
        response.content.decode()
    )
    assert response.templates[0].name == "audits/request_detail.html"


def test_a_step_sent_twice_is_recognised(client, hotel_a, ivan, maria):
    rr = file_request(hotel_a, ivan)
    client.force_login(maria)
    data = {"review-text": "", "review-from_status": "received"}

    client.post(answer(rr, "review"), data)
    again = client.post(answer(rr, "review"), data, follow=True)

    assert "sent twice" in again.content.decode()
    assert rr.events.count() == 2


def test_maria_records_the_decision_on_the_page(client, hotel_a, ivan, maria):
    rr = file_request(hotel_a, ivan)
    records_request_review(request=rr, actor=maria)
    records_request_object(request=rr, actor=maria, grounds="Overbroad.")
    client.force_login(maria)

    response = client.post(
        reverse("records_request_decide", kwargs={"pk": rr.pk}),
        {
            "decide-outcome": "objection_overruled",
            "decide-decided_by": "Hartford Superior Court",
            "decide-decided_on": days_ago(1).isoformat(),
            "decide-reference": "HHD-CV26-0001",
            "decide-from_status": "objected",
            "decide-document": upload("order.pdf", pdf_bytes()),
        },
    )

    assert response.status_code == 302
    rr.refresh_from_db()
    assert rr.status == RequestStatus.UNDER_REVIEW
    page = client.get(detail(rr)).content.decode()
    assert "Objection overruled" in page and "order.pdf" in page


def test_a_decision_with_missing_fields_shows_them(client, hotel_a, ivan, maria):
    rr = file_request(hotel_a, ivan)
    records_request_review(request=rr, actor=maria)
    records_request_object(request=rr, actor=maria, grounds="Overbroad.")
    client.force_login(maria)

    response = client.post(
        reverse("records_request_decide", kwargs={"pk": rr.pk}), {"decide-from_status": "objected"}
    )

    assert response.status_code == 400
    errors = response.context["decide_form"].errors
    assert {"outcome", "decided_by", "decided_on", "reference"} <= set(errors)


def test_ivan_withdraws_and_attaches_later(client, hotel_a, ivan):
    rr = file_request(hotel_a, ivan)
    client.force_login(ivan)

    attached = client.post(
        reverse("records_request_document_add", kwargs={"pk": rr.pk}),
        {"kind": "consent_form", "file": upload("consent.pdf", pdf_bytes())},
    )
    withdrawn = client.post(
        reverse("records_request_withdraw", kwargs={"pk": rr.pk}),
        {"withdraw-text": "Resolved.", "withdraw-from_status": "received"},
    )

    assert attached.status_code == 302 and withdrawn.status_code == 302
    rr.refresh_from_db()
    assert rr.status == RequestStatus.WITHDRAWN
    assert rr.documents.get().kind == "consent_form"


@pytest.mark.parametrize(
    "name",
    [
        "records_request_list",
        "records_request_detail",
        "records_request_answer",
        "records_request_decide",
    ],
)
def test_the_front_desk_gets_a_403_on_the_manager_pages(client, hotel_a, ivan, sam, name):
    rr = file_request(hotel_a, ivan)
    kwargs = {} if name == "records_request_list" else {"pk": rr.pk}
    if name == "records_request_answer":
        kwargs["verb"] = "review"
    client.force_login(sam)

    url = reverse(name, kwargs=kwargs)
    response = (
        client.post(url)
        if name in ("records_request_answer", "records_request_decide")
        else client.get(url)
    )

    assert response.status_code == 403


def test_an_inspector_cannot_open_the_manager_list_or_answer(client, hotel_a, ivan):
    rr = file_request(hotel_a, ivan)
    client.force_login(ivan)

    assert client.get(reverse("records_request_list")).status_code == 403
    assert client.post(answer(rr, "review"), {}).status_code == 403


def test_another_propertys_request_document_and_poster_are_404_for_every_role(
    client, api_as, hotel_a, hotel_b, ivan, maria, olga
):
    from audits.poster_evidence import poster_evidence_add
    from tests.audits.files import image_bytes

    rr = file_request(hotel_a, ivan)
    records_request_review(request=rr, actor=maria)
    records_request_object(request=rr, actor=maria, grounds="Overbroad.")
    api_as(ivan).post(
        reverse("records-request-documents", kwargs={"property_pk": hotel_a.pk, "pk": rr.pk}),
        {"kind": "subpoena", "file": upload("s.pdf", pdf_bytes())},
        format="multipart",
    )
    document = RecordsRequestDocument.objects.get()
    poster = poster_evidence_add(
        prop=hotel_a,
        actor=maria,
        data={"notice": "trafficking_hotline", "location": "Lobby", "posted_on": days_ago(1)},
        photo=upload("p.png", image_bytes("PNG"), "image/png"),
    )
    victor = MembershipFactory(
        user=UserFactory(username="victor"),
        property=hotel_b,
        role=Role.INSPECTOR,
        agency="State Police",
        badge_number="SP-2",
    ).user
    doc_url = reverse("records_request_document", kwargs={"pk": rr.pk, "document_pk": document.pk})
    manager_pages = [
        ("get", detail(rr)),
        ("get", doc_url),
        ("post", answer(rr, "review")),
        ("post", reverse("records_request_decide", kwargs={"pk": rr.pk})),
        ("get", reverse("poster_evidence_photo", kwargs={"pk": poster.pk})),
    ]
    inspector_pages = [
        ("get", detail(rr)),
        ("get", doc_url),
        ("post", reverse("records_request_withdraw", kwargs={"pk": rr.pk})),
        ("post", reverse("records_request_document_add", kwargs={"pk": rr.pk})),
    ]
    for user, pages in ((olga, manager_pages), (victor, inspector_pages)):
        client.force_login(user)
        for method, url in pages:
            assert getattr(client, method)(url).status_code == 404, (user.username, url)


def test_another_inspector_gets_404_on_every_page_of_ivans_request(client, hotel_a, ivan):
    rr = file_request(hotel_a, ivan)
    client.force_login(second_inspector(hotel_a))

    assert client.get(detail(rr)).status_code == 404
    assert client.post(reverse("records_request_withdraw", kwargs={"pk": rr.pk})).status_code == 404
    assert (
        client.post(reverse("records_request_document_add", kwargs={"pk": rr.pk})).status_code
        == 404
    )


def test_an_unknown_step_is_a_404(client, hotel_a, ivan, maria):
    rr = file_request(hotel_a, ivan)
    client.force_login(maria)

    assert client.post(answer(rr, "withdraw"), {}).status_code == 404
    assert client.post(answer(rr, "delete"), {}).status_code == 404
