"""The newsindex command line: a thin click layer over ``index`` (and ``crawler``, lazily)."""
