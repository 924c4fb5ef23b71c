"""The archive: the document schema, the query model and the stores.

Imports neither Scrapy nor the crawler, so searching starts fast.
"""

from index.document import Document, document_id
from index.errors import SchemaMissing, StoreError, StoreUnavailable
from index.query import QueryError, SearchRequest, parse_query
from index.store import SearchResult, Store, open_store

__all__ = [
    "Document",
    "QueryError",
    "SchemaMissing",
    "SearchRequest",
    "SearchResult",
    "Store",
    "StoreError",
    "StoreUnavailable",
    "document_id",
    "open_store",
    "parse_query",
]
