"""Canonical URLs: one article, one URL, however a feed, list or share button links it.

The canonical form decides the document id, so it folds every twin a site
serves for one article: tracking and session parameters, fragments, the
AMP version (``/amp/``, ``?amp=1``, ``amp.`` hosts) and the mobile host
(``m.``, ``mobile.``). Hosts are folded only when ``fold_hosts`` is true,
because a ``m.`` host is a separate site on a few outlets (the crawler
folds them for hosts inside a profile's domains).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

TRACKING_PARAMS = re.compile(
    r"^(?:utm_\w+|fbclid|gclid|dclid|yclid|msclkid|mc_cid|mc_eid|_ga|_gl|igshid|"
    r"ref|ref_src|from|share|amp|output|spm|cmpid|ocid|"
    r"_openstat|wt_mc|wt\.mc_id|at_medium|at_campaign|rss|utm|"
    r"sessid|phpsessid|jsessionid|aspsessionid\w*|session_?id)$",
    re.IGNORECASE,
)
# ``;jsessionid=...`` path parameters (Java servlets) and ``/amp`` path suffixes.
SESSION_PATH = re.compile(r";(?:jsessionid|phpsessid)=[^/?#]*", re.IGNORECASE)
AMP_SUFFIX = re.compile(r"/amp/?$|\.amp(?=\.html?$)|/amp(?=\.html?$)", re.IGNORECASE)
TWIN_HOST_PREFIXES = ("amp.", "m.", "mobile.")


def fold_host(host: str) -> str:
    """``m.site.kz``, ``amp.site.kz``, ``mobile.site.kz`` -> ``site.kz``."""
    for prefix in TWIN_HOST_PREFIXES:
        if host.startswith(prefix) and host.count(".") >= 2:
            return host.removeprefix(prefix)
    return host


def canonical_url(url: str, *, fold_hosts: bool = False) -> str:
    """Drop fragments, tracking and session parameters and AMP suffixes; lower-case the host."""
    parts = urlsplit(url.strip())
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not TRACKING_PARAMS.match(k)
    ]
    host = (parts.hostname or "").lower()
    if fold_hosts:
        host = fold_host(host)
    netloc = host + (f":{parts.port}" if parts.port else "")
    path = SESSION_PATH.sub("", parts.path) or "/"
    if AMP_SUFFIX.search(path):
        path = AMP_SUFFIX.sub("", path) or "/"
        if parts.path.endswith("/") and not path.endswith("/"):
            path += "/"
    return urlunsplit((parts.scheme.lower(), netloc, path, urlencode(query), ""))
