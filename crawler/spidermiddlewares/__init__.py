"""Spider middlewares of the crawler, one component per module."""
