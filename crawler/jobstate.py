"""JOBDIR hygiene: a crawl killed without warning (SIGKILL, power loss) resumes cleanly.

Scrapy keeps a crawl's scheduler queue in JOBDIR and writes the queue's
bookkeeping only on a clean shutdown; after SIGKILL the queue on disk is
stale, and resuming from it loses or repeats requests. So a run marks the
JOBDIR while it runs; a run that finds the mark left behind drops the
stale queue and seen-set and re-walks the discovery pages instead, which
costs a few list pages: the store already knows the articles stored before
the kill, and they are not fetched again.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

logger = logging.getLogger(__name__)

MARK = "newsindex-running"
SCRAPY_STATE = ("requests.queue", "requests.seen")


def begin(jobdir: str | Path) -> bool:
    """Mark a run as started; True when the previous run in this JOBDIR was killed."""
    path = Path(jobdir)
    path.mkdir(parents=True, exist_ok=True)
    mark = path / MARK
    killed = mark.exists()
    if killed:
        logger.warning(
            "The previous crawl in %(dir)s did not finish cleanly: re-discovering its pages",
            {"dir": str(path)},
        )
        for name in SCRAPY_STATE:
            state = path / name
            if state.is_dir():
                shutil.rmtree(state)
            else:
                state.unlink(missing_ok=True)
    mark.touch()
    return killed


def end(jobdir: str | Path) -> None:
    """The run ended cleanly (finished, or stopped by SIGINT/SIGTERM): Scrapy's state is sound."""
    (Path(jobdir) / MARK).unlink(missing_ok=True)
