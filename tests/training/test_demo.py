"""The demo seed: every property's roster shows every status, and a second run adds nothing."""

import io

import pytest
from django.core.management import call_command

from hotelcompliance.tenancy import Property
from training.models import Employee, TrainingRecord
from training.status import STATUSES, roster_status

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())


def test_it_seeds_every_status_at_every_property(seeded):
    properties = list(Property.objects.all())

    assert len(properties) == 3
    for prop in properties:
        rows = roster_status(prop, as_of=prop.today())
        assert 12 <= len(rows) <= 20
        assert {row.status.status for row in rows} == set(STATUSES), prop.name
        if prop.jurisdiction == "US-TX":  # someone took a course Texas does not accept
            assert any("not approved for Texas" in row.status.reason for row in rows)


def test_a_second_run_adds_nothing(seeded):
    counts = Employee.objects.count(), TrainingRecord.objects.count()

    call_command("seed_demo", stdout=io.StringIO())

    assert (Employee.objects.count(), TrainingRecord.objects.count()) == counts
