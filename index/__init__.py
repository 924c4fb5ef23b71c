"""The archive: the document schema, the query model and the stores.

Imports neither Scrapy nor the crawler, so searching starts fast.
"""
