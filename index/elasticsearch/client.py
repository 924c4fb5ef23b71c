"""The Elasticsearch client a store URL names, and its failures as store errors.

``http://host:9200/archive`` uses the alias ``archive`` (default
``newsindex``). Credentials come from the URL or the environment:
``NEWSINDEX_ES_API_KEY``, or ``NEWSINDEX_ES_USERNAME`` and
``NEWSINDEX_ES_PASSWORD``, and ``NEWSINDEX_ES_CA_CERTS`` for a private CA.
"""

from __future__ import annotations

import os
import re
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from elasticsearch import (
    ApiError,
    AuthenticationException,
    AuthorizationException,
    Elasticsearch,
    NotFoundError,
    TransportError,
)

from index.errors import InvalidInput, SchemaMissing, StoreError, StoreUnavailable
from index.urls import InvalidURL, mask_url, split_credentials, web_url

DEFAULT_ALIAS = "newsindex"
#: Statuses worth retrying: overloaded or briefly unavailable nodes and proxies.
TRANSIENT_STATUSES = (429, 502, 503, 504)


def split_url(url: str) -> tuple[str, str, tuple[str, str] | None]:
    """(base URL without credentials or path, alias, basic-auth from the URL);
    InvalidURL (a usage error, the password masked) when it cannot be read."""
    bare, user, password = split_credentials(url)
    auth = (user, password or "") if user else None
    try:
        parts = urlsplit(web_url(bare))
    except InvalidURL as exc:
        raise InvalidURL(f"store URL {mask_url(url)!r}: {exc}", exc.reason) from None
    host = parts.hostname or "localhost"
    netloc = f"[{host}]" if ":" in host else host
    if parts.port:
        netloc += f":{parts.port}"
    base = urlunsplit((parts.scheme, netloc, "", "", ""))
    alias = parts.path.strip("/") or DEFAULT_ALIAS
    return base, alias, auth


def display_url(url: str) -> str:
    """The URL as messages show it: no credentials, the alias only when not the default."""
    base, alias, _ = split_url(url)
    return base if alias == DEFAULT_ALIAS else f"{base}/{alias}"


def connect(url: str) -> Elasticsearch:
    """A client of the node a store URL names, with credentials from the URL or environment."""
    base, _, auth = split_url(url)
    options: dict[str, Any] = {
        "request_timeout": 30,
        "retry_on_timeout": True,
        "max_retries": 2,
    }
    if api_key := os.environ.get("NEWSINDEX_ES_API_KEY"):
        options["api_key"] = api_key
    elif auth or os.environ.get("NEWSINDEX_ES_USERNAME"):
        options["basic_auth"] = auth or (
            os.environ["NEWSINDEX_ES_USERNAME"],
            os.environ.get("NEWSINDEX_ES_PASSWORD", ""),
        )
    if ca_certs := os.environ.get("NEWSINDEX_ES_CA_CERTS"):
        options["ca_certs"] = ca_certs
    return Elasticsearch(base, **options)


def env_int(name: str, default: int) -> int:
    """A whole number >= 0 from the environment; InvalidInput naming the variable if not."""
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    if not text.isdigit():
        raise InvalidInput(f"{name}={text[:40]!r}: expected a whole number")
    return int(text)


def transport_reason(exc: Exception) -> str:
    """The cause of a transport failure in a few words ("connection refused", "timed out")."""
    text = str(exc)
    if m := re.search(r"\[Errno -?\d+\] ([^)'\"]+)", text):
        return m[1].strip().lower()
    if "timed out" in text.lower() or "timeout" in type(exc).__name__.lower():
        return "timed out"
    return text.splitlines()[0][:120] if text else type(exc).__name__


def no_archive(alias: str, url: str) -> SchemaMissing:
    return SchemaMissing(f"no archive {alias!r} at {url}")


def store_error(exc: ApiError | TransportError, alias: str, url: str) -> StoreError:
    """A client failure as the store error it means (``url`` as messages show it)."""
    if isinstance(exc, AuthenticationException | AuthorizationException):
        return StoreError(f"Elasticsearch at {url} refused the credentials: {exc.message}")
    if isinstance(exc, NotFoundError):
        if "index_not_found" in str(exc.error):
            return no_archive(alias, url)
        return StoreError(f"Elasticsearch at {url}: {exc.message}")
    if isinstance(exc, ApiError):
        if exc.meta.status in TRANSIENT_STATUSES:
            return StoreUnavailable(f"Elasticsearch at {url} is busy: {exc.message}")
        return StoreError(f"Elasticsearch at {url}: {exc.message} ({exc.info})")
    return StoreUnavailable(f"cannot reach Elasticsearch at {url} ({transport_reason(exc)})")
