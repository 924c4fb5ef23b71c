"""The keys newsindex puts in a request's ``meta``: the spider sets them, middlewares read them."""

ROLE = "newsindex_role"  # "list", "feed", "sitemap" (discovery) or "article"
CHAIN = "newsindex_chain"  # the start URL a discovery request descends from
NEXT = "newsindex_next"  # a next-page request of a chain
CONDITIONAL = "newsindex_conditional"  # an article request sent with validators
ADMITTED = "newsindex_admitted"  # the crawl run that let an article request through to download
EXCHANGE = "newsindex_exchange"  # an article's HTTP exchange as fetched, for the WARC archive
