"""Guards against what a hostile or broken site can do to a crawler (pure functions).

- Crawler traps: ever-growing query strings, repeated parameters or path
  segments, absurdly long URLs (calendars and faceted navigation produce
  them without end).
- Private addresses: a redirect from a public host to 127.0.0.1, 10.x, a
  link-local cloud metadata address... would let a site make the crawler
  probe the network it runs in.
"""

from __future__ import annotations

import ipaddress
import socket
from collections import Counter
from urllib.parse import parse_qsl, urlsplit

MAX_URL_LENGTH = 2000
MAX_QUERY_PARAMS = 12
MAX_PATH_DEPTH = 16
MAX_SEGMENT_REPEATS = 3


def trap_reason(url: str) -> str | None:
    """Why a URL looks like a crawler trap, or None when it looks sane."""
    if len(url) > MAX_URL_LENGTH:
        return "url_too_long"
    parts = urlsplit(url)
    params = parse_qsl(parts.query, keep_blank_values=True)
    if len(params) > MAX_QUERY_PARAMS:
        return "too_many_parameters"
    if params and Counter(k for k, _ in params).most_common(1)[0][1] > 1:
        return "repeated_parameter"
    segments = [s for s in parts.path.split("/") if s]
    if len(segments) > MAX_PATH_DEPTH:
        return "path_too_deep"
    if segments and Counter(segments).most_common(1)[0][1] > MAX_SEGMENT_REPEATS:
        return "repeated_path_segment"
    return None


def is_private_ip(address: str) -> bool:
    """Loopback, private, link-local, reserved or unspecified addresses."""
    try:
        ip = ipaddress.ip_address(address.strip("[]").split("%", 1)[0])
    except ValueError:
        return False
    return not ip.is_global or ip.is_multicast


def literal_private(host: str) -> bool | None:
    """True or False when the host itself says (an IP literal, ``localhost``); None otherwise."""
    host = host.lower().rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
    except ValueError:
        return None
    return is_private_ip(host)


def resolves_private(host: str) -> bool:
    """Whether the host is, or resolves to, a private address (blocking: call off the reactor).

    A host that does not resolve counts as private: refusing costs nothing,
    since the download would fail anyway.
    """
    literal = literal_private(host)
    if literal is not None:
        return literal
    try:
        infos = socket.getaddrinfo(host, None)
    except OSError:
        return True
    return any(is_private_ip(str(info[4][0])) for info in infos)
