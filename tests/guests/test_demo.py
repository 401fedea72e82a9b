import io

from django.core.management import call_command

from guests.models import Registration
from hotelcompliance.chain import chain_verify
from hotelcompliance.tenancy import Property


def test_seed_demo_fills_every_property_once(db, settings):
    settings.DEBUG = True

    call_command("seed_demo", stdout=io.StringIO())
    counts = {p.name: p.registrations.count() for p in Property.objects.all()}
    call_command("seed_demo", stdout=io.StringIO())

    assert len(counts) == 3
    assert all(count >= 80 for count in counts.values()), counts
    assert {p.name: p.registrations.count() for p in Property.objects.all()} == counts
    for prop in Property.objects.all():
        registrations = Registration.objects.for_property(prop)
        assert sorted(registrations.values_list("number", flat=True)) == list(
            range(1, counts[prop.name] + 1)
        )
        assert 0 < registrations.in_house().count() < 30
        assert registrations.filter(checked_out_at__isnull=False).exists()
        assert registrations.exclude(id_number_lookup="").exists()
        assert chain_verify(prop).ok
