"""The store goes down in the middle of a crawl: nothing is lost, nothing is doubled.

Stops and restarts the suite's own Elasticsearch node (the one
NEWSINDEX_TEST_ES names, started by scripts/elasticsearch.sh) and leaves it
running, so it touches no other node on the machine; runs a real crawl in a
subprocess, as a user runs it.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from elasticsearch import Elasticsearch

from crawler.demo.site import ARTICLES, demo_profile_toml, demo_site
from index.factory import open_store
from tests.cli import run_cli
from tests.conftest import IN_CI, REPO
from tests.sites.server import LocalSite, Page, Site

SCRIPT = REPO / "scripts" / "elasticsearch.sh"
#: The environment as the suite found it: the node's cache is the user's, not a test's.
NODE_ENV = dict(os.environ)
ARTICLE_PATH = re.compile(r"^/news/[a-z0-9-]+-\d+/$")


def node(command: str, port: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(SCRIPT), command],
        env={**NODE_ENV, "ES_PORT": str(port)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def own_node(es_url: str) -> Iterator[str]:
    """The suite's node, which this test stops and starts again; fails in CI when it cannot
    start, skips elsewhere. It is left running for the tests after this one."""
    port = urlsplit(es_url).port or 9200
    started = node("start", port)
    if started.returncode != 0:
        reason = f"cannot start an Elasticsearch node on {port}: {started.stderr[-500:]}"
        if IN_CI:
            pytest.fail(reason)
        pytest.skip(reason)
    yield started.stdout.strip()
    node("start", port)


def test_stopping_the_store_mid_crawl_loses_and_doubles_nothing(
    own_node: str, tmp_path: Path
) -> None:
    alias = f"outage-{uuid.uuid4().hex[:8]}"
    url = f"{own_node}/{alias}"
    port = urlsplit(own_node).port or 9200
    site = Site(demo_site().pages)
    served: list[str] = []
    halfway, node_down = threading.Event(), threading.Event()

    def hold_articles(path: str, headers: dict[str, str]) -> Page | None:
        """Three articles at once; the others only once the node is down."""
        if ARTICLE_PATH.match(path):
            served.append(path)
            if len(served) == 3:
                halfway.set()
            elif len(served) > 3:
                node_down.wait(timeout=120)
        return None

    site.handler = hold_articles
    with LocalSite(site) as local:
        profile = tmp_path / "steppe.toml"
        profile.write_text(demo_profile_toml(local.url), encoding="utf-8")
        crawl = subprocess.Popen(
            [sys.executable, "-m", "search_cli", "crawl", str(profile), "--store", url, "--json"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=tmp_path,
        )
        try:
            assert halfway.wait(timeout=120), "the crawl never reached the article pages"
            assert node("stop", port).returncode == 0
            node_down.set()
            out, err = crawl.communicate(timeout=300)
        finally:
            node_down.set()
            if crawl.poll() is None:
                crawl.kill()
    summary = json.loads(out)
    assert node("start", port).returncode == 0
    flushed = run_cli("index", "flush", "--store", url)

    client = Elasticsearch(own_node)
    client.indices.refresh(index=alias)
    ids = [h["_id"] for h in client.search(index=alias, size=100, source=False)["hits"]["hits"]]
    client.options(ignore_status=404).indices.delete(index=f"{alias}-v*")
    client.options(ignore_status=404).indices.delete_index_template(name=alias)
    client.close()
    store = open_store(url)
    store.close()

    assert summary["spooled"] > 0, err
    assert flushed.code == 0, flushed.stderr
    assert len(ids) == len(set(ids)) == len(ARTICLES), err[-2000:]
