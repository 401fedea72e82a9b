"""The client IP: X-Forwarded-For only from trusted proxies, never a 500, one answer everywhere.

Access events, API throttles and the login lockout all ask `hotelcompliance.client_ip`; a
header from an untrusted peer is ignored, so it cannot spoof an address or dodge a lockout.
"""

import pytest
from django.test import RequestFactory

from audits.reports.api import VerifyThrottle
from hotelcompliance.access_log import AccessEvent
from hotelcompliance.api.throttling import (
    FailOpenAnonRateThrottle,
    FailOpenScopedRateThrottle,
    FailOpenUserRateThrottle,
)
from hotelcompliance.client_ip import client_ip
from tests.factories import PASSWORD

PROXY = "10.0.0.7"
CLIENT = "203.0.113.5"
OTHER_CLIENT = "198.51.100.7"
STRANGER = "192.0.2.44"
WRONG = "not-the-password"


def request_from(peer: str | None, forwarded: str | None = None):
    meta = {}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    request = RequestFactory().get("/", **meta)
    if peer is None:
        del request.META["REMOTE_ADDR"]
    else:
        request.META["REMOTE_ADDR"] = peer
    return request


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = [PROXY, "10.1.0.0/16", "2001:db8:ffff::/48"]
    return settings


# --- The function ---------------------------------------------------------------------------


def test_by_default_the_header_is_never_read(settings):
    settings.TRUSTED_PROXIES = []

    assert client_ip(request_from(PROXY, CLIENT)) == PROXY


def test_a_header_from_an_untrusted_peer_is_ignored(behind_proxy):
    assert client_ip(request_from(STRANGER, CLIENT)) == STRANGER
    assert client_ip(request_from(STRANGER, f"{CLIENT}, {PROXY}")) == STRANGER


def test_behind_a_trusted_proxy_the_client_is_the_address_it_added(behind_proxy):
    assert client_ip(request_from(PROXY, CLIENT)) == CLIENT


def test_through_a_chain_of_trusted_proxies_the_right_most_other_address_wins(behind_proxy):
    # The client wrote "1.1.1.1" itself; our proxies added the rest.
    forwarded = f"1.1.1.1, {CLIENT}, 10.1.4.4, {PROXY}"

    assert client_ip(request_from(PROXY, forwarded)) == CLIENT
    assert client_ip(request_from("10.1.9.9", forwarded)) == CLIENT


def test_what_the_client_wrote_left_of_its_hop_is_never_parsed(behind_proxy):
    assert client_ip(request_from(PROXY, f"garbage,, 999.1.1.1, {CLIENT}")) == CLIENT


def test_when_every_hop_is_a_trusted_proxy_the_left_most_is_the_client(behind_proxy):
    assert client_ip(request_from(PROXY, f"10.1.2.3, {PROXY}")) == "10.1.2.3"


def test_ipv6_peers_and_hops_and_ports(behind_proxy):
    assert client_ip(request_from("2001:db8:ffff::1", "[2001:db8:1::5]:443")) == "2001:db8:1::5"
    assert client_ip(request_from(f"::ffff:{PROXY}", f"{CLIENT}:51000")) == CLIENT
    assert client_ip(request_from(PROXY, "2001:DB8:1::0005")) == "2001:db8:1::5"


MALFORMED = [
    "",
    "garbage",
    "   ",
    ",",
    f"{CLIENT},",
    f"{CLIENT},,",
    f"{CLIENT}, garbage",
    "999.1.1.1",
    "1.2.3",
    "01.2.3.4",
    "1.2.3.4/32",
    "1.2.3.4:port",
    "1.2.3.4:\u0661\u0662",
    "[2001:db8::1",
    "[2001:db8::1]x",
    "fe80::1%eth0",
    "\u0661.\u0662.\u0663.\u0664",  # Arabic-Indic digits
    "unknown",
    "for=203.0.113.5",
    f"{CLIENT}\x00",
    "\u202e5.311.0.302",
    ", ".join([CLIENT] * 30),  # too many hops
    CLIENT + " " * 2000,  # too long
    "a" * 100_000,
    "<script>alert(1)</script>",
    "' OR 1=1 --",
]


@pytest.mark.parametrize("forwarded", MALFORMED)
def test_a_malformed_header_from_a_trusted_proxy_is_ignored(behind_proxy, forwarded):
    assert client_ip(request_from(PROXY, forwarded)) == PROXY


@pytest.mark.parametrize("peer", [None, "", "unix:/run/gunicorn.sock", "not an address"])
def test_a_missing_or_odd_peer_gives_no_address(behind_proxy, peer):
    assert client_ip(request_from(peer, CLIENT)) is None


# --- Everywhere an address is needed --------------------------------------------------------


@pytest.mark.parametrize(
    "throttle", [FailOpenAnonRateThrottle, FailOpenUserRateThrottle, FailOpenScopedRateThrottle]
)
def test_api_throttles_identify_callers_by_the_trusted_address(behind_proxy, throttle):
    assert throttle().get_ident(request_from(STRANGER, CLIENT)) == STRANGER
    assert throttle().get_ident(request_from(PROXY, f"1.1.1.1, {CLIENT}")) == CLIENT
    assert VerifyThrottle().get_ident(request_from(STRANGER, CLIENT)) == STRANGER


@pytest.mark.django_db
def test_a_rotating_header_does_not_dodge_the_token_throttle(api, behind_proxy):
    answers = [
        api.post(
            "/api/v1/auth/token/", {}, format="json", REMOTE_ADDR=STRANGER,
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        ).status_code
        for n in range(11)
    ]  # fmt: skip

    assert answers[:10] == [400] * 10
    assert answers[10] == 429


@pytest.mark.django_db
def test_clients_behind_one_proxy_are_throttled_apart(api, behind_proxy):
    for _ in range(10):
        api.post("/api/v1/auth/token/", {}, format="json", REMOTE_ADDR=PROXY,
                 HTTP_X_FORWARDED_FOR=CLIENT)  # fmt: skip

    first = api.post("/api/v1/auth/token/", {}, format="json", REMOTE_ADDR=PROXY,
                     HTTP_X_FORWARDED_FOR=CLIENT)  # fmt: skip
    second = api.post("/api/v1/auth/token/", {}, format="json", REMOTE_ADDR=PROXY,
                      HTTP_X_FORWARDED_FOR=OTHER_CLIENT)  # fmt: skip

    assert first.status_code == 429
    assert second.status_code == 400


def failed_token_login(api, peer: str, forwarded: str | None = None, password: str = WRONG):
    extra = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return api.post(
        "/api/v1/auth/token/", {"username": "maria", "password": password}, format="json", **extra
    )


@pytest.mark.django_db
def test_access_events_record_the_trusted_address(api, maria, behind_proxy):
    failed_token_login(api, PROXY, f"1.1.1.1, {CLIENT}")
    failed_token_login(api, STRANGER, CLIENT)

    recorded = list(
        AccessEvent.objects.filter(object_type="api_token")
        .order_by("created_at")
        .values_list("ip_address", flat=True)
    )
    assert recorded == [CLIENT, STRANGER]


@pytest.mark.django_db
@pytest.mark.parametrize("forwarded", MALFORMED[:20])
def test_a_malformed_header_on_a_real_request_is_never_a_500(api, maria, behind_proxy, forwarded):
    response = failed_token_login(api, PROXY, forwarded)

    assert response.status_code == 400
    assert AccessEvent.objects.get(object_type="api_token").ip_address == PROXY


@pytest.mark.django_db
def test_the_lockout_keys_on_the_client_behind_the_trusted_proxy(api, maria, behind_proxy):
    for _ in range(5):
        failed_token_login(api, PROXY, CLIENT)

    locked = failed_token_login(api, PROXY, CLIENT, password=PASSWORD)
    neighbour = failed_token_login(api, PROXY, OTHER_CLIENT, password=PASSWORD)

    assert locked.status_code == 429 and locked.json()["code"] == "locked_out"
    # Another guest of the same proxy is not locked out with the attacker.
    assert neighbour.status_code == 200 and neighbour.json()["token"]


@pytest.mark.django_db
def test_a_forged_header_from_an_untrusted_peer_does_not_dodge_the_lockout(
    api, maria, behind_proxy
):
    for n in range(5):
        failed_token_login(api, STRANGER, f"198.51.100.{n}")

    response = failed_token_login(api, STRANGER, "198.51.100.99", password=PASSWORD)

    assert response.status_code == 429


@pytest.mark.django_db
def test_the_web_login_lockout_keys_on_the_client_behind_the_proxy(client, maria, behind_proxy):
    def login(forwarded: str, password: str = WRONG):
        return client.post(
            "/accounts/login/",
            {"username": "maria", "password": password},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=forwarded,
        )

    for _ in range(5):
        login(CLIENT)

    assert login(CLIENT, PASSWORD).status_code == 429
    assert login(OTHER_CLIENT, PASSWORD).status_code == 302
