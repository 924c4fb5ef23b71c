"""The embedded engine: one SQLite file of documents and a search index beside it."""
