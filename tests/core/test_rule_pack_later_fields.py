"""The guest-records rule says which required fields are the product's choice and which may wait."""

import tomllib

import pytest

from hotelcompliance.rules import RulePackError, get_pack
from hotelcompliance.rules.packs import PACK_DIR
from hotelcompliance.rules.schema import build_pack


def test_connecticut_names_the_product_choices_and_the_fields_a_pms_sends_later():
    fields = get_pack("US-CT").guest_fields()

    assert fields.product_choice == {"adults", "minors", "rate_type"}
    assert fields.later == {"amount_charged", "payment_method", "receipt_number"}
    assert fields.later <= fields.required and fields.product_choice <= fields.required


def test_a_pack_without_the_keys_lets_nothing_wait():
    assert get_pack("US-FL").guest_fields().later == frozenset()


@pytest.mark.parametrize("key", ["later", "product_choice"])
def test_a_field_that_may_wait_must_be_a_required_one(key):
    data = tomllib.loads((PACK_DIR / "US-CT.toml").read_text())
    data["rules"]["guest_records"][key] = ["email"]  # optional in CT

    with pytest.raises(RulePackError, match=f"guest_records.{key}: not a required field: email"):
        build_pack(data, filename="US-CT.toml")
