"""Canonical URLs: one article, one URL, however a feed, list or share button links it.

The canonical form decides the document id, so it folds every twin a site
serves for one article: tracking and session parameters, fragments, the
AMP version (``/amp/``, ``?amp=1``, ``amp.`` hosts) and the mobile host
(``m.``, ``mobile.``). Hosts are folded only when ``fold_hosts`` is true,
because a ``m.`` host is a separate site on a few outlets (the crawler
folds them for hosts inside a profile's domains).

:func:`web_url` is the one admission of a URL found on the web (a link, a
feed or sitemap entry, a redirect, a start URL): only a well-formed http(s)
URL of sane length passes, so a hostile page can neither make the crawler
read a local file or an FTP server nor crash it with a malformed port.
"""

from __future__ import annotations

import re
from urllib.parse import SplitResult, parse_qsl, unquote, urlencode, urljoin, urlsplit, urlunsplit

from index.errors import InvalidInput

WEB_SCHEMES = ("http", "https")
MAX_URL_LENGTH = 2000  # longer URLs are traps (calendars, faceted search) or attacks

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


class InvalidURL(InvalidInput):
    """A URL that may not be fetched; ``reason`` is a short key for counting it."""

    def __init__(self, message: str, reason: str):
        super().__init__(message)
        self.reason = reason


def _split(url: str) -> SplitResult:
    """``urlsplit`` that also checks the port, raising InvalidURL for what it cannot read."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - reading it validates it (out of range, not a number)
    except ValueError as exc:
        raise InvalidURL(f"malformed URL {url[:200]!r}: {exc}", "malformed_url") from None
    return parts


def web_url(href: str, base: str = "") -> str:
    """The absolute URL a link names, if it is a well-formed http(s) URL; else InvalidURL.

    The reason (``not_http``, ``malformed_url``, ``url_too_long``) says why.
    """
    href = href.strip()
    if base:
        try:
            href = urljoin(base, href)
        except ValueError as exc:
            raise InvalidURL(f"malformed URL {href[:200]!r}: {exc}", "malformed_url") from None
    if len(href) > MAX_URL_LENGTH:
        raise InvalidURL(f"URL longer than {MAX_URL_LENGTH} characters", "url_too_long")
    parts = _split(href)
    if parts.scheme.lower() not in WEB_SCHEMES:
        raise InvalidURL(f"not an http(s) URL: {href[:200]!r}", "not_http")
    if not parts.hostname:
        raise InvalidURL(f"no host in URL {href[:200]!r}", "malformed_url")
    return href


def split_credentials(url: str) -> tuple[str, str | None, str | None]:
    """(the URL without user information, user, password), percent-decoded.

    The user information ends at the last ``@`` of the URL, so a password
    written with ``/``, ``#`` or ``?`` unescaped is still taken whole, never
    read as a path or a port (and never shown in part in an error).
    """
    scheme, sep, rest = url.partition("://")
    if not sep or "@" not in rest:
        return url, None, None
    userinfo, _, host = rest.rpartition("@")
    user, colon, password = userinfo.partition(":")
    return f"{scheme}://{host}", unquote(user), unquote(password) if colon else None


def mask_url(url: str) -> str:
    """The URL with its password hidden, for messages and ``config show``."""
    bare, user, password = split_credentials(url)
    if user is None:
        return url
    scheme, _, host = bare.partition("://")
    return f"{scheme}://{user}{':****' if password is not None else ''}@{host}"


def fold_host(host: str) -> str:
    """``m.site.kz``, ``amp.site.kz``, ``mobile.site.kz`` -> ``site.kz``."""
    for prefix in TWIN_HOST_PREFIXES:
        if host.startswith(prefix) and host.count(".") >= 2:
            return host.removeprefix(prefix)
    return host


def canonical_url(url: str, *, fold_hosts: bool = False) -> str:
    """Drop fragments, tracking and session parameters and AMP suffixes; lower-case the host.

    A URL that cannot be read (a port out of range, a broken IPv6 host) raises InvalidURL.
    """
    parts = _split(url.strip())
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
