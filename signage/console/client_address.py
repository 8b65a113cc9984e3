"""Who is asking: the client's address, as the trusted proxy in front of the console saw it.

Behind the documented nginx every request comes from 127.0.0.1; nginx appends the
address it saw to ``X-Forwarded-For``. That header is believed only from a trusted proxy
(``SIGNAGE_CONSOLE_TRUSTED_PROXIES``, addresses or networks; default the loopback
addresses ``127.0.0.1`` and ``::1``, where the documented nginx runs), and only its
right-most entries, which the trusted proxies wrote: anything a client put before them
is its own claim. Login throttling, pairing limits and logs all use this one answer.
"""

from __future__ import annotations

import ipaddress
from functools import cache
from typing import Final

from django.conf import settings
from django.http import HttpRequest

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network
DEFAULT_PROXIES: Final = ("127.0.0.1", "::1")


@cache
def trusted_proxies(configured: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(text, strict=False) for text in configured)


def _address(text: str) -> IPAddress | None:
    try:
        found = ipaddress.ip_address(text.strip().split("%")[0])
    except ValueError:
        return None
    mapped = getattr(found, "ipv4_mapped", None)
    return mapped or found


def client_address(request: HttpRequest) -> str | None:
    """The client's address as text (what ``REMOTE_ADDR`` is without a proxy)."""
    proxies = trusted_proxies(tuple(getattr(settings, "TRUSTED_PROXIES", DEFAULT_PROXIES)))
    remote = _address(str(request.META.get("REMOTE_ADDR") or ""))
    if remote is None:
        return None
    hops = str(request.META.get("HTTP_X_FORWARDED_FOR") or "").split(",")
    current = remote
    # From the right: each hop a trusted proxy wrote, until one that is not a proxy.
    while any(current in network for network in proxies) and hops:
        hop = _address(hops.pop())
        if hop is None:
            break
        current = hop
    return str(current)


def networks(address: str | None) -> tuple[str, str]:
    """The networks ``address`` belongs to, narrow then wide, as text: a subscriber's
    (an IPv6 /64, an IPv4 address) and its provider's block (/48, /24). Limits count per
    network: one machine holding a whole /64 must not pass for a hundred clients."""
    found = _address(address or "")
    if found is None:
        return "unknown", "unknown"
    if found.version == 6:
        return (
            str(ipaddress.ip_network(f"{found}/64", strict=False)),
            str(ipaddress.ip_network(f"{found}/48", strict=False)),
        )
    return str(found), str(ipaddress.ip_network(f"{found}/24", strict=False))
