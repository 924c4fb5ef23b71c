"""Fleet mode: the schedule's crawls run as jobs on Scrapyd nodes, the store shared.

The outlet (the profile) is the unit distributed, since politeness is per
site. ``scrapyd`` is the nodes' HTTP API, ``egg`` the package they run,
``nodes`` all of them at once, ``plan`` the decisions (pure functions),
``claims`` the shared store's guard against two schedulers dispatching one
crawl, and ``dispatch`` the loop that starts due crawls and follows them.
"""
