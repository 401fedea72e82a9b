"""Import profiles: each mapping rule, the built-in profiles on their sample files, bad input."""

import io
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import Workbook

from guests import import_profiles as ip
from guests import occupants
from guests.import_profiles import CellError, ProfileInvalid, parse_moment, parse_money
from guests.models import Channel, Registration
from guests.pms_import import registrations_import
from hotelcompliance.access_log import AccessEvent, AccessKind
from hotelcompliance.chain import chain_verify, chain_verify_contents
from hotelcompliance.imports.result import ImportResult
from tests.guests.pms_csv import pms_csv, pms_row, upload

SAMPLES = Path(__file__).parent / "pms_samples"


def transform(mapping: dict, lines: list[list[str]], **layout) -> tuple[list, ImportResult]:
    """The register cells a mapping gives for a header and rows (no database)."""
    profile = ip.profile_from_json({"mapping": mapping, **layout})
    result = ImportResult()
    source = iter(list(enumerate(lines, start=1)))
    rows = list(ip.compile_profile(profile).rows(source, result))
    return rows, result


BASE = {
    "guest_name": {"column": "Name"},
    "arrival": {"column": "In"},
    "expected_departure": {"column": "Out"},
}


def one(fields: dict, header: list[str], cells: list[str]):
    rows, result = transform({"fields": {**BASE, **fields}}, [header, cells])
    assert result.errors == []
    return rows[0]


# ---- the engine's rules -------------------------------------------------------------------


def test_first_and_last_names_are_joined():
    row = one(
        {"guest_name": {"rule": "join", "columns": ["First", "Last"]}},
        ["First", "Last", "In", "Out"],
        ["Ana", "García", "2026-06-13T15:00", "2026-06-15"],
    )
    assert row.cells["guest_name"] == "Ana García"


def test_last_comma_first_is_reordered():
    assert ip.last_first("SMITH, John A") == "John A SMITH"
    assert ip.last_first("Cher") == "Cher"
    row = one(
        {"guest_name": {"column": "Name", "rule": "last_first"}},
        ["Name", "In", "Out"],
        ["O'BRIEN, Sean", "2026-06-13T15:00", "2026-06-15"],
    )
    assert row.cells["guest_name"] == "Sean O'BRIEN"


def test_accompanying_name_columns_become_occupants():
    row = one(
        {"occupants": {"rule": "join", "columns": ["Guest 2", "Guest 3", "Guest 4"]}},
        ["Name", "Guest 2", "Guest 3", "Guest 4", "In", "Out"],
        ["Ana", "Luis", "", "Eva", "2026-06-13T15:00", "2026-06-15"],
    )
    assert row.cells["occupants"] == "Luis;Eva"


@pytest.mark.parametrize(
    ("fmt", "text", "expected"),
    [
        ("MM/DD/YYYY", "06/12/2026", (date(2026, 6, 12), None)),
        ("MM/DD/YYYY", "6/2/2026 3:42 PM", (date(2026, 6, 2), time(15, 42))),
        ("DD.MM.YYYY", "12.06.2026", (date(2026, 6, 12), None)),
        ("DD.MM.YYYY", "12.06.2026 16:05", (date(2026, 6, 12), time(16, 5))),
        ("DD/MM/YYYY", "13/06/2026", (date(2026, 6, 13), None)),
        ("ISO", "2026-06-12T09:30:15", (date(2026, 6, 12), time(9, 30, 15))),
        ("MM/DD/YYYY", "2026-06-12", (date(2026, 6, 12), None)),  # an XLSX date cell
        ("MM/DD/YYYY", "12:00 AM", None),
        ("DD.MM.YYYY", "31.02.2026", None),
        ("MM/DD/YYYY", "13/01/2026", None),
        ("ISO", "2026-06-12 25:00", None),
    ],
)
def test_date_formats(fmt, text, expected):
    if expected is None:
        with pytest.raises(CellError):
            parse_moment(text, fmt)
    else:
        assert parse_moment(text, fmt) == expected


def test_a_date_only_arrival_takes_the_check_in_time_and_is_marked():
    mapping = {
        "fields": {
            **BASE,
            "arrival": {"column": "In", "format": "DD.MM.YYYY"},
            "expected_departure": {"column": "Out", "format": "DD.MM.YYYY"},
        }
    }
    profile = ip.profile_from_json({"mapping": mapping})
    times = ip.PropertyTimes(check_in=time(16, 0), check_out=time(10, 0))
    rows = list(
        ip.compile_profile(profile, times).rows(
            iter(
                [
                    (1, ["Name", "In", "Out"]),
                    (2, ["Ana", "13.06.2026", "15.06.2026"]),
                    (3, ["Luis", "13.06.2026 09:15", "15.06.2026"]),
                ]
            ),
            ImportResult(),
        )
    )
    assert rows[0].cells["arrival"] == "2026-06-13T16:00"
    assert rows[0].values["arrival_time_assumed"] is True
    assert rows[0].cells["expected_departure"] == "2026-06-15"
    assert rows[1].cells["arrival"] == "2026-06-13T09:15"
    assert "arrival_time_assumed" not in rows[1].values


@pytest.mark.parametrize(
    ("text", "money", "expected"),
    [
        ("$1,234.50", "1,234.56", Decimal("1234.50")),
        ("USD 99", "1,234.56", Decimal("99")),
        ("1.190,00 €", "1.234,56", Decimal("1190.00")),
        ("£ 87.5", "1,234.56", Decimal("87.5")),
        ("-12.00", "1,234.56", Decimal("-12.00")),
    ],
)
def test_money_with_symbols_and_thousands_separators(text, money, expected):
    assert parse_money(text, money) == expected


def test_money_that_is_no_amount_is_refused_without_quoting_it():
    with pytest.raises(CellError) as caught:
        parse_money("free", "1,234.56")
    assert "free" not in caught.value.message


def test_rate_from_total_over_nights_and_total_from_rate_times_nights():
    row = one(
        {
            "rate": {"column": "Total", "rule": "rate_from_total", "money": "1,234.56"},
            "amount_charged": {"column": "Total", "money": "1,234.56"},
        },
        ["Name", "In", "Out", "Total"],
        ["Ana", "2026-06-12T15:00", "2026-06-15", "$1,000.00"],
    )
    assert (row.cells["rate"], row.cells["amount_charged"]) == ("333.33", "1000.00")
    row = one(
        {"rate": {"column": "Rate"}, "amount_charged": {"rule": "total_from_rate"}},
        ["Name", "In", "Out", "Rate"],
        ["Ana", "2026-06-12T15:00", "2026-06-15", "129.50"],
    )
    assert row.cells["amount_charged"] == "388.50"


def test_value_maps_turn_pms_codes_into_register_codes():
    fields = {
        "payment_method": {"column": "Pay", "values": {"Visa": "card", "MC": "card", "AX": "card"}},
        "rate_type": {"column": "Code", "values": {"RACK": "nightly", "WKLY": "weekly"}},
        "id_type": {
            "column": "Doc",
            "values": {"Driver License": "drivers_licence", "DL": "drivers_licence"},
        },
        "checked_out_at": {
            "column": "Status",
            "rule": "status",
            "values": {"Checked Out": "checked_out"},
        },
    }
    header = ["Name", "In", "Out", "Pay", "Code", "Doc", "Status"]
    row = one(
        fields,
        header,
        ["A", "2026-06-12T15:00", "2026-06-14", " ax ", "WKLY", "driver  license", "CHECKED OUT"],
    )
    assert row.cells["payment_method"] == "card"
    assert row.cells["rate_type"] == "weekly"
    assert row.cells["id_type"] == "drivers_licence"
    assert row.cells["checked_out_at"] == "2026-06-14T11:00"  # the property's check-out time
    row = one(
        fields, header, ["A", "2026-06-12T15:00", "2026-06-14", "MC", "RACK", "DL", "In House"]
    )
    assert "checked_out_at" not in row.cells


def test_a_value_missing_from_the_map_is_a_row_error_naming_the_column_not_the_value():
    rows, _result = transform(
        {"fields": {**BASE, "payment_method": {"column": "Pay", "values": {"Visa": "card"}}}},
        [["Name", "In", "Out", "Pay"], ["A", "2026-06-12T15:00", "2026-06-14", "Bitcoin"]],
    )
    assert rows[0].errors["payment_method"].startswith("Pay:")
    assert "Bitcoin" not in rows[0].errors["payment_method"]


def test_one_row_per_guest_is_grouped_into_one_stay_with_minors_from_birth_dates():
    mapping = {
        "group_by": "Res",
        "fields": {
            **BASE,
            "external_ref": {"column": "Res"},
            "adults": {"rule": "count_guests"},
            "minors": {"column": "Born", "rule": "birth_dates", "format": "DD/MM/YYYY"},
        },
    }
    header = ["Res", "Name", "Born", "In", "Out"]
    stay = ["2026-06-13T15:00", "2026-06-15"]
    rows, result = transform(
        mapping,
        [
            header,
            ["R1", "Ana", "03/04/1985", *stay],
            ["R1", "Luis", "", *stay],
            ["R1", "Sofía", "02/09/2014", *stay],
            ["R1", "Mateo", "14/06/2008", *stay],  # eighteen the day after arriving
            ["R2", "John", "15/01/1970", *stay],
        ],
    )
    assert result.rows == 2 and result.errors == []
    first, second = rows
    assert (first.line, first.cells["guest_name"]) == (2, "Ana")
    assert first.cells["occupants"] == "Luis;Sofía *;Mateo *"  # the minors marked
    assert (first.cells["adults"], first.cells["minors"]) == ("2", "2")
    assert (second.line, second.cells["adults"], second.cells["minors"]) == (6, "1", "0")


def test_extra_columns_are_ignored_and_a_missing_mapped_column_is_named():
    rows, result = transform(
        {"fields": {**BASE, "room": {"column": "Room"}}},
        [
            ["Loyalty", "Name", "In", "Out", "Room", "Notes"],
            ["G1", "A", "2026-06-12T15:00", "2026-06-14", "7", "x"],
        ],
    )
    assert result.errors == [] and rows[0].cells["room"] == "7"
    rows, result = transform(
        {"fields": {**BASE, "room": {"column": "Room"}}},
        [["Name", "In", "Out"], ["A", "2026-06-12T15:00", "2026-06-14"]],
    )
    assert rows == []
    assert [(e.line, e.field) for e in result.errors] == [(1, "columns")]
    assert "Room" in result.errors[0].message


def test_the_header_row_may_come_after_a_title():
    rows, result = transform(
        {"fields": BASE},
        [["Arrivals report"], [""], ["Name", "In", "Out"], ["A", "2026-06-12T15:00", "2026-06-14"]],
        header_row=3,
    )
    assert result.errors == [] and rows[0].line == 4


# ---- checking a profile -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mapping", "path"),
    [
        ({"fields": {**BASE, "colour": {"column": "C"}}}, "mapping.fields.colour"),
        (
            {"fields": {**BASE, "arrival": {"column": "In", "format": "YYYY/DD/MM"}}},
            "mapping.fields.arrival.format",
        ),
        (
            {"fields": {**BASE, "room": {"column": "R", "format": "ISO"}}},
            "mapping.fields.room.format",
        ),
        (
            {"fields": {**BASE, "rate": {"column": "R", "money": "1 234,56"}}},
            "mapping.fields.rate.money",
        ),
        (
            {"fields": {**BASE, "payment_method": {"column": "P", "values": {"Visa": "plastic"}}}},
            "mapping.fields.payment_method.values",
        ),
        ({"fields": {**BASE, "room": {"column": "R", "rule": "join"}}}, "mapping.fields.room.rule"),
        (
            {"fields": {**BASE, "minors": {"column": "B", "rule": "birth_dates"}}},
            "mapping.fields.minors.rule",
        ),
        ({"fields": {"guest_name": {"column": "N"}}}, "mapping.fields.arrival"),
        ({"fields": {**BASE, "room": "R"}}, "mapping.fields.room"),
        ({"fields": BASE, "group_by": "Res"}, "mapping.fields.external_ref"),
        ({"fields": {}}, "mapping.fields"),
    ],
)
def test_a_bad_mapping_gives_field_errors(mapping, path):
    with pytest.raises(ProfileInvalid) as caught:
        ip.profile_from_json({"mapping": mapping})
    assert path in caught.value.errors


def test_a_bad_layout_gives_field_errors():
    with pytest.raises(ProfileInvalid) as caught:
        ip.profile_from_json(
            {"delimiter": ":", "encoding": "utf-16", "header_row": 0, "mapping": {"fields": BASE}}
        )
    assert set(caught.value.errors) == {"delimiter", "encoding", "header_row"}


def test_every_builtin_is_valid_and_cites_its_source():
    found = ip.builtins()
    assert {"opera", "cloudbeds", "mews", "guest_list", "own"} <= set(found)
    for builtin in found.values():
        assert builtin.profile()
        assert len(builtin.source) > 80


# ---- the built-in profiles import their sample files --------------------------------------


def sample_import(prop, actor, key: str, content: bytes):
    profile = ip.builtins()[key].profile()
    return registrations_import(prop=prop, actor=actor, file=io.BytesIO(content), profile=profile)


def imported(prop) -> dict[str, Registration]:
    return {
        r.external_ref: r
        for r in Registration.objects.for_property(prop).filter(channel=Channel.IMPORT)
    }


def assert_clean(result, rows: int):
    assert result.errors == [], [str(e) for e in result.errors]
    assert result.imported == rows


@pytest.mark.django_db
def test_opera_sample_imports(hotel_a, maria):
    result = sample_import(
        hotel_a, maria, "opera", (SAMPLES / "opera_reservations.csv").read_bytes()
    )
    assert_clean(result, 3)
    stays = imported(hotel_a)
    dupont = stays["48211734"]
    assert dupont.guest_name == "Hélène DUPONT"  # Windows-1252, "LAST, FIRST"
    assert dupont.occupants == [{"name": "Marc Dupont", "minor": False}]
    assert dupont.payment_method == "card" and dupont.rate_type == "nightly"
    assert dupont.checked_out_at is not None
    assert dupont.amount_charged == Decimal("298.00")  # $149.00 x 2 nights
    obrien = stays["48211801"]
    assert obrien.arrival_time_assumed is True
    assert obrien.arrival.astimezone(hotel_a.tz).time() == time(15, 0)
    assert obrien.id_type == "drivers_licence" and obrien.checked_out_at is None
    nguyen = stays["48211802"]
    assert nguyen.rate == Decimal("1250.00") and nguyen.payment_method == "cash"
    # OPERA does not say which companion is the child: its counts stand beside the names.
    assert occupants.names(nguyen.occupants) == ["Bao Nguyen", "An Nguyen"]
    assert (nguyen.adults, nguyen.minors) == (2, 1)
    assert chain_verify(hotel_a).ok and chain_verify_contents(hotel_a) == []
    assert AccessEvent.objects.filter(kind=AccessKind.IMPORT).count() == 1


@pytest.mark.django_db
def test_cloudbeds_sample_imports_as_csv(hotel_a, maria):
    result = sample_import(
        hotel_a, maria, "cloudbeds", (SAMPLES / "cloudbeds_reservations.csv").read_bytes()
    )
    assert_clean(result, 3)
    stays = imported(hotel_a)
    assert stays["CB-3011827"].guest_name == "Maria Rossi"
    assert stays["CB-3011827"].rate == Decimal("149.00")  # $298.00 over 2 nights
    assert stays["CB-3011827"].checked_out_at is not None
    assert stays["CB-3011829"].amount_charged == Decimal("1120.00")
    assert stays["CB-3011828"].id_type == "drivers_licence"


def cloudbeds_xlsx() -> bytes:
    """The Cloudbeds sample as Cloudbeds exports it: a workbook with real dates and numbers."""
    import csv

    lines = list(csv.reader(io.StringIO((SAMPLES / "cloudbeds_reservations.csv").read_text())))
    book = Workbook()
    sheet = book.active
    sheet.append(lines[0])
    for cells in lines[1:]:
        typed: list[object] = list(cells)
        for index in (11, 12):
            typed[index] = datetime.strptime(cells[index], "%m/%d/%Y")  # noqa: DTZ007 (a cell)
        for index in (9, 10, 13):
            typed[index] = int(cells[index])
        typed[14] = float(cells[14].replace("$", "").replace(",", ""))
        sheet.append(typed)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.django_db
def test_cloudbeds_sample_imports_as_xlsx(hotel_a, maria):
    result = sample_import(hotel_a, maria, "cloudbeds", cloudbeds_xlsx())
    assert_clean(result, 3)
    stays = imported(hotel_a)
    assert stays["CB-3011829"].amount_charged == Decimal("1120.00")
    assert stays["CB-3011828"].expected_departure == date(2026, 6, 16)


@pytest.mark.django_db
def test_mews_sample_imports(hotel_a, maria):
    result = sample_import(hotel_a, maria, "mews", (SAMPLES / "mews_reservations.csv").read_bytes())
    assert_clean(result, 3)
    stays = imported(hotel_a)
    novak = stays["7341-2291"]
    assert novak.guest_name == "Jan Novák" and novak.rate == Decimal("595.00")
    assert novak.checked_out_at.astimezone(hotel_a.tz).time() == time(10, 40)
    assert occupants.names(stays["7341-2293"].occupants) == ["Anke de Vries", "Tim de Vries"]
    assert stays["7341-2293"].arrival_time_assumed is True


@pytest.mark.django_db
def test_guest_list_sample_is_grouped_into_stays(hotel_a, maria):
    result = sample_import(hotel_a, maria, "guest_list", (SAMPLES / "guest_list.csv").read_bytes())
    assert_clean(result, 2)
    garcia = imported(hotel_a)["R-5001"]
    assert garcia.guest_name == "Ana GARCÍA"
    assert garcia.occupants == [
        {"name": "Luis GARCÍA", "minor": False},
        {"name": "Sofía GARCÍA", "minor": True},
        {"name": "Mateo GARCÍA", "minor": True},
    ]
    assert (garcia.adults, garcia.minors) == (2, 2)
    assert garcia.amount_charged == Decimal("360.00")
    assert imported(hotel_a)["R-5002"].id_type == "drivers_licence"


@pytest.mark.django_db
def test_own_columns_sample_imports(hotel_a, maria):
    result = sample_import(hotel_a, maria, "own", (SAMPLES / "own_columns.csv").read_bytes())
    assert_clean(result, 2)
    assert imported(hotel_a)["OWN-1"].occupants == [{"name": "Charles Babbage", "minor": False}]


@pytest.mark.django_db
def test_a_bad_cell_under_a_profile_is_named_by_line_and_column_and_nothing_is_written(
    hotel_a, maria
):
    content = (
        (SAMPLES / "opera_reservations.csv")
        .read_bytes()
        .replace(b"06/16/2026,BAR", b"16/06/2026,BAR")
    )
    result = sample_import(hotel_a, maria, "opera", content)
    assert result.imported == 0
    # The total cannot be computed without the departure: the pack's required field says so.
    assert [(e.line, e.field) for e in result.errors] == [
        (3, "expected_departure"),
        (3, "amount_charged"),
    ]
    assert result.errors[0].message.startswith("DEPARTURE:")
    assert "16/06" not in result.errors[0].message
    assert not Registration.objects.for_property(hotel_a).exists()


# ---- the API ------------------------------------------------------------------------------


def profiles_url(prop, tail: str = "") -> str:
    return f"/api/v1/properties/{prop.pk}/import-profiles/{tail}"


@pytest.mark.django_db
def test_api_lists_the_builtins_with_their_citations(api_as, hotel_a, maria):
    response = api_as(maria).get(profiles_url(hotel_a, "builtins/"))
    assert response.status_code == 200
    keys = {b["key"]: b for b in response.json()}
    assert {"opera", "cloudbeds", "mews", "guest_list", "own"} <= set(keys)
    assert "OPERA" in keys["opera"]["citation"]


@pytest.mark.django_db
def test_api_creates_copies_updates_and_lists_profiles(api_as, hotel_a, maria):
    client = api_as(maria)
    body = {"name": "Our OPERA", **ip.builtins()["opera"].data}
    created = client.post(profiles_url(hotel_a), body, format="json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    changed = client.patch(profiles_url(hotel_a, f"{pk}/"), {"header_row": 3}, format="json")
    assert changed.status_code == 200 and changed.json()["header_row"] == 3
    copied = client.post(profiles_url(hotel_a, "copy/"), {"builtin": "opera"}, format="json")
    assert copied.status_code == 201
    assert copied.json()["name"] == "OPERA (reservation export)"
    listed = client.get(profiles_url(hotel_a)).json()
    assert sorted(p["name"] for p in listed) == ["OPERA (reservation export)", "Our OPERA"]


@pytest.mark.django_db
def test_api_refuses_a_bad_profile_with_field_errors_and_saves_nothing(api_as, hotel_a, maria):
    mapping = {"fields": {**BASE, "arrival": {"column": "In", "format": "YY.MM.DD"}}}
    response = api_as(maria).post(
        profiles_url(hotel_a),
        {"name": "Bad", "delimiter": ",", "encoding": "utf-8", "mapping": mapping},
        format="json",
    )
    assert response.status_code == 400
    assert "mapping.fields.arrival.format" in str(response.json())
    response = api_as(maria).post(profiles_url(hotel_a), {"builtin": "nobody"}, format="json")
    assert response.status_code == 400
    assert not hotel_a.import_profiles.exists()


@pytest.mark.django_db
def test_api_import_takes_a_profile_id(api_as, hotel_a, hotel_b, maria):
    from guests.import_profile_services import profile_copy_builtin

    profile = profile_copy_builtin(prop=hotel_a, key="mews")
    content = (SAMPLES / "mews_reservations.csv").read_bytes()
    url = f"/api/v1/properties/{hotel_a.pk}/registrations/import/"
    file = io.BytesIO(content)
    file.name = "mews.csv"
    response = api_as(maria).post(
        url, {"file": file, "profile": str(profile.pk)}, format="multipart"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["imported"] == 3
    foreign = profile_copy_builtin(prop=hotel_b, key="mews")
    file = io.BytesIO(content)
    file.name = "mews.csv"
    response = api_as(maria).post(
        url, {"file": file, "profile": str(foreign.pk)}, format="multipart"
    )
    assert response.status_code == 400 and "profile" in response.json()["fields"]


@pytest.mark.django_db
def test_the_openapi_schema_has_the_profile_routes(api_as, maria):
    schema = api_as(maria).get("/api/schema/").content.decode()
    assert "/import-profiles/" in schema and "/import-profiles/copy/" in schema
    assert "ImportProfile" in schema


# ---- the pages ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_manager_copies_a_builtin_previews_a_sample_and_saves(client, hotel_a, maria):
    client.force_login(maria)
    listing = client.get(reverse("import_profile_list")).content.decode()
    assert "Cloudbeds (reservations report)" in listing
    response = client.post(reverse("import_profile_copy"), {"builtin": "opera"})
    profile = hotel_a.import_profiles.get()
    assert response["Location"] == reverse("import_profile_edit", kwargs={"pk": profile.pk})
    edit = client.get(response["Location"])
    form = edit.context["form"]
    data = {k: v for k, v in form.initial.items() if v not in (None, False)}
    sample = io.BytesIO((SAMPLES / "opera_reservations.csv").read_bytes())
    sample.name = "opera.csv"
    preview = client.post(response["Location"], {**data, "preview": "1", "sample": sample})
    page = preview.content.decode()
    assert preview.status_code == 200
    assert "Hélène DUPONT" in page and "check-in time assumed" in page
    assert "19FR40211" not in page  # the ID number is masked
    assert not Registration.objects.exists()  # a preview writes nothing
    saved = client.post(response["Location"], {**data, "name": "Our OPERA", "save": "1"})
    assert saved.status_code == 302
    profile.refresh_from_db()
    assert (
        profile.name == "Our OPERA"
        and profile.mapping["fields"]["guest_name"]["rule"] == "last_first"
    )


@pytest.mark.django_db
def test_the_editor_puts_a_bad_mapping_on_its_input(client, hotel_a, maria):
    client.force_login(maria)
    client.post(reverse("import_profile_copy"), {"builtin": "opera"})
    profile = hotel_a.import_profiles.get()
    url = reverse("import_profile_edit", kwargs={"pk": profile.pk})
    data = {
        k: v for k, v in client.get(url).context["form"].initial.items() if v not in (None, False)
    }
    data["payment_method__values"] = "VA = plastic"
    data["arrival__column"] = data["arrival__format"] = ""
    response = client.post(url, {**data, "save": "1"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "payment_method__values" in errors and "arrival__column" in errors
    profile.refresh_from_db()
    assert profile.mapping["fields"]["payment_method"]["values"]["VA"] == "card"


@pytest.mark.django_db
def test_the_import_page_imports_through_a_chosen_profile(client, hotel_a, maria):
    from guests.import_profile_services import profile_copy_builtin

    client.force_login(maria)
    profile = profile_copy_builtin(prop=hotel_a, key="guest_list")
    sample = io.BytesIO((SAMPLES / "guest_list.csv").read_bytes())
    sample.name = "guests.csv"
    response = client.post(
        reverse("registration_import"), {"file": sample, "profile": str(profile.pk)}
    )
    assert response.status_code == 302
    # Editing the profile after the preview does not change how the file is read.
    profile.mapping = {"fields": BASE}
    profile.save()
    client.post(response["Location"])
    garcia = Registration.objects.get(external_ref="R-5001")
    assert (garcia.adults, garcia.minors) == (2, 2)
    assert Registration.objects.filter(property=hotel_a).count() == 2
    assert AccessEvent.objects.filter(kind=AccessKind.IMPORT).count() == 1


@pytest.mark.django_db
def test_the_benchmarks_profile_file_imports(hotel_a, maria, tmp_path):
    from tests.bench.bench_import import PROFILE, write_profile_csv

    path = tmp_path / "profile.csv"
    write_profile_csv(path, 40)
    result = registrations_import(
        prop=hotel_a, actor=maria, file=path.open("rb"), profile=ip.profile_from_json(PROFILE)
    )
    assert_clean(result, 40)
    assert Registration.objects.get(external_ref="PMS-000010").rate == Decimal("1129.00")


@pytest.mark.django_db
def test_the_api_shows_an_assumed_arrival_time(api_as, hotel_a, maria):
    sample_import(hotel_a, maria, "opera", (SAMPLES / "opera_reservations.csv").read_bytes())
    stay = Registration.objects.get(external_ref="48211801")
    body = api_as(maria).get(f"/api/v1/properties/{hotel_a.pk}/registrations/{stay.pk}/").json()
    assert body["arrival_time_assumed"] is True


@pytest.mark.django_db
def test_the_registration_page_marks_an_assumed_arrival_time(client, hotel_a, maria):
    sample_import(hotel_a, maria, "opera", (SAMPLES / "opera_reservations.csv").read_bytes())
    client.force_login(maria)
    assumed = Registration.objects.get(external_ref="48211801")
    timed = Registration.objects.get(external_ref="48211734")
    page = client.get(reverse("registration_detail", kwargs={"pk": assumed.pk})).content.decode()
    assert "time assumed" in page
    page = client.get(reverse("registration_detail", kwargs={"pk": timed.pk})).content.decode()
    assert "time assumed" not in page


@pytest.mark.django_db
def test_a_latin1_pipe_file_with_a_title_row_imports_through_its_layout(hotel_a, maria):
    data = ip.builtins()["own"].data
    profile = ip.profile_from_json(
        {**data, "delimiter": "|", "encoding": "latin-1", "header_row": 2}
    )
    content = (SAMPLES / "own_columns.csv").read_text().replace(",", "|").replace("Ada", "Adà")
    content = "Night audit 2026-06-15\r\n" + content
    result = registrations_import(
        prop=hotel_a, actor=maria, file=io.BytesIO(content.encode("latin-1")), profile=profile
    )
    assert_clean(result, 2)
    assert imported(hotel_a)["OWN-1"].guest_name == "Adà Lovelace"
    # The same bytes read as UTF-8 are refused as a whole file, naming the encoding.
    utf8 = ip.profile_from_json({**data, "delimiter": "|", "header_row": 2})
    from hotelcompliance.imports.errors import ImportFileError

    with pytest.raises(ImportFileError):
        registrations_import(
            prop=hotel_a, actor=maria, file=io.BytesIO(content.encode("latin-1")), profile=utf8
        )


@pytest.mark.django_db
def test_counts_stand_beside_unmarked_names_only_when_they_account_for_them(hotel_a, maria):
    rows = [
        # The guest and two names, one of them a child the file does not point out.
        pms_row(hotel_a, 1, adults="2", minors="1", occupants="Bo;Cy"),
        # Two names cannot be one adult and one child beside the guest and another adult.
        pms_row(hotel_a, 2, adults="3", minors="1", occupants="Di;Ed"),
        # A name marked minor is judged as at the desk: the list says one adult with the guest.
        pms_row(hotel_a, 3, adults="2", minors="1", occupants="Fay *"),
    ]
    result = registrations_import(
        prop=hotel_a, actor=maria, file=upload(pms_csv(rows)), dry_run=True
    )
    assert sorted((e.line, e.field) for e in result.errors) == [(3, "minors"), (4, "adults")]
