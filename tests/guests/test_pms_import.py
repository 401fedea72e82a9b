"""The PMS CSV import service: every row checked first, then all imported or none."""

import io
import tracemalloc
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from guests import pms_import
from guests.models import Channel, Registration, RegistrationCounter
from guests.pms_import import registrations_import
from guests.services import registration_digest
from hotelcompliance.access_log import AccessEvent, AccessKind
from hotelcompliance.chain import ChainEntry, chain_verify, chain_verify_contents
from hotelcompliance.csv_cells import column_letter
from hotelcompliance.fields import raw_token
from hotelcompliance.imports.errors import ImportFileError
from tests.guests.factories import make_registration
from tests.guests.pms_csv import HEADER, pms_csv, pms_row, upload

pytestmark = pytest.mark.django_db


def run(prop, actor, content: bytes, **kwargs):
    return registrations_import(prop=prop, actor=actor, file=upload(content), **kwargs)


def errors_of(result) -> set[tuple[int, str]]:
    return {(e.line, e.field) for e in result.errors}


def test_a_clean_file_is_imported_numbered_chained_and_logged(hotel_a, maria, sam):
    make_registration(hotel_a, sam)  # number 1 is taken already
    rows = [pms_row(hotel_a, n) for n in range(5)]
    rows[2]["checked_out_at"] = rows[2]["arrival"].replace("T", " ")[:11] + "23:59"

    result = run(hotel_a, maria, pms_csv(rows, bom=True))

    assert result.ok and result.imported == 5
    assert (result.first_number, result.last_number) == (2, 6)
    imported = Registration.objects.for_property(hotel_a).filter(channel=Channel.IMPORT)
    assert sorted(imported.values_list("number", flat=True)) == [2, 3, 4, 5, 6]
    assert RegistrationCounter.objects.get(property=hotel_a).last_number == 6
    first = imported.get(external_ref="PMS-000000")
    assert first.guest_name == "Guest 0"
    assert first.occupants == [{"name": "Partner 0", "minor": False}]
    assert first.id_number == "P00000000"
    assert first.registered_by == maria
    assert imported.get(external_ref="PMS-000002").checked_out_at is not None
    assert chain_verify(hotel_a).ok
    assert chain_verify_contents(hotel_a) == []
    event = AccessEvent.objects.get(kind=AccessKind.IMPORT)
    assert event.object_type == "registration_import"
    assert event.reason == "5 rows (numbers 2-6)"
    assert "Guest" not in str(event.fields) + event.reason


def test_bulk_chain_entries_equal_the_ones_a_check_in_writes(hotel_a, maria):
    result = run(hotel_a, maria, pms_csv([pms_row(hotel_a, 1)]))

    stored = (
        Registration.objects.annotate(token=raw_token("id_number"))
        .filter(property=hotel_a)
        .get(number=result.first_number)
    )
    entry = ChainEntry.objects.get(entry_hash=stored.entry_hash)
    assert entry.kind == "registration"
    assert entry.payload == {"digest": registration_digest(stored, id_number_token=stored.token)}
    assert entry.compute_hash() == entry.entry_hash
    assert stored.token.startswith("v1.") and "P0000" not in stored.token


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"arrival": "2026-13-01T10:00"}, "arrival"),
        ({"arrival": "yesterday"}, "arrival"),
        ({"arrival": ""}, "arrival"),
        ({"expected_departure": "01/07/2026"}, "expected_departure"),
        ({"rate_type": "hourlyish"}, "rate_type"),
        ({"rate_type": "hourly"}, "rate_type"),
        ({"payment_method": "bitcoin"}, "payment_method"),
        ({"adults": "two"}, "adults"),
        ({"adults": "0"}, "adults"),
        ({"rate": "12,50"}, "rate"),
        ({"guest_name": ""}, "guest_name"),
        ({"guest_name": "x" * 201}, "guest_name"),
        ({"room": "1\x0001"}, "room"),
        ({"email": "not-an-email"}, "email"),
        ({"checked_out_at": "2099-01-01T10:00"}, "checked_out_at"),
    ],
)
def test_each_bad_cell_is_reported_by_line_and_field_and_nothing_is_saved(
    hotel_a, maria, override, field
):
    rows = [pms_row(hotel_a, n) for n in range(3)]
    rows[1].update(override)

    result = run(hotel_a, maria, pms_csv(rows))

    assert not result.ok
    assert (3, field) in errors_of(result)  # line 1 is the header, so row 2 is line 3
    assert result.bad_rows == 1 and result.good_rows == 2
    assert not Registration.objects.exists()
    assert not ChainEntry.objects.filter(property=hotel_a).exists()
    assert not AccessEvent.objects.exists()


def test_the_rate_rule_cites_the_law(hotel_a, maria):
    result = run(hotel_a, maria, pms_csv([pms_row(hotel_a, 1, rate_type="hourly")]))

    assert "PA 23-20" in result.errors[0].message


def test_duplicates_in_the_file_are_refused(hotel_a, maria):
    # A reference already in the register is an update (tests/guests/test_import_upsert.py).
    rows = [pms_row(hotel_a, n) for n in range(4)]
    rows.append(dict(rows[0]))  # the identical row twice: line 6
    rows.append(pms_row(hotel_a, 5, external_ref="PMS-000001"))  # same ref as line 3: line 7

    result = run(hotel_a, maria, pms_csv(rows))

    assert errors_of(result) == {(6, "row"), (7, "external_ref")}
    messages = {e.line: e.message for e in result.errors}
    assert "line 2" in messages[6]
    assert "line 3" in messages[7]
    assert not Registration.objects.exists()


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (
            (*HEADER, "shoe_size"),
            f"Unknown column heading in column {column_letter(len(HEADER) + 1)}",
        ),
        (tuple(c for c in HEADER if c != "expected_departure"), "Missing column: expected_dep"),
        ((*HEADER, "arrival"), "Column given twice: arrival"),
    ],
)
def test_wrong_or_missing_columns_are_named(hotel_a, maria, header, message):
    result = run(hotel_a, maria, pms_csv([pms_row(hotel_a, 1)], header=header))

    assert not result.ok
    assert result.errors[0].line == 1 and result.errors[0].field == "columns"
    assert message in result.errors[0].message


def test_the_rule_packs_required_columns_are_required(hotel_a, maria):
    header = tuple(c for c in HEADER if c != "room")
    required = pms_import.required_columns(hotel_a)

    result = run(hotel_a, maria, pms_csv([pms_row(hotel_a, 1)], header=header))

    assert ("room" in required) == any("room" in e.message for e in result.errors)


def test_a_short_row_is_reported(hotel_a, maria):
    content = pms_csv([pms_row(hotel_a, 1)]) + b"Someone,101\r\n"

    result = run(hotel_a, maria, content)

    assert errors_of(result) == {(3, "columns")}


@pytest.mark.parametrize(
    ("content", "code", "words"),
    [
        (b"", "empty", "empty"),
        (pms_csv([]), None, "no rows"),
        ("guest_name,arrival\r\nJos\u00e9,x\r\n".encode("latin-1"), "encoding", "not UTF-8"),
        ("guest_name,arrival\r\nJos\u00e9,x\r\n".encode("utf-16"), "encoding", "not UTF-8"),
    ],
)
def test_unreadable_files_are_refused_whole(hotel_a, maria, content, code, words):
    if code is None:
        result = run(hotel_a, maria, content)
        assert not result.ok and words in result.errors[0].message
        return
    with pytest.raises(ImportFileError) as error:
        run(hotel_a, maria, content)
    assert error.value.code == code
    assert words in error.value.message


def test_a_file_over_the_size_limit_is_refused(hotel_a, maria, monkeypatch):
    monkeypatch.setattr(pms_import, "MAX_IMPORT_BYTES", 1000)

    with pytest.raises(ImportFileError) as error:
        run(hotel_a, maria, pms_csv([pms_row(hotel_a, n) for n in range(20)]))

    assert error.value.code == "too_large"


def test_too_many_rows_are_refused(hotel_a, maria, monkeypatch):
    monkeypatch.setattr(pms_import, "MAX_IMPORT_ROWS", 3)

    with pytest.raises(ImportFileError) as error:
        run(hotel_a, maria, pms_csv([pms_row(hotel_a, n) for n in range(4)]))

    assert error.value.code == "too_many_rows"
    assert "more than 3 rows" in error.value.message
    assert not Registration.objects.exists()


def test_a_dry_run_checks_and_writes_nothing(hotel_a, maria):
    result = run(hotel_a, maria, pms_csv([pms_row(hotel_a, n) for n in range(3)]), dry_run=True)

    assert result.ok and result.rows == 3 and result.imported == 0
    assert not Registration.objects.exists()
    assert not AccessEvent.objects.exists()


def test_a_reference_taken_between_the_passes_rolls_everything_back(
    hotel_a, maria, sam, monkeypatch
):
    rows = [pms_row(hotel_a, n) for n in range(2500)]
    real = pms_import.commit

    def racing(**kwargs):
        # A desk check-in between the check and the import takes a reference of batch three.
        make_registration(hotel_a, sam, external_ref="PMS-002100")
        return real(**kwargs)

    monkeypatch.setattr(pms_import, "commit", racing)

    result = run(hotel_a, maria, pms_csv(rows))

    assert not result.ok
    # The row would now update the stay instead of creating it: not what the preview said.
    assert errors_of(result) == {(1, "file")}
    assert "register changed" in result.errors[0].message
    assert Registration.objects.count() == 1  # the racing check-in only
    assert RegistrationCounter.objects.get(property=hotel_a).last_number == 1
    assert (
        not ChainEntry.objects.filter(kind="registration")
        .exclude(object_ref=f"registration:{Registration.objects.get().pk}")
        .exists()
    )
    assert chain_verify(hotel_a).ok


def test_late_night_arrivals_belong_to_the_previous_night(hotel_a, maria):
    row = pms_row(hotel_a, 1)
    day = timezone.localdate() - timedelta(days=1)
    row.update(arrival=f"{day}T00:30", expected_departure=str(day))

    result = run(hotel_a, maria, pms_csv([row]))

    assert result.ok, result.errors


def test_memory_does_not_grow_with_the_file(hotel_a, maria):
    def peak(n: int) -> int:
        content = pms_csv([pms_row(hotel_a, i, external_ref=f"M{n}-{i}") for i in range(n)])
        file = upload(content)
        tracemalloc.start()
        registrations_import(prop=hotel_a, actor=maria, file=file)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return peak

    small, large = peak(1000), peak(4000)
    # Four times the rows: the batch buffers stay the same; only the duplicate fingerprints
    # (about 200 bytes a row) grow.
    assert large < small + 3000 * 400


def test_verify_chain_still_passes_after_an_import(hotel_a, maria):
    run(hotel_a, maria, pms_csv([pms_row(hotel_a, n) for n in range(30)]))

    out = io.StringIO()
    call_command("verify_chain", stdout=out)

    assert "BROKEN" not in out.getvalue()
