"""Uploaded certificates go to a temporary MEDIA_ROOT, never the developer's var/media."""

import pytest


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
