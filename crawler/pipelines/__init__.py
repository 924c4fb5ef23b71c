"""Item pipelines, in order: validate -> dedup -> archive (WARC) -> store.

They do what needs the crawl's state (its stats, the archive, the articles
seen so far); the document itself is assembled before them, by
crawler/article.py.
"""
