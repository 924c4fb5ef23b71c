"""Where a site lists its articles: list pages, feeds, sitemaps, archives (pure functions)."""
