"""Local news sites the crawl and extraction tests are played against."""
