"""Scrapy settings of the newsindex crawler: polite by default.

``newsindex crawl --set KEY=VALUE`` overrides any of them for one run.
"""

BOT_NAME = "newsindex"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# Identify the crawler; a profile's `user_agent` overrides it for one outlet.
USER_AGENT = "newsindex/0.1 (+https://github.com/newsindex/newsindex; news archive crawler)"
ROBOTSTXT_OBEY = True

# Politeness: adapt to the site's latency, never more than 4 requests at once per site.
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
# Items (and requests) of one response handled at once. Scrapy's default of 100 starts a
# hundred tasks per response; an article page yields one item, a list page a few dozen
# requests, so a few suffice, and the reactor keeps its time for the network.
CONCURRENT_ITEMS = 8
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 8 * 1024 * 1024  # no news page is larger; a bigger body is refused
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
RETRY_TIMES = 3
RETRY_HTTP_CODES = [429, 500, 502, 503, 504, 522, 524, 408]
REDIRECT_MAX_TIMES = 5
# Only the web is fetched: no local files, FTP, S3 or data: URLs, whatever a page links to.
DOWNLOAD_HANDLERS = {"file": None, "ftp": None, "s3": None, "data": None}
COOKIES_ENABLED = False  # news pages need none; session cookies only grow traps
# A resumed job (JOBDIR) keeps its scheduler queue on disk; memory queues are the default.
SCHEDULER_DISK_QUEUE = "scrapy.squeues.PickleFifoDiskQueue"
SCHEDULER_MEMORY_QUEUE = "scrapy.squeues.FifoMemoryQueue"

TELNETCONSOLE_ENABLED = False
LOG_LEVEL = "INFO"
LOGSTATS_INTERVAL = 0  # the progress line (crawler/extensions/progress.py) reports instead

# newsindex's own settings, each declared here once with its default; components read
# them with Scrapy's typed getters and no default of their own.
# None: NEWSINDEX_STORE from the environment, else the SQLite file in the user's data directory.
NEWSINDEX_STORE = None
NEWSINDEX_SKIP_KNOWN = True  # fetch only articles the store lacks
NEWSINDEX_REFRESH = False  # re-fetch known articles with conditional requests
NEWSINDEX_KNOWN_STREAK = 50  # stop paging a list after this many known articles in a row
NEWSINDEX_EMPTY_PAGES = 2  # stop paging after this many pages in a row without new links
NEWSINDEX_DISCOVER_ONLY = False  # `sites check`: report article links per start point, fetch none
NEWSINDEX_EXTRACT_PROCESSES = "auto"  # worker processes for extraction (0: a thread)
NEWSINDEX_EXTRACT_SECONDS = 30.0  # a page whose extraction takes longer is dropped (too_slow)
NEWSINDEX_BATCH_SIZE = 200  # documents per bulk write
NEWSINDEX_FLUSH_SECONDS = 5.0  # write a smaller batch when the last write is this old
NEWSINDEX_DEDUP_ENABLED = True  # link near-duplicates to their earliest published version
NEWSINDEX_DEDUP_THRESHOLD = 0.5  # share of three-word runs two texts must have in common
NEWSINDEX_DEDUP_MEMORY = 2000  # recent articles of this crawl kept for in-crawl lookups
NEWSINDEX_TRAP_GUARD = True  # refuse URLs shaped like crawler traps
NEWSINDEX_ENCODING_GUESS = True  # re-decode undeclared Cyrillic pages
NEWSINDEX_BACKOFF_ENABLED = True  # wait before retries (Retry-After, else exponential)
NEWSINDEX_BACKOFF_BASE = 0.5  # seconds before the first retry, doubled for each next one
NEWSINDEX_BACKOFF_MAX = 60.0  # never wait longer, whatever Retry-After says
NEWSINDEX_PROGRESS = False  # the live progress line on stderr (the CLI turns it on)
NEWSINDEX_PROGRESS_INTERVAL = 0.5
NEWSINDEX_WARC_ENABLED = True  # keep every stored article's HTTP exchange in WARC files
# None: NEWSINDEX_WARC_DIR from the environment, else warc/ in the user's data directory.
NEWSINDEX_WARC_DIR = None
NEWSINDEX_WARC_MAX_SIZE = 1_000_000_000  # bytes; a WARC file past this is rotated

DOWNLOADER_MIDDLEWARES = {
    "crawler.downloadermiddlewares.traps.TrapGuardMiddleware": 60,
    "crawler.downloadermiddlewares.once.ArticleOnceMiddleware": 70,
    "crawler.downloadermiddlewares.backoff.BackoffMiddleware": 560,
    "crawler.downloadermiddlewares.encoding.EncodingMiddleware": 585,
    # Before HttpCompressionMiddleware (590): the body as the server sent it.
    "crawler.downloadermiddlewares.warccapture.WarcCaptureMiddleware": 595,
    "crawler.downloadermiddlewares.redirectguard.RedirectGuardMiddleware": 650,
}
SPIDER_MIDDLEWARES = {
    "crawler.spidermiddlewares.incremental.IncrementalMiddleware": 100,
    "crawler.spidermiddlewares.warc.WarcMiddleware": 150,
}
EXTENSIONS = {
    "crawler.extensions.store.CrawlStore": 100,
    "crawler.extensions.warc.WarcArchive": 100,
    "crawler.extensions.progress.ProgressLine": 500,
    "crawler.extensions.summarylog.SummaryLog": 900,
}
ITEM_PIPELINES = {
    "crawler.pipelines.validate.ValidatePipeline": 100,
    "crawler.pipelines.dedup.DedupPipeline": 500,
    "crawler.pipelines.archive.ArchivePipeline": 800,
    "crawler.pipelines.store.StorePipeline": 900,
}
