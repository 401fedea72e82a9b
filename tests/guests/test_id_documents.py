"""The desk's ID readers: AAMVA PDF417 payloads and ICAO 9303 MRZs, built from the standards."""

import string
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guests.id_documents import Flag, UnreadableScan, aamva, mrz, read_scan
from tests.guests.id_builders import aamva_payload, mrz_td1, mrz_td3, us_date

SAMPLES = Path(__file__).parent / "id_samples"
TODAY = date(2026, 12, 7)


def sample(name: str) -> str:
    return (SAMPLES / name).read_text()


def test_icao_td3_example_reads_with_every_check_digit_good_and_is_expired():
    doc = read_scan(sample("td3_icao_example.txt"), today=TODAY)
    assert (doc.document_type, doc.document_number, doc.issuer) == ("passport", "L898902C3", "UTO")
    assert (doc.family_name, doc.given_names) == ("ERIKSSON", "ANNA MARIA")
    assert doc.date_of_birth == date(1974, 8, 12) and doc.expiry == date(2012, 4, 15)
    assert doc.flags == {Flag.EXPIRED}


def test_icao_td1_example():
    doc = read_scan(sample("td1_icao_example.txt"), today=TODAY)
    assert (doc.document_type, doc.document_number) == ("other", "D23145890")
    assert (doc.family_name, doc.given_names) == ("ERIKSSON", "ANNA MARIA")
    assert doc.flags == {Flag.EXPIRED}


def test_td1_long_document_number_continues_in_the_optional_field():
    doc = read_scan(sample("td1_long_number.txt"), today=TODAY)
    assert doc.document_number == "D23145890734"
    assert Flag.CHECK_DIGIT_FAILED not in doc.flags


@pytest.mark.parametrize("position", [9, 19, 27, 43])
def test_a_wrong_td3_check_digit_is_flagged(position):
    lines = sample("td3_icao_example.txt").splitlines()
    digit = lines[1][position]
    lines[1] = lines[1][:position] + str((int(digit) + 1) % 10) + lines[1][position + 1 :]
    assert Flag.CHECK_DIGIT_FAILED in read_scan("\n".join(lines), today=TODAY).flags


def test_a_changed_td1_field_fails_the_composite_check():
    lines = sample("td1_icao_example.txt").splitlines()
    lines[1] = lines[1][:15] + "UTA" + lines[1][18:]  # nationality: covered only by composite
    lines[1] = lines[1][:18] + "X" + lines[1][19:]
    assert Flag.CHECK_DIGIT_FAILED in read_scan("\n".join(lines), today=TODAY).flags


def test_aamva_v10_connecticut_licence():
    doc = read_scan(sample("aamva_v10_ct.txt"), today=TODAY)
    assert (doc.document_type, doc.document_number, doc.issuer) == (
        "drivers_licence",
        "990000001",
        "CT",
    )
    assert doc.full_name == "JANE Q SAMPLE"
    assert doc.address == "123 MAIN ST, HARTFORD, CT 06103"
    assert doc.date_of_birth == date(1980, 1, 15) and doc.expiry == date(2030, 8, 31)
    assert doc.version == 10 and doc.flags == frozenset()


def test_aamva_v1_full_name_and_ccyymmdd_dates():
    doc = read_scan(sample("aamva_v1_ny.txt"), today=TODAY)
    assert (doc.family_name, doc.given_names) == ("SAMPLE", "JOHN M")
    assert doc.date_of_birth == date(1970, 7, 4) and doc.version == 1


def test_aamva_canadian_dates_cr_line_ends_and_expired_flag():
    doc = read_scan(sample("aamva_v3_qc_expired.txt"), today=TODAY)
    assert doc.document_number == "S1234-56789-01234"
    assert (doc.family_name, doc.given_names) == ("SAMPLE", "MARIE CLAIRE")
    assert doc.date_of_birth == date(1985, 3, 2)
    assert doc.flags == {Flag.EXPIRED}
    assert doc.postal_code == "H2X 1Y4" and doc.country == "CAN"


def test_aamva_id_card_subfile_is_a_state_id():
    doc = read_scan(sample("aamva_v8_tx_idcard.txt"), today=TODAY)
    assert doc.document_type == "state_id"
    assert doc.date_of_birth == date(1999, 12, 1)


def test_a_version_past_ten_is_flagged():
    payload = aamva_payload({"DAQ": "X1", "DBB": "01011990", "DBA": "01012030"}, version=11)
    assert Flag.UNKNOWN_VERSION in read_scan(payload, today=TODAY).flags


def test_text_that_is_no_document_is_refused_without_echoing_it():
    with pytest.raises(UnreadableScan) as caught:
        read_scan("JOHN SMITH 123 MAIN", today=TODAY)
    assert "SMITH" not in str(caught.value)


letters = st.text(alphabet=string.ascii_uppercase, min_size=1, max_size=12)
numbers = st.text(alphabet=string.ascii_uppercase + string.digits, min_size=1, max_size=9)
births = st.dates(min_value=date(1927, 1, 1), max_value=date(2025, 12, 31))
expiries = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))


@given(
    number=numbers,
    family=letters,
    first=letters,
    dob=births,
    expiry=expiries,
    version=st.integers(2, 10),
    line_end=st.sampled_from(["\n", "\r", "\r\n"]),
    header=st.sampled_from(["@\n\x1e\rANSI ", "@\r\rANSI ", "@\r\nANSI ", "@\n\rANSI "]),
)
def test_aamva_round_trip(number, family, first, dob, expiry, version, line_end, header):
    elements = {
        "DCS": family,
        "DAC": first,
        "DAQ": number,
        "DBB": us_date(dob),
        "DBA": us_date(expiry),
        "DAJ": "NJ",
    }
    payload = aamva_payload(elements, version=version, header=header, line_end=line_end)
    doc = aamva.parse(payload, today=TODAY)
    assert (doc.document_number, doc.family_name, doc.given_names) == (number, family, first)
    assert (doc.date_of_birth, doc.expiry, doc.version) == (dob, expiry, version)
    assert (Flag.EXPIRED in doc.flags) == (expiry < TODAY)


@given(
    number=numbers,
    family=letters,
    first=letters,
    dob=births,
    expiry=expiries,
    td1=st.booleans(),
)
def test_mrz_round_trip(number, family, first, dob, expiry, td1):
    build = mrz_td1 if td1 else mrz_td3
    text = build(number=number, family=family, given=first, dob=dob, expiry=expiry)
    doc = mrz.parse(text, today=TODAY)
    assert (doc.document_number, doc.family_name, doc.given_names) == (number, family, first)
    assert (doc.date_of_birth, doc.expiry) == (dob, expiry)
    assert Flag.CHECK_DIGIT_FAILED not in doc.flags
    assert (Flag.EXPIRED in doc.flags) == (expiry < TODAY)


def test_zip_plus_four_is_kept_and_a_header_without_its_separator_still_reads():
    payload = aamva_payload(
        {"DAQ": "K1", "DCS": "A", "DAC": "B", "DAK": "021081234", "DBB": "01011990"},
        header="@\nANSI ",
    )
    doc = aamva.parse(payload, today=TODAY)
    assert doc.postal_code == "02108-1234" and doc.version == 10
    assert Flag.BAD_DATE in doc.flags  # no expiry date on it


def test_a_us_date_that_only_parses_the_other_way_round_is_still_read():
    # A jurisdiction writing CCYYMMDD on a US card: month 19 cannot be MMDDCCYY.
    payload = aamva_payload({"DAQ": "K2", "DBB": "19800115", "DBA": "20301231", "DAJ": "MI"})
    doc = aamva.parse(payload, today=TODAY)
    assert doc.date_of_birth == date(1980, 1, 15) and doc.expiry == date(2030, 12, 31)
