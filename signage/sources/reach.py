"""Where a screen's requests may go: the feed's own origin, and no further by surprise.

A feed (or a server answering for it) must not make a screen in a public hall connect
anywhere it likes. By default:

- a redirect of the feed (or of its signature or images) stays on the same scheme,
  host and port; ``same_origin_redirects = false`` in ``[source]`` lets an intranet
  redirect elsewhere (each such redirect is logged), but https never becomes http;
- images come from the feed's origin, or from the origins listed in ``image_origins``;
  a local feed's images only from inside its folder;
- no request goes to a loopback or link-local address (127.0.0.0/8, ::1,
  169.254.0.0/16 where cloud metadata lives, fe80::/10) unless the feed itself is there.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
from pathlib import Path
from urllib.parse import urlsplit

log = logging.getLogger(__name__)

_PORTS = {"http": 80, "https": 443}


def origin(url: str) -> str:
    """``scheme://host:port`` of ``url``, lower case, default ports made explicit."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port or _PORTS.get(scheme, 0)
    except ValueError:
        port = 0
    return f"{scheme}://{(parts.hostname or '').lower()}:{port}"


def internal(host: str) -> bool:
    """Whether ``host`` is (or resolves to) a loopback or link-local address."""
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except (OSError, UnicodeError):
        return False  # the request itself will fail and say why
    for text in addresses:
        try:
            address = ipaddress.ip_address(str(text).split("%")[0])
        except ValueError:
            continue
        if address.is_loopback or address.is_link_local or address.is_unspecified:
            return True
    return False


def public(host: str) -> bool:
    """Whether every address ``host`` resolves to is on the public internet (not
    loopback, link-local, private, shared, multicast or reserved). A name that does not
    resolve is not public."""
    try:
        infos = socket.getaddrinfo(host, None)
    except (OSError, UnicodeError):
        return False
    for info in infos:
        try:
            address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        except ValueError:
            return False
        mapped = getattr(address, "ipv4_mapped", None)
        if not (mapped or address).is_global:
            return False
    return bool(infos)


class Reach:
    """The rules for one screen's feed (see the module's docstring)."""

    def __init__(
        self,
        feed_url: str | None,
        *,
        same_origin_redirects: bool = True,
        image_origins: tuple[str, ...] = (),
        feed_folder: Path | None = None,
    ) -> None:
        self.home = origin(feed_url) if feed_url else None
        self.same_origin = same_origin_redirects
        self.image_origins = {origin(o) for o in image_origins}
        self.folder = feed_folder.resolve() if feed_folder is not None else None
        host = urlsplit(feed_url).hostname if feed_url else None
        self.home_internal = bool(host) and internal(host or "")

    def redirect_problem(self, source: str, target: str) -> str | None:
        """Why the redirect from ``source`` to ``target`` is not followed, or None."""
        before, after = urlsplit(source), urlsplit(target)
        if before.scheme.lower() == "https" and after.scheme.lower() != "https":
            return f"the server redirected from https to {after.scheme or 'another scheme'}"
        if after.scheme.lower() not in _PORTS:
            return f"the server redirected to a {after.scheme or 'relative'} address"
        if origin(source) != origin(target):
            if self.same_origin:
                return (
                    f"the server redirected to another site ({origin(target)}); "
                    "set same_origin_redirects = false in [source] if that is expected"
                )
            log.info("following a redirect to another site: %s -> %s", source, target)
        return self.internal_problem(target)

    def image_problem(self, url: str) -> str | None:
        """Why the image at ``url`` is not fetched, or None."""
        if self.home is None:
            if origin(url) in self.image_origins:
                return self.internal_problem(url)
            return "a local feed's images come from its folder (or [source] image_origins)"
        if origin(url) != self.home and origin(url) not in self.image_origins:
            return f"images come from the feed's site or [source] image_origins, not {origin(url)}"
        return self.internal_problem(url)

    def internal_problem(self, url: str) -> str | None:
        host = urlsplit(url).hostname or ""
        if not self.home_internal and internal(host):
            return f"{host} is a local or link-local address; only the feed's own may be"
        return None

    def local_problem(self, path: Path) -> str | None:
        """Why a local feed's image file ``path`` is not read, or None."""
        if "\0" in str(path):
            return "the file name holds a NUL character (\\0); write the name again"
        if self.folder is None:
            return None
        try:
            inside = path.resolve().is_relative_to(self.folder)
        except (RuntimeError, OSError):  # a link loop (RuntimeError on Python 3.11)
            return "is a link that leads back to itself (a loop)"
        return None if inside else "a local feed's images come from inside its folder"
