"""Scrapy settings of the newsindex crawler: polite by default."""

BOT_NAME = "newsindex"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

USER_AGENT = "newsindex/0.1 (+https://github.com/newsindex/newsindex; news archive crawler)"
ROBOTSTXT_OBEY = True

AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
RETRY_TIMES = 3
RETRY_HTTP_CODES = [429, 500, 502, 503, 504, 522, 524, 408]

TELNETCONSOLE_ENABLED = False
LOG_LEVEL = "INFO"

# None: NEWSINDEX_STORE from the environment, else the SQLite file in the user's data directory.
NEWSINDEX_STORE = None
NEWSINDEX_SKIP_KNOWN = True
NEWSINDEX_BATCH_SIZE = 200

DOWNLOADER_MIDDLEWARES = {
    "crawler.middlewares.KnownArticlesMiddleware": 50,
}
ITEM_PIPELINES = {
    "crawler.pipelines.validate.ValidatePipeline": 100,
    "crawler.pipelines.clean.CleanPipeline": 200,
    "crawler.pipelines.store.StorePipeline": 900,
}
