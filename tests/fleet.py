"""A crawl fleet to test against: real ``scrapyd`` processes and five outlets on 127.0.0.1.

Each Scrapyd node runs from its own working directory (its eggs, logs and
queue), on a free port, in its own process group, so that a test can kill a
node together with its crawls, as a machine dies, and start it again as the
machine comes back. The outlets are the test sites' generators under other
names and with other article sets; each records every request it gets.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from index.document import document_id
from index.factory import open_store
from scheduler.fleet.claims import claims_index
from scheduler.fleet.scrapyd import NodeUnreachable, NotDeployed, Scrapyd
from tests.cli import run_cli
from tests.conftest import make_store_url
from tests.scheduling import wait_for
from tests.sites import bitrix, newsportal, wordpress
from tests.sites.server import LocalSite, Site

BIN = Path(sys.executable).parent
PROJECT = "newsindex"
#: Crawl settings for the tests: no adaptive delay, extraction in a thread (two CPUs).
FAST = {"AUTOTHROTTLE_ENABLED": "false", "NEWSINDEX_EXTRACT_PROCESSES": "0"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class ScrapydNode:
    """One ``scrapyd``; ``auth`` turns on its login (Scrapyd's username and password)."""

    home: Path
    port: int = field(default_factory=free_port)
    auth: tuple[str, str] | None = None
    poll_interval: float = 0.2  # how often it starts queued jobs
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def client(self) -> Scrapyd:
        return Scrapyd(self.url, self.auth)

    def start(self) -> ScrapydNode:
        self.home.mkdir(parents=True, exist_ok=True)
        login = f"username = {self.auth[0]}\npassword = {self.auth[1]}\n" if self.auth else ""
        (self.home / "scrapyd.conf").write_text(
            f"[scrapyd]\nbind_address = 127.0.0.1\nhttp_port = {self.port}\n"
            f"poll_interval = {self.poll_interval}\n"
            "eggs_dir = eggs\nlogs_dir = logs\ndbs_dir = dbs\nitems_dir =\njobs_to_keep = 100\n"
            + login,
            encoding="utf-8",
        )
        env = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSINDEX_", "XDG_"))}
        for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
            env[var] = str(self.home / var.lower())  # the crawls' spool and state stay here
        with (self.home / "scrapyd.log").open("ab") as log:
            self.process = subprocess.Popen(
                [str(BIN / "scrapyd")],
                cwd=self.home,
                stdout=log,
                stderr=log,
                env=env,
                start_new_session=True,  # its own process group: the node and its crawls
            )
        wait_for(f"scrapyd on {self.url}", self._answers, 60.0)
        return self

    def _answers(self) -> bool:
        assert self.process is not None and self.process.poll() is None, "scrapyd exited"
        try:
            self.client().jobs(PROJECT)
        except NotDeployed:
            return True
        except NodeUnreachable:
            return False
        return True

    def kill(self) -> None:
        """SIGKILL to the node and every crawl it runs, as when its machine dies."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()

    def jobs_of(self, crawl: str) -> list[str]:
        """The ids of the node's jobs (any state) of one crawl."""
        return [job.id for job in self.client().jobs(PROJECT) if job.id.startswith(f"{crawl}.")]


@contextmanager
def scrapyd_nodes(root: Path, count: int) -> Iterator[list[ScrapydNode]]:
    nodes = [ScrapydNode(root / f"node-{i}") for i in range(count)]
    try:
        for node in nodes:
            node.start()
        yield nodes
    finally:
        for node in nodes:
            node.stop()


@contextmanager
def deployed_nodes(root: Path, count: int) -> Iterator[list[ScrapydNode]]:
    """``count`` running nodes, the project deployed to each by ``newsindex fleet deploy``."""
    with scrapyd_nodes(root, count) as started:
        deployed = run_cli("fleet", "deploy", *(a for n in started for a in ("--node", n.url)))
        assert deployed.code == 0, deployed.stderr
        yield started


@dataclass
class Outlet:
    """One test site served under a profile name."""

    name: str
    site: LocalSite
    articles: frozenset[str]  # paths of the articles a complete crawl stores
    profile: Path
    settings: dict[str, str]

    def expected(self) -> set[tuple[str, str]]:
        """(source, url) of every article the archive must hold for this outlet."""
        return {(self.name, self.site.url + path) for path in self.articles}

    def article_requests(self, since: int = 0) -> list[str]:
        """Article paths requested, in order, from the ``since``-th request on."""
        return [p for p in self.site.paths()[since:] if p in self.articles]

    def ids(self) -> list[str]:
        return [document_id(self.site.url + path) for path in sorted(self.articles)]


def _slow(site: Site, paths: frozenset[str], delay: float) -> None:
    for path in paths:
        site.pages[path].delay = delay  # type: ignore[attr-defined]


@contextmanager
def outlets(root: Path, delay: float = 0.0) -> Iterator[list[Outlet]]:
    """Five outlets: two Dala News, two Steppe Post and a Dala Press, each with its own
    articles; ``delay`` seconds before each article page of the first four (to catch a
    crawl mid-way; Dala Press's crawls run with a one-second timeout, which its own slow
    page is there to exceed)."""
    root.mkdir(parents=True, exist_ok=True)
    portals = [newsportal.newsportal(), newsportal.newsportal()]
    posts = [
        wordpress.SteppePost(root / "secret-a", listed=list(range(8, 0, -1)), feed_only=9),
        wordpress.SteppePost(root / "secret-b", listed=list(range(26, 19, -1)), feed_only=27),
    ]
    press = bitrix.DalaPress(listed=list(range(10, 0, -1)))
    built = [
        ("dala-north", portals[0].site, portals[0].article_paths, newsportal.profile_toml, {}),
        ("dala-south", portals[1].site, portals[1].article_paths, newsportal.profile_toml, {}),
        ("steppe-east", posts[0].site, posts[0].article_paths, wordpress.profile_toml, {}),
        ("steppe-west", posts[1].site, posts[1].article_paths, wordpress.profile_toml, {}),
        ("press-kz", press.site, press.article_paths, bitrix.profile_toml,
         dict(s.split("=") for s in bitrix.SETTINGS)),
    ]  # fmt: skip
    with ExitStack() as stack:
        made = []
        for name, site, articles, toml, settings in built:
            if site is not press.site:
                _slow(site, articles, delay)
            served = stack.enter_context(LocalSite(site))
            text = toml(served.url)
            first = text.splitlines()[0]  # name = "..."
            profile = root / f"{name}.toml"
            profile.write_text(text.replace(first, f'name = "{name}"', 1), encoding="utf-8")
            made.append(Outlet(name, served, articles, profile, {**FAST, **settings}))
        yield made


def fleet_store(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh Elasticsearch store; its archive and its fleet's claims removed afterwards."""
    url = make_store_url("elasticsearch", tmp_path, request)
    base = request.getfixturevalue("es_url")

    def drop_claims() -> None:
        from elasticsearch import Elasticsearch

        client = Elasticsearch(base)
        client.options(ignore_status=404).indices.delete(index=claims_index(url))
        client.close()

    request.addfinalizer(drop_claims)
    return url


def archive(store_url: str) -> list[tuple[str, str]]:
    """(source, url) of every document in the store."""
    store = open_store(store_url)
    try:
        store.refresh()
        return [(doc.source, doc.url) for doc in store.scan()]
    finally:
        store.close()


def known(store_url: str, outlet: Outlet) -> set[str]:
    """The outlet's article paths the store holds now (by id: no refresh needed)."""
    store = open_store(store_url)
    try:
        ids = store.known_ids(outlet.ids())
    finally:
        store.close()
    return {p for p in outlet.articles if document_id(outlet.site.url + p) in ids}
