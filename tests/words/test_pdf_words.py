"""Words for people in the PDFs an inspector receives: no code, no confidence, no research note."""

import pytest

from audits.reports.kinds import compliance_pack, ct_dcp_registration, training_roster
from tests.audits.factories import file_request
from tests.audits.test_report_kinds import (
    TODAY,
    course,  # noqa: F401 (a fixture `staff` uses)
    make_report,
    private_media,  # noqa: F401 (autouse there, used here)
    register,  # noqa: F401 (a fixture)
    render,
    staff,  # noqa: F401 (a fixture)
)
from tests.words.visible import raw_words

CONFIDENCES = ("(verified)", "(partial)", "(unknown)")


@pytest.mark.usefixtures("private_media", "staff", "register")
@pytest.mark.parametrize("kind", [compliance_pack, ct_dcp_registration, training_roster])
def test_a_report_reads_as_words_for_people(hotel_a, maria, ivan, kind, django_assert_num_queries):
    file_request(hotel_a, ivan)
    report = make_report(hotel_a, maria, kind.__name__.rsplit(".", 1)[-1], end=TODAY)
    _snapshot, texts = render(kind, report, django_assert_num_queries)
    text = " ".join(" ".join(texts).split())
    assert raw_words(text) == []
    assert not any(confidence in text for confidence in CONFIDENCES)
