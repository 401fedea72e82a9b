"""Helpers for the security suite: a TOTP device with a known key and the code it shows now."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


def code_now(device: TOTPDevice, *, steps_ago: int = 0) -> str:
    """The code an authenticator app shows (or showed `steps_ago` periods ago)."""
    return f"{totp(device.bin_key, step=device.step, t0=device.step * steps_ago):06d}"


@pytest.fixture
def two_factor_on(settings):
    settings.TWO_FACTOR_REQUIRED = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # tests repeat codes quickly; throttle tested apart
    return settings


@pytest.fixture
def device_for():
    def make(user, *, confirmed: bool = True) -> TOTPDevice:
        return TOTPDevice.objects.create(user=user, name="phone", confirmed=confirmed)

    return make
