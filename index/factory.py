"""``open_store``: the store a URL names.

The engines import :mod:`index.store` for the interface they implement;
this module imports them, and only when their URL scheme is asked for, so
that searching an SQLite archive never loads the Elasticsearch client.
"""

from __future__ import annotations

import os

from index.errors import InvalidInput
from index.paths import default_data_dir
from index.store import Store
from index.urls import mask_url

STORE_ENV = "NEWSINDEX_STORE"


def builtin_store_url() -> str:
    """The store when nothing names one: ``news.db`` in the user's data directory."""
    return f"sqlite:///{default_data_dir() / 'news.db'}"


def default_store_url() -> str:
    """``NEWSINDEX_STORE``, else the built-in store."""
    return os.environ.get(STORE_ENV) or builtin_store_url()


class InvalidStoreURL(InvalidInput):
    """A store URL that names no store newsindex can open: a usage error."""


def open_store(url: str | None = None, *, create: bool = True) -> Store:
    """The store a URL names: ``sqlite:///path`` or ``http(s)://host:9200[/alias]``.

    ``create=False`` is for reading: an SQLite archive that does not exist is
    SchemaMissing, and no file or directory is made.
    """
    url = url or default_store_url()
    scheme = url.partition("://")[0].lower()
    if scheme == "sqlite":
        from index.sqlite.store import SqliteStore

        return SqliteStore.from_url(url, create=create)
    if scheme in ("http", "https"):
        from index.elasticsearch.store import ElasticsearchStore

        return ElasticsearchStore.from_url(url)
    raise InvalidStoreURL(
        f"unsupported store URL {mask_url(url)!r}: use sqlite:///PATH or http(s)://HOST:PORT"
    )
