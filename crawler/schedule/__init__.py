"""Recurring, incremental crawls: the schedule file, when each crawl is due, who runs it.

Scrapyd has no recurring schedules, so ``newsindex schedule`` keeps them
itself: ``spec`` parses the schedule file, ``cron`` and ``timing`` compute
when a crawl is due (pure functions), ``lock`` keeps one crawl per profile
even across a killed scheduler, ``runs`` records every run, and ``runner``
starts the crawls as separate processes (the Twisted reactor runs once per
process). Nothing here imports Scrapy.
"""
