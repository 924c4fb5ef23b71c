"""The production engine: Elasticsearch, a versioned index behind an alias (schema, query
compiler, client, store)."""
