"""Re-importing a PMS file: known references are updated through the register's own rules."""

from datetime import date, timedelta

import pytest

from guests.import_upsert import reason_for
from guests.models import Amendment, Registration, RegistrationCounter
from guests.pms_import import registrations_import
from hotelcompliance.access_log import AccessEvent, AccessKind
from hotelcompliance.chain import ChainEntry, chain_verify, chain_verify_contents
from tests.guests.pms_csv import pms_csv, pms_row, upload

pytestmark = pytest.mark.django_db


def run(prop, actor, rows, *, name="nightly.csv", **kwargs):
    return registrations_import(
        prop=prop, actor=actor, file=upload(pms_csv(rows), name), file_name=name, **kwargs
    )


def register_entries(prop) -> int:
    """Chain entries about the register (access events are chained too)."""
    return ChainEntry.objects.filter(property=prop).exclude(kind="access").count()


def counts(result):
    return (result.outcomes.created, result.outcomes.updated, result.outcomes.unchanged)


def test_an_identical_file_changes_nothing(hotel_a, maria):
    rows = [pms_row(hotel_a, n) for n in range(5)]
    assert run(hotel_a, maria, rows).ok
    entries = register_entries(hotel_a)

    again = run(hotel_a, maria, rows)

    assert again.ok and again.imported == 5, again.errors
    assert counts(again) == (0, 0, 5)
    assert again.first_number is None and again.last_number is None
    assert Registration.objects.count() == 5
    assert not Amendment.objects.exists()
    assert register_entries(hotel_a) == entries
    assert RegistrationCounter.objects.get(property=hotel_a).last_number == 5
    # One access event per import, the second saying nothing was created.
    events = AccessEvent.objects.filter(kind=AccessKind.IMPORT).order_by("created_at")
    assert [e.reason for e in events] == [
        "5 rows (numbers 1-5)",
        "5 rows: 0 created, 0 updated, 5 unchanged",
    ]


def test_a_changed_room_departure_and_charge_become_amendments_with_the_reason(hotel_a, maria):
    rows = [pms_row(hotel_a, n) for n in range(3)]
    assert run(hotel_a, maria, rows).ok
    departure = date.fromisoformat(rows[1]["expected_departure"])
    rows[1].update(
        room="999",
        expected_departure=(departure + timedelta(days=1)).isoformat(),
        amount_charged="387.00",
    )

    preview = run(hotel_a, maria, rows, dry_run=True)
    assert preview.ok and counts(preview) == (0, 1, 2)
    changed = preview.outcomes.updates[0]
    assert changed["line"] == 3
    assert {"room", "expected_departure", "amount_charged"} <= set(changed["fields"])
    assert not Amendment.objects.exists()  # a preview writes nothing

    result = run(hotel_a, maria, rows)

    assert result.ok and counts(result) == (0, 1, 2)
    stay = Registration.objects.get(external_ref="PMS-000001")
    assert stay.room == "999" and str(stay.amount_charged) == "387.00"
    amendments = Amendment.objects.filter(registration=stay)
    assert set(amendments.values_list("field", flat=True)) == set(changed["fields"])
    assert set(amendments.values_list("reason", flat=True)) == {"PMS import nightly.csv, line 3"}
    assert set(amendments.values_list("amended_by", flat=True)) == {maria.pk}
    assert chain_verify(hotel_a).ok
    assert chain_verify_contents(hotel_a) == []


def test_a_check_out_in_the_file_checks_the_stay_out_once(hotel_a, maria):
    rows = [pms_row(hotel_a, n) for n in range(2)]
    assert run(hotel_a, maria, rows).ok
    rows[0]["checked_out_at"] = rows[0]["arrival"][:11] + "23:59"

    result = run(hotel_a, maria, rows)

    assert result.ok and counts(result) == (0, 1, 1)
    assert result.outcomes.updates == [{"line": 2, "fields": ["checked_out_at"]}]
    stay = Registration.objects.get(external_ref="PMS-000000")
    assert stay.checked_out_at is not None
    assert ChainEntry.objects.filter(kind="checkout").count() == 1
    assert counts(run(hotel_a, maria, rows)) == (0, 0, 2)  # the same check-out again: nothing
    rows[0]["checked_out_at"] = rows[0]["arrival"][:11] + "23:58"
    moved = run(hotel_a, maria, rows)
    assert not moved.ok
    assert {(e.line, e.field) for e in moved.errors} == {(2, "checked_out_at")}


def test_an_overlapping_nightly_file_imports_cleanly_with_gapless_numbers(hotel_a, maria):
    assert run(hotel_a, maria, [pms_row(hotel_a, n) for n in range(5)], name="mon.csv").ok

    tuesday = run(hotel_a, maria, [pms_row(hotel_a, n) for n in range(3, 8)], name="tue.csv")

    assert tuesday.ok and counts(tuesday) == (3, 0, 2)
    assert (tuesday.first_number, tuesday.last_number) == (6, 8)
    numbers = sorted(Registration.objects.values_list("number", flat=True))
    assert numbers == list(range(1, 9))
    assert chain_verify(hotel_a).ok


def test_deletions_in_the_pms_never_delete_a_registration(hotel_a, maria):
    rows = [pms_row(hotel_a, n, email=f"guest{n}@example.com") for n in range(4)]
    assert run(hotel_a, maria, rows).ok
    # The next file lacks two stays, and one stay's e-mail cell is empty.
    later = [dict(rows[0], email=""), rows[1]]

    result = run(hotel_a, maria, later)

    assert result.ok and counts(result) == (0, 0, 2)
    assert Registration.objects.count() == 4
    assert Registration.objects.get(external_ref="PMS-000000").email == "guest0@example.com"
    assert not Amendment.objects.exists()


def test_one_bad_row_writes_nothing_of_the_re_import(hotel_a, maria):
    rows = [pms_row(hotel_a, n) for n in range(3)]
    assert run(hotel_a, maria, rows).ok
    entries = register_entries(hotel_a)
    rows[0]["room"] = "777"  # an update
    rows.append(pms_row(hotel_a, 3))  # a new stay
    rows.append(pms_row(hotel_a, 4, adults="many"))  # a bad row: line 6

    result = run(hotel_a, maria, rows)

    assert not result.ok
    assert {(e.line, e.field) for e in result.errors} == {(6, "adults")}
    assert "many" not in str(result.as_dict())
    assert Registration.objects.count() == 3
    assert Registration.objects.get(external_ref="PMS-000000").room != "777"
    assert not Amendment.objects.exists()
    assert register_entries(hotel_a) == entries
    assert RegistrationCounter.objects.get(property=hotel_a).last_number == 3


def test_another_propertys_reference_is_a_new_stay_here(hotel_a, hotel_b, maria, olga):
    assert run(hotel_b, olga, [pms_row(hotel_b, 0)]).ok

    result = run(hotel_a, maria, [pms_row(hotel_a, 0)])

    assert result.ok and counts(result) == (1, 0, 0)
    assert Registration.objects.filter(external_ref="PMS-000000").count() == 2


def test_the_reason_names_the_file_on_one_line():
    assert reason_for("night\nly.csv", 7) == "PMS import night ly.csv, line 7"
    assert reason_for("", 2) == "PMS import file, line 2"


def test_the_import_page_previews_what_each_line_updates(client, hotel_a, maria):
    from django.urls import reverse

    rows = [pms_row(hotel_a, n) for n in range(3)]
    assert run(hotel_a, maria, rows).ok
    rows[2]["room"] = "R-5150"
    client.force_login(maria)

    sent = client.post(reverse("registration_import"), {"file": upload(pms_csv(rows), "tue.csv")})
    preview = client.get(sent["Location"]).content.decode()

    assert "creates 0 new registrations, updates 1" in preview
    assert 'id="import-updates"' in preview and "<td>4</td>" in preview
    assert "R-5150" not in preview  # lines and fields, never a value
    done = client.post(sent["Location"], follow=True).content.decode()
    assert "0 new registrations, 1 updated, 2 unchanged" in done
    assert Amendment.objects.get().reason == "PMS import tue.csv, line 4"


def test_many_changed_rows_are_amended_together_and_the_chain_vouches_for_each(hotel_a, maria):
    rows = [pms_row(hotel_a, n) for n in range(6)]
    assert run(hotel_a, maria, rows).ok
    rows[0]["room"] = "301"
    rows[2]["id_number"] = "X12345678"
    rows[3]["guest_name"] = "Guest Three Renamed"
    rows[5].update(room="305", amount_charged="300.00")

    result = run(hotel_a, maria, rows)

    assert result.ok and counts(result) == (0, 4, 2)
    assert [u["line"] for u in result.outcomes.updates] == [2, 4, 5, 7]
    assert Registration.objects.get(external_ref="PMS-000000").room == "301"
    assert Registration.objects.get(external_ref="PMS-000002").id_number == "X12345678"
    assert Registration.objects.get(external_ref="PMS-000003").guest_name == "Guest Three Renamed"
    assert Amendment.objects.count() == 5
    assert chain_verify(hotel_a).ok
    assert chain_verify_contents(hotel_a) == []


def test_a_legal_hold_over_a_changed_room_is_named_in_the_preview(hotel_a, maria):
    from django.utils import timezone

    from hotelcompliance.holds import hold_place

    rows = [pms_row(hotel_a, n) for n in range(2)]
    assert run(hotel_a, maria, rows).ok
    today = timezone.localdate()
    hold_place(
        prop=hotel_a,
        actor=maria,
        source="records_request:test",
        period_start=today - timedelta(days=5),
        period_end=today,
        rooms=[rows[1]["room"]],
        reason="Test hold",
        names_in_scope=False,
    )
    rows[1]["room"] = "404"

    preview = run(hotel_a, maria, rows, dry_run=True)

    assert not preview.ok
    assert {(e.line, e.field) for e in preview.errors} == {(3, "room")}
    assert "legal hold" in preview.errors[0].message


def test_a_stay_amended_between_the_check_and_the_import_is_not_skipped(
    hotel_a, maria, monkeypatch
):
    from guests import pms_import
    from guests.services import registration_amend

    rows = [pms_row(hotel_a, n) for n in range(2)]
    assert run(hotel_a, maria, rows).ok
    real = pms_import.commit

    def racing(**kwargs):
        # The desk corrects the room after the preview found the row unchanged.
        stay = Registration.objects.get(external_ref="PMS-000001")
        registration_amend(registration=stay, actor=maria, changes={"room": "12"}, reason="Desk")
        return real(**kwargs)

    monkeypatch.setattr(pms_import, "commit", racing)

    result = run(hotel_a, maria, rows)

    # The row was checked again: it now changes the room back, not what the preview said.
    assert not result.ok and "register changed" in result.errors[0].message
    assert Registration.objects.get(external_ref="PMS-000001").room == "12"
