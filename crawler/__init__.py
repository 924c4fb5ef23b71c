"""The Scrapy project: one generic news spider driven by site profiles."""
