"""Recurring, incremental crawls: the schedule file, when each crawl is due, who runs it.

A layer above the command line's ``crawl`` command: each scheduled crawl is
that command in its own process (the Twisted reactor runs once per process),
so this package imports neither Scrapy nor the crawler nor the CLI. Scrapyd
has no recurring schedules, so ``newsindex schedule`` keeps them itself:
``spec`` parses the schedule file, ``cron`` and ``timing`` compute when a
crawl is due (pure functions), ``lock`` keeps one crawl per profile even
across a killed scheduler, ``runs`` records every run, and ``runner``
starts the crawls and watches them. In fleet mode (``fleet/``) the crawls
are jobs on Scrapyd nodes instead, dispatched and followed over HTTP.
"""
