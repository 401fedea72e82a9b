"""One date format per language, and date fields that read ISO whatever the language."""

from datetime import date, datetime

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation

DAY = date(2026, 12, 7)
MOMENT = datetime(2026, 12, 7, 15, 5)


@pytest.mark.parametrize(
    ("language", "day", "moment"),
    [("en", "Dec 7, 2026", "Dec 7, 2026, 3:05 PM"), ("es", "7 dic 2026", "7 dic 2026, 15:05")],
)
def test_a_day_and_a_moment_read_one_way_per_language(language, day, moment):
    template = Template('{{ day|date }}|{{ moment|date:"DATETIME_FORMAT" }}')
    with translation.override(language):
        shown = template.render(Context({"day": DAY, "moment": MOMENT}))

    assert shown == f"{day}|{moment}"


class DayForm(forms.Form):
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_browser_date_field_sends_and_shows_iso_in_every_language(language):
    with translation.override(language):
        form = DayForm({"day": "2026-12-07"})
        shown = str(DayForm(initial={"day": DAY})["day"])

    assert form.is_valid() and form.cleaned_data["day"] == DAY
    assert 'value="2026-12-07"' in shown
