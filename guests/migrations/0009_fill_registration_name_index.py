"""Index the names of every registration stored before the name index existed."""

from django.db import migrations

from hotelcompliance.names import name_digest

CHUNK = 1000


def fill(apps, schema_editor):
    Registration = apps.get_model("guests", "Registration")
    RegistrationName = apps.get_model("guests", "RegistrationName")
    rows = Registration.objects.order_by("pk").values_list(
        "pk", "property_id", "guest_name", "occupants"
    )
    last_pk = None
    while True:
        chunk = list((rows if last_pk is None else rows.filter(pk__gt=last_pk))[:CHUNK])
        if not chunk:
            return
        last_pk = chunk[-1][0]
        index = []
        for pk, property_id, guest_name, occupants in chunk:
            names = [guest_name or ""]
            if isinstance(occupants, list):
                # Plain names, or {name, minor} objects once migration 0015 has run.
                names += [
                    item["name"] if isinstance(item, dict) else item
                    for item in occupants
                    if isinstance(item, str) or isinstance(item, dict)
                ]
            digests = {name_digest(name) for name in names} - {None}
            index += [
                RegistrationName(registration_id=pk, property_id=property_id, digest=digest)
                for digest in sorted(digests)
            ]
        RegistrationName.objects.bulk_create(index, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("guests", "0008_registration_name_index")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=False)]
