"""Occupants become `{"name", "minor"}` objects (a plain name was an adult: minor false).

Rows chained before keep verifying: the chain digests an adult occupant as its plain name
(`guests.occupants.digest_form`), so rewriting the JSON changes no digest. Which of a legacy
stay's occupants were its minors was never recorded; they are marked adults, and a
correction of the occupant list (which brings the counts along) marks them.
"""

from django.db import migrations

BATCH = 1000


def _objects(value):
    if not isinstance(value, list):
        return value
    return [
        {"name": item, "minor": False} if isinstance(item, str) else item for item in value
    ]


def _names(value):
    if not isinstance(value, list):
        return value
    return [
        item["name"] if isinstance(item, dict) and not item.get("minor") else item
        for item in value
    ]


def _rewrite(apps, convert):
    Registration = apps.get_model("guests", "Registration")
    rows = Registration.objects.exclude(occupants=[]).values_list("pk", "occupants")
    for pk, value in rows.iterator(chunk_size=BATCH):
        new = convert(value)
        if new != value:
            Registration.objects.filter(pk=pk).update(occupants=new)


def forwards(apps, schema_editor):
    _rewrite(apps, _objects)


def backwards(apps, schema_editor):
    _rewrite(apps, _names)


class Migration(migrations.Migration):
    dependencies = [('guests', '0014_pre_arrivals')]

    operations = [migrations.RunPython(forwards, backwards)]
