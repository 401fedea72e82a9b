"""The caller's address: the one function every access event, throttle and lockout asks.

`X-Forwarded-For` is anyone's to write, so it is read only when the direct peer
(`REMOTE_ADDR`) is one of `settings.TRUSTED_PROXIES` (addresses or networks; empty, the
default, never trusts the header). The client is then the right-most address in the header
that is not itself a trusted proxy: every hop to its right was added by a proxy we trust,
everything to its left was written by the client and proves nothing. A header that is too
long, has too many hops or holds anything but addresses where we read is ignored.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from typing import TYPE_CHECKING

from django.conf import settings

if TYPE_CHECKING:
    from django.http import HttpRequest
    from rest_framework.request import Request

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
MAX_FORWARDED_LENGTH = 1024
MAX_FORWARDED_HOPS = 20


def client_ip(request: HttpRequest | Request | None) -> str | None:
    """The address of whoever sent the request, behind the trusted proxies if any."""
    if request is None:
        return None
    meta = getattr(request, "META", None) or {}
    peer = parse_address(meta.get("REMOTE_ADDR"))
    if peer is None:
        return None
    networks = trusted_networks()
    if not _is_trusted(peer, networks):
        return str(peer)
    forwarded = _forwarded_client(meta.get("HTTP_X_FORWARDED_FOR"), networks)
    return str(forwarded or peer)


def _forwarded_client(header: object, networks: tuple[IPNetwork, ...]) -> IPAddress | None:
    """The right-most hop that is not a trusted proxy; None when the header cannot be used."""
    if not isinstance(header, str) or not header or len(header) > MAX_FORWARDED_LENGTH:
        return None
    hops = header.split(",")
    if len(hops) > MAX_FORWARDED_HOPS:
        return None
    address = None
    for hop in reversed(hops):
        address = parse_address(hop)
        if address is None:
            return None  # a proxy we trust wrote nonsense here: believe none of it
        if not _is_trusted(address, networks):
            return address
    return address  # every hop is one of ours: the left-most is where it started


def parse_address(text: object) -> IPAddress | None:
    """An IP address from a header or REMOTE_ADDR (`[v6]:port` and `v4:port` allowed)."""
    if not isinstance(text, str):
        return None
    text = text.strip()
    if not text or len(text) > 64:
        return None
    if text.startswith("["):
        text, bracket, port = text[1:].partition("]")
        if not bracket:
            return None
        if port and not (port.startswith(":") and port[1:].isascii() and port[1:].isdigit()):
            return None
    elif text.count(":") == 1:
        text, _, port = text.partition(":")
        if not (port.isascii() and port.isdigit()):
            return None
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address):
        if address.scope_id:
            return None  # a zone id means nothing beyond the proxy's own link
        if address.ipv4_mapped:
            return address.ipv4_mapped
    return address


def _is_trusted(address: IPAddress, networks: tuple[IPNetwork, ...]) -> bool:
    return any(address.version == net.version and address in net for net in networks)


def trusted_networks() -> tuple[IPNetwork, ...]:
    return _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    return tuple(parse_network(entry) for entry in entries)


def parse_network(entry: str) -> IPNetwork:
    """An address or CIDR network (host bits allowed); ValueError when it is neither."""
    return ipaddress.ip_network(entry.strip(), strict=False)
