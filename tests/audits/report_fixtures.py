"""Fixtures for report tests: a signing key made once per test session, media in a temp dir.

Imported by the report test modules (`from tests.audits.report_fixtures import *`).
"""

import pytest

from audits.reports import signing
from tests import clock

__all__ = ["report_media", "session_signing_dir", "signing_key"]


@pytest.fixture(scope="session")
def session_signing_dir(tmp_path_factory):
    from django.conf import settings
    from django.test import override_settings

    directory = tmp_path_factory.mktemp("signing")
    # Made on the tests' clock, so the certificate is valid on the day every test runs.
    with override_settings(REPORT_SIGNING_DIR=directory), clock.travel(tick=False):
        signing.signing_key_create(common_name="Test report signing")
    assert directory != settings.REPORT_SIGNING_DIR
    return directory


@pytest.fixture
def signing_key(settings, session_signing_dir):
    settings.REPORT_SIGNING_DIR = session_signing_dir
    return session_signing_dir


@pytest.fixture
def report_media(settings, tmp_path, signing_key):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
