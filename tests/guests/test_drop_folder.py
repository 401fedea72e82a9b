"""The drop folder: the beat task takes complete files, imports them, moves them, emails."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from guests import drop_folders
from guests.models import DropFolder, Registration, RegistrationImport
from guests.tasks import scan_drop_folders
from hotelcompliance.access_log import AccessEvent, AccessKind
from tests.guests.pms_csv import pms_csv, pms_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(tmp_path, settings):
    settings.IMPORT_DROP_ROOT = str(tmp_path / "drops")
    (tmp_path / "drops" / "hotel-a").mkdir(parents=True)
    return tmp_path / "drops"


@pytest.fixture
def drop(root, hotel_a, maria):
    return drop_folders.drop_folder_save(prop=hotel_a, actor=maria, path="hotel-a", profile=None)


def scan_twice() -> int:
    """A file is taken once its size held still between two scans."""
    assert scan_drop_folders() == 0
    return scan_drop_folders()


def test_a_complete_file_is_imported_moved_to_done_and_summarised(root, drop, hotel_a, maria):
    folder = root / "hotel-a"
    (folder / "tonight.csv").write_bytes(pms_csv([pms_row(hotel_a, n) for n in range(3)]))
    (folder / "tonight2.csv.part").write_bytes(b"half a file")  # still downloading

    assert scan_twice() == 1

    assert Registration.objects.for_property(hotel_a).count() == 3
    done = list((folder / "done").iterdir())
    assert len(done) == 1 and done[0].name.endswith("-tonight.csv")
    assert not (folder / "tonight.csv").exists()
    assert (folder / "tonight2.csv.part").exists()  # never touched
    record = RegistrationImport.objects.get(source="drop_folder")
    assert record.created_by == maria and record.imported_at is not None
    assert record.outcomes["created"] == 3 and record.content == ""
    assert AccessEvent.objects.filter(kind=AccessKind.IMPORT).count() == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [maria.email]
    assert "imported" in mail.outbox[0].subject
    assert "3 new stays" in mail.outbox[0].body


def test_a_file_still_growing_waits_for_the_next_scan(root, drop, hotel_a):
    file = root / "hotel-a" / "tonight.csv"
    file.write_bytes(pms_csv([pms_row(hotel_a, 0)]))
    assert scan_drop_folders() == 0
    file.write_bytes(pms_csv([pms_row(hotel_a, n) for n in range(2)]))  # it grew meanwhile

    assert scan_drop_folders() == 0
    assert scan_drop_folders() == 1
    assert Registration.objects.count() == 2


def test_a_bad_file_goes_to_failed_and_the_email_names_lines_not_values(root, drop, hotel_a):
    rows = [pms_row(hotel_a, 0), pms_row(hotel_a, 1, adults="Zacharias"), pms_row(hotel_a, 2)]
    (root / "hotel-a" / "bad.csv").write_bytes(pms_csv(rows))

    assert scan_twice() == 1

    assert not Registration.objects.exists()
    failed = list((root / "hotel-a" / "failed").iterdir())
    assert len(failed) == 1 and failed[0].name.endswith("-bad.csv")
    message = mail.outbox[0]
    assert "not imported" in message.subject
    assert "Line 3, adults" in message.body
    for personal in ("Zacharias", "Guest 0", "Guest 1", "P00000000", "Partner"):
        assert personal not in message.body
        assert personal not in message.alternatives[0][0]
    record = RegistrationImport.objects.get(source="drop_folder")
    assert record.imported_at is None and record.errors[0]["line"] == 3


def test_a_re_dropped_file_updates_instead_of_duplicating(root, drop, hotel_a):
    rows = [pms_row(hotel_a, n) for n in range(2)]
    (root / "hotel-a" / "mon.csv").write_bytes(pms_csv(rows))
    assert scan_twice() == 1
    rows[1]["room"] = "501"
    (root / "hotel-a" / "tue.csv").write_bytes(pms_csv(rows))

    assert scan_twice() == 1

    assert Registration.objects.count() == 2
    assert Registration.objects.get(external_ref="PMS-000001").room == "501"
    assert "1 updated" in mail.outbox[-1].body


@pytest.mark.parametrize("path", ["../outside", "/etc", "hotel-a/../../outside", "", "nope"])
def test_paths_outside_the_root_or_missing_are_refused(root, hotel_a, maria, path):
    (root.parent / "outside").mkdir(exist_ok=True)

    with pytest.raises(ValidationError) as refused:
        drop_folders.drop_folder_save(prop=hotel_a, actor=maria, path=path, profile=None)

    assert "path" in refused.value.message_dict
    assert not DropFolder.objects.exists()


def test_a_link_out_of_the_root_is_refused(root, hotel_a, maria, tmp_path):
    (tmp_path / "secret").mkdir()
    (root / "sneaky").symlink_to(tmp_path / "secret")

    with pytest.raises(ValidationError):
        drop_folders.drop_folder_save(prop=hotel_a, actor=maria, path="sneaky", profile=None)


def test_without_a_root_drop_folders_are_off(settings, hotel_a, maria):
    settings.IMPORT_DROP_ROOT = ""

    with pytest.raises(ValidationError) as refused:
        drop_folders.drop_folder_save(prop=hotel_a, actor=maria, path="x", profile=None)

    assert "not enabled" in refused.value.messages[0]


def test_a_manager_who_left_stops_the_folder_and_the_file_fails(root, drop, hotel_a, maria):
    maria.memberships.all().delete()
    (root / "hotel-a" / "tonight.csv").write_bytes(pms_csv([pms_row(hotel_a, 0)]))

    assert scan_twice() == 1

    assert not Registration.objects.exists()
    assert list((root / "hotel-a" / "failed").iterdir())


def test_the_task_is_in_the_beat_schedule(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "guests.tasks.scan_drop_folders" in tasks


def test_the_manager_sets_the_folder_up_on_its_page(client, root, hotel_a, maria):
    client.force_login(maria)
    assert "hotel-a" not in client.get("/desk/import/drop-folder/").content.decode()

    refused = client.post("/desk/import/drop-folder/", {"path": "../../etc", "enabled": "on"})
    saved = client.post("/desk/import/drop-folder/", {"path": "hotel-a", "enabled": "on"})

    assert refused.status_code == 400 and "must lie inside" in refused.content.decode()
    assert saved.status_code == 302
    drop = DropFolder.objects.get(property=hotel_a)
    assert drop.path == str(root / "hotel-a") and drop.run_as == maria and drop.enabled
    assert str(root / "hotel-a") in client.get("/desk/import/drop-folder/").content.decode()


def test_the_page_says_when_drop_folders_are_off(client, settings, maria):
    settings.IMPORT_DROP_ROOT = ""
    client.force_login(maria)

    page = client.get("/desk/import/drop-folder/").content.decode()

    assert 'id="drop-folder-off"' in page and "drop-folder-form" not in page


def test_a_scan_still_running_makes_the_next_one_skip_the_folder(root, drop, hotel_a):
    from django.core.cache import cache

    (root / "hotel-a" / "tonight.csv").write_bytes(pms_csv([pms_row(hotel_a, 0)]))
    cache.add(f"drop-folder-scan:{drop.pk}", "1")

    assert scan_twice() == 0

    cache.delete(f"drop-folder-scan:{drop.pk}")
    assert scan_twice() == 1
