"""Filing a concern report: validated, chained, append-only, and queued for the managers."""

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from guests import indicators
from guests.concerns import concern_report_create, concern_report_digest
from guests.models import ConcernReport, Registration
from hotelcompliance.chain import ChainEntry, chain_verify
from hotelcompliance.outbox import OutboxEvent
from tests.guests.concern_data import NARRATIVE, concern_data, make_concern
from tests.guests.factories import make_registration

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, int, int]:
    return ConcernReport.objects.count(), ChainEntry.objects.count(), OutboxEvent.objects.count()


def test_the_taxonomy_has_the_eight_groups_of_the_research():
    assert [g.code for g in indicators.GROUPS] == [
        "condition",
        "control",
        "checkin",
        "room",
        "traffic",
        "vehicle",
        "online",
        "labor",
    ]
    assert len(indicators.INDICATORS) == sum(len(g.indicators) for g in indicators.GROUPS)
    assert all(
        code.startswith(f"{indicators.GROUP_OF[code].code}.") for code in indicators.INDICATORS
    )


def test_a_clerk_files_a_concern_from_the_desk(hotel_a, sam):
    concern = make_concern(hotel_a, sam)

    stored = ConcernReport.objects.get()
    assert stored.pk == concern.pk
    assert stored.property == hotel_a
    assert stored.reported_by == sam
    assert stored.registration is None
    # Stored in taxonomy order, whatever order they were sent in.
    assert stored.indicators == ["condition.minor_acting_adult", "control.someone_speaks_for_them"]
    assert stored.narrative == NARRATIVE
    assert stored.action_taken == ["manager_told"]


def test_a_concern_about_a_stay_is_linked_to_it(hotel_a, sam):
    stay = make_registration(hotel_a, sam)

    concern = make_concern(hotel_a, sam, registration=str(stay.pk))

    assert ConcernReport.objects.get().registration == stay
    assert concern.registration_id == stay.pk


def test_it_chains_a_digest_and_the_stay_id_but_no_personal_data(hotel_a, sam):
    stay = make_registration(hotel_a, sam)

    concern = make_concern(hotel_a, sam, registration=stay.pk)

    entry = ChainEntry.objects.get(kind="concern")
    assert entry.object_ref == f"concern:{concern.pk}"
    assert entry.payload == {
        "digest": concern_report_digest(ConcernReport.objects.get()),
        "registration": str(stay.pk),
    }
    assert concern.entry_hash == entry.entry_hash
    assert "girl" not in str(entry.payload)
    assert chain_verify(hotel_a).ok


def test_it_queues_the_managers_notification_in_the_same_transaction(hotel_a, sam):
    concern = make_concern(hotel_a, sam)

    event = OutboxEvent.objects.get()
    assert event.task_name == "guests.tasks.notify_managers_of_concern"
    assert event.kwargs == {"concern_id": str(concern.pk)}


def test_a_narrative_alone_is_enough(hotel_a, sam):
    concern = make_concern(hotel_a, sam, indicators=[])

    assert concern.indicators == []


def test_signs_alone_are_enough_and_line_breaks_are_kept(hotel_a, sam):
    make_concern(hotel_a, sam, narrative="")
    concern = make_concern(hotel_a, sam, narrative="line one\r\nline two")

    assert concern.narrative == "line one\nline two"


def test_the_hotline_reference_is_kept_when_the_hotline_was_called(hotel_a, sam):
    concern = make_concern(
        hotel_a, sam, action_taken=["hotline_called", "manager_told"], hotline_reference="NHTH-123"
    )

    assert concern.action_taken == ["manager_told", "hotline_called"]
    assert concern.hotline_reference == "NHTH-123"


BAD_INPUT = [
    ("indicators", {"indicators": ["condition.made_up"]}),
    ("indicators", {"indicators": "condition.fear"}),
    ("indicators", {"indicators": [1, 2]}),
    ("indicators", {"indicators": ["condition.fear"] * 10_000}),
    ("indicators", {"indicators": [], "narrative": ""}),
    ("indicators", {"indicators": None, "narrative": "   "}),
    ("narrative", {"narrative": "x" * 5001}),
    ("narrative", {"narrative": "bad\x00byte"}),
    ("narrative", {"narrative": "bell\x07"}),
    ("narrative", {"narrative": "escape\x1b[31m"}),
    ("narrative", {"narrative": "tab\tseparated"}),
    ("narrative", {"narrative": 42}),
    ("action_taken", {"action_taken": []}),
    ("action_taken", {"action_taken": ["called_batman"]}),
    ("action_taken", {"action_taken": ["none_yet", "police_911"]}),
    ("action_taken", {"action_taken": [{"x": 1}]}),
    ("hotline_reference", {"action_taken": ["hotline_called"], "hotline_reference": ""}),
    ("hotline_reference", {"action_taken": ["hotline_called"], "hotline_reference": "  "}),
    ("hotline_reference", {"action_taken": ["hotline_called"], "hotline_reference": "x" * 10_000}),
    ("hotline_reference", {"hotline_reference": "two\nlines"}),
    ("hotline_reference", {"hotline_reference": "nul\x00"}),
    ("hotline_reference", {"hotline_reference": ["NHTH"]}),
    ("registration", {"registration": "not-a-uuid"}),
    ("registration", {"registration": "00000000-0000-0000-0000-000000000000"}),
    ("registration", {"registration": 12}),
    ("entry_hash", {"entry_hash": "0" * 64}),
]


@pytest.mark.parametrize(("field", "overrides"), BAD_INPUT, ids=[f for f, _ in BAD_INPUT])
def test_bad_input_is_a_field_error_and_saves_nothing(hotel_a, sam, field, overrides):
    before = counts()

    with pytest.raises(ValidationError) as caught:
        concern_report_create(prop=hotel_a, actor=sam, data=concern_data(**overrides))

    assert field in caught.value.message_dict
    assert counts() == before


def test_another_propertys_stay_is_the_same_error_as_no_stay(hotel_a, hotel_b, sam, olga):
    theirs = make_registration(hotel_b, olga)

    with pytest.raises(ValidationError) as other:
        make_concern(hotel_a, sam, registration=str(theirs.pk))
    with pytest.raises(ValidationError) as missing:
        make_concern(hotel_a, sam, registration="00000000-0000-0000-0000-000000000000")

    assert other.value.message_dict == missing.value.message_dict
    assert ConcernReport.objects.count() == 0


def test_a_concern_cannot_be_changed_or_deleted(hotel_a, sam):
    concern = make_concern(hotel_a, sam)

    with pytest.raises(RuntimeError):
        concern.save()
    with pytest.raises(RuntimeError):
        concern.delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        ConcernReport.objects.filter(pk=concern.pk).update(narrative="edited")
    with pytest.raises(DatabaseError), transaction.atomic():
        ConcernReport.objects.filter(pk=concern.pk).delete()

    assert ConcernReport.objects.get().narrative == NARRATIVE


def test_the_database_refuses_relinking_a_concern_to_another_stay(hotel_a, sam):
    first, second = make_registration(hotel_a, sam), make_registration(hotel_a, sam, room="102")
    concern = make_concern(hotel_a, sam, registration=first.pk)

    with pytest.raises(DatabaseError), transaction.atomic():
        ConcernReport.objects.filter(pk=concern.pk).update(registration=second)

    assert ConcernReport.objects.get().registration == first


def test_a_concern_does_not_block_the_purge_of_its_stay(hotel_a, sam):
    stay = make_registration(hotel_a, sam)
    concern = make_concern(hotel_a, sam, registration=stay.pk)

    Registration.objects.filter(pk=stay.pk).delete()  # what the retention purge will do

    kept = ConcernReport.objects.get(pk=concern.pk)
    assert kept.registration is None
    assert kept.narrative == NARRATIVE
    assert concern_report_digest(kept) == ChainEntry.objects.get(kind="concern").payload["digest"]
