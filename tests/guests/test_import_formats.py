"""A PMS export as it comes: an XLSX workbook or a semicolon CSV, read by the core reader."""

from datetime import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from guests.models import Registration, RegistrationImport
from guests.pms_import import registrations_import
from tests.core.xlsx_files import with_part, xlsx
from tests.guests.pms_csv import HEADER, pms_csv, pms_row, upload

pytestmark = pytest.mark.django_db

URL = reverse("registration_import")


def as_cells(row: dict) -> list:
    """The row as a spreadsheet holds it: numbers as numbers, moments as dates."""
    cells: list = []
    for name in HEADER:
        value = row.get(name, "")
        if name in ("adults", "minors"):
            value = int(value)
        elif name in ("rate", "amount_charged"):
            value = float(value)
        elif name == "arrival":
            value = datetime.fromisoformat(value)
        cells.append(value if value != "" else None)
    return cells


def test_an_xlsx_export_is_previewed_then_imported(client, hotel_a, maria):
    rows = [pms_row(hotel_a, n) for n in range(3)]
    content = xlsx([list(HEADER), *(as_cells(row) for row in rows)])
    client.force_login(maria)

    response = client.post(URL, {"file": upload(content, name="export.xlsx")})
    preview = client.get(response["Location"]).content.decode()
    client.post(response["Location"])

    assert "3 good rows, no problems" in preview
    imported = Registration.objects.for_property(hotel_a).order_by("number")
    assert [r.external_ref for r in imported] == ["PMS-000000", "PMS-000001", "PMS-000002"]
    assert imported[0].adults == 2 and imported[0].rate == Decimal("129.00")
    assert RegistrationImport.objects.get().imported_rows == 3


def test_a_semicolon_csv_is_read_without_saying_so(hotel_a, maria):
    content = pms_csv([pms_row(hotel_a, n) for n in range(2)]).replace(b",", b";")

    result = registrations_import(prop=hotel_a, actor=maria, file=upload(content))

    assert result.ok and result.imported == 2, result.errors


def test_an_xlsx_error_names_the_sheet_row_and_column(hotel_a, maria):
    rows = [as_cells(pms_row(hotel_a, n)) for n in range(3)]
    rows[1][HEADER.index("adults")] = "two"

    result = registrations_import(
        prop=hotel_a, actor=maria, file=upload(xlsx([list(HEADER), *rows]))
    )

    assert [(e.line, e.field) for e in result.errors] == [(3, "adults")]
    assert not Registration.objects.exists()


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (with_part(xlsx([list(HEADER)]), "xl/vbaProject.bin", b"\x00" * 64), "macros"),
        (b"PK\x03\x04 not a workbook", "cannot be read as an XLSX"),
    ],
    ids=["macros", "broken"],
)
def test_a_bad_workbook_is_a_form_error_not_a_500(client, maria, content, words):
    client.force_login(maria)

    response = client.post(URL, {"file": upload(content, name="export.xlsx")})

    assert response.status_code == 200
    assert words in response.content.decode()
    assert not RegistrationImport.objects.exists()
