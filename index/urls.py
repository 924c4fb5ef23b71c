"""Canonical URLs: one article, one URL, however a feed, list or share button links it."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

TRACKING_PARAMS = re.compile(
    r"^(?:utm_\w+|fbclid|gclid|dclid|yclid|msclkid|mc_cid|mc_eid|_ga|_gl|igshid|"
    r"ref|ref_src|from|share|amp|output|spm|cmpid|ocid)$",
    re.IGNORECASE,
)


def canonical_url(url: str) -> str:
    """Drop fragments and tracking parameters, lower-case the host, keep everything else."""
    parts = urlsplit(url.strip())
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not TRACKING_PARAMS.match(k)
    ]
    host = (parts.hostname or "").lower()
    netloc = host + (f":{parts.port}" if parts.port else "")
    path = parts.path or "/"
    return urlunsplit((parts.scheme.lower(), netloc, path, urlencode(query), ""))
