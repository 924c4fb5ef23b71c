"""The embedded engine: one SQLite file, full text by FTS5 (schema, query compiler, store)."""
