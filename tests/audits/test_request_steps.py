"""Which records-request steps each role may take in each state: page, API and services agree.

The expected table is written out here, not derived from `audits.request_steps`: for every
state and every member of the cast, `allowed_steps` returns it, the request's page carries a
form for exactly those steps, the API lists them, and each service accepts exactly those
steps (any other is refused with a 403 or a 409, nothing saved).
"""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse

from audits import services
from audits.models import RecordsRequest, RecordsRequestEvent
from audits.request_steps import Step, TransitionNotAllowed, allowed_steps
from tests.audits.factories import file_exigent_request, file_request, second_inspector
from tests.audits.files import audit_media, pdf_bytes, upload  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("audit_media")]

R, P, OBJ, C = Step.REVIEW, Step.PRODUCE, Step.OBJECT, Step.CLARIFY
D, X, W, A = Step.DECIDE, Step.EXIGENT_REVIEW, Step.WITHDRAW, Step.ATTACH
NONE: frozenset[Step] = frozenset()

# state → (what a manager may do, what the filing inspector may do)
MATRIX = {
    "received": ({R, C}, {W, A}),
    "under_review": ({P, OBJ, C}, {W, A}),
    "clarification_requested": ({R}, {W, A}),
    "objected": ({D}, {W, A}),
    "produced": (NONE, {A}),
    "exigent_awaiting_review": ({X}, {A}),
    "exigent_reviewed": (NONE, {A}),
    "withdrawn": (NONE, NONE),
    "closed": (NONE, NONE),
}
# Nobody else may take any step: another inspector of the property, the front desk and a
# manager of another property.
OUTSIDERS = ("irene", "sam", "olga")


@pytest.fixture
def irene(hotel_a):
    return second_inspector(hotel_a)


def _in_state(state: str, prop, ivan, maria) -> RecordsRequest:
    """A request brought to `state` through the services, as the product does."""
    if state.startswith("exigent"):
        rr = file_exigent_request(prop, ivan)
        if state == "exigent_reviewed":
            services.records_request_exigent_review(
                request=rr, actor=maria, outcome="confirmed", reason="The child was found."
            )
        return rr
    rr = file_request(prop, ivan)
    if state == "clarification_requested":
        services.records_request_clarify(request=rr, actor=maria, question="Which rooms?")
    if state == "withdrawn":
        services.records_request_withdraw(request=rr, actor=ivan)
    if state in ("under_review", "objected", "produced", "closed"):
        services.records_request_review(request=rr, actor=maria)
    if state in ("objected", "closed"):
        services.records_request_object(request=rr, actor=maria, grounds="Overbroad scope.")
    if state == "produced":
        services.records_request_produce(request=rr, actor=maria)
    if state == "closed":
        _take(D, rr, maria)
    return RecordsRequest.objects.get(pk=rr.pk)


def _take(step: Step, rr: RecordsRequest, user) -> None:
    """Take the step through its service, with valid input."""
    calls = {
        R: lambda: services.records_request_review(request=rr, actor=user),
        P: lambda: services.records_request_produce(request=rr, actor=user),
        OBJ: lambda: services.records_request_object(request=rr, actor=user, grounds="Too broad."),
        C: lambda: services.records_request_clarify(request=rr, actor=user, question="Which?"),
        D: lambda: services.records_request_decide(
            request=rr,
            actor=user,
            outcome="objection_upheld",
            decided_by="Judge Rivera",
            decided_on=rr.property.today(),
            reference="CV-26-0001",
        ),
        X: lambda: services.records_request_exigent_review(
            request=rr, actor=user, outcome="contested", reason="No emergency was shown."
        ),
        W: lambda: services.records_request_withdraw(request=rr, actor=user),
        A: lambda: services.records_request_document_add(
            request=rr, actor=user, kind="subpoena", upload=upload("s.pdf", pdf_bytes())
        ),
    }
    calls[step]()


class _Undo(Exception):
    pass


def _service_accepts(step: Step, rr_pk, user) -> bool:
    """Whether the service takes the step; the attempt is rolled back either way."""
    rr = RecordsRequest.objects.select_related("property").get(pk=rr_pk)
    events = RecordsRequestEvent.objects.count()
    try:
        with transaction.atomic():
            _take(step, rr, user)
            raise _Undo
    except _Undo:
        return True
    except (PermissionDenied, TransitionNotAllowed):
        assert RecordsRequestEvent.objects.count() == events
        return False


def _expected(state: str, who: str) -> frozenset[Step]:
    manager, inspector = MATRIX[state]
    return frozenset({"maria": manager, "gina": manager, "ivan": inspector}.get(who, NONE))


STEP_URLS = {
    D: "records_request_decide",
    X: "records_request_exigent_review",
    W: "records_request_withdraw",
    A: "records_request_document_add",
}


def _step_url(step: Step, rr: RecordsRequest) -> str:
    if step in STEP_URLS:
        return reverse(STEP_URLS[step], kwargs={"pk": rr.pk})
    return reverse("records_request_answer", kwargs={"pk": rr.pk, "verb": step.value})


def _page_steps(html: str, rr: RecordsRequest) -> frozenset[Step]:
    actions = set(re.findall(r'<form [^>]*action="([^"]+)"', html))
    return frozenset(step for step in Step if _step_url(step, rr) in actions)


@pytest.mark.parametrize("state", list(MATRIX))
def test_each_role_may_take_exactly_its_steps_in_each_state(
    request, state, hotel_a, ivan, maria, gina, sam, olga, irene
):
    rr = _in_state(state, hotel_a, ivan, maria)
    assert rr.status == ("produced" if state.startswith("exigent") else state)

    for who in ("maria", "gina", "ivan", *OUTSIDERS):
        user = request.getfixturevalue(who)
        expected = _expected(state, who)

        assert allowed_steps(rr, user) == expected, who
        accepted = {step for step in Step if _service_accepts(step, rr.pk, user)}
        assert accepted == expected, who


@pytest.mark.parametrize("state", list(MATRIX))
@pytest.mark.parametrize("who", ["maria", "ivan"])
def test_the_page_and_the_api_offer_exactly_the_allowed_steps(
    request, client, api_as, state, who, hotel_a, ivan, maria
):
    rr = _in_state(state, hotel_a, ivan, maria)
    user = request.getfixturevalue(who)
    expected = _expected(state, who)
    client.force_login(user)

    page = client.get(reverse("records_request_detail", kwargs={"pk": rr.pk}))
    answer = api_as(user).get(f"/api/v1/properties/{hotel_a.pk}/records-requests/{rr.pk}/")

    assert page.status_code == 200
    assert _page_steps(page.content.decode(), rr) == expected
    assert answer.status_code == 200
    assert answer.json()["allowed_steps"] == sorted(step.value for step in expected)


def test_a_step_the_page_offers_goes_through_and_then_is_offered_no_more(
    client, hotel_a, ivan, maria
):
    rr = _in_state("received", hotel_a, ivan, maria)
    client.force_login(maria)

    response = client.post(_step_url(R, rr), {"review-text": "", "review-from_status": "received"})
    page = client.get(reverse("records_request_detail", kwargs={"pk": rr.pk}))

    assert response.status_code == 302
    assert _page_steps(page.content.decode(), rr) == {P, OBJ, C}
