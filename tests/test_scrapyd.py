"""The project deploys to a real Scrapyd and crawls the test site through ``schedule.json``.

Scrapyd (from PyPI) runs on a free 127.0.0.1 port with its state in a
temporary directory; ``scrapyd-deploy`` builds the project's egg from a copy
of the packages and ``scrapy.cfg`` (the deploy target pointed at that port),
as a user deploys from a checkout.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from index.document import document_id
from index.factory import open_store
from tests.fleet import free_port
from tests.sites.newsportal import newsportal, profile_toml
from tests.sites.server import LocalSite

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DEADLINE = 90.0


def api(base: str, endpoint: str, data: list[tuple[str, str]] | None = None) -> dict[str, Any]:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    with urllib.request.urlopen(f"{base}/{endpoint}", body, timeout=10) as response:
        answer: dict[str, Any] = json.loads(response.read())
    return answer


def wait_for_api(base: str, process: subprocess.Popen[bytes]) -> None:
    end = time.monotonic() + DEADLINE
    while time.monotonic() < end:
        assert process.poll() is None, "scrapyd exited"
        try:
            if api(base, "daemonstatus.json")["status"] == "ok":
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("scrapyd did not answer")


@pytest.fixture
def scrapyd(tmp_path: Path) -> Iterator[str]:
    home = tmp_path / "scrapyd"
    home.mkdir()
    port = free_port()
    (home / "scrapyd.conf").write_text(
        f"[scrapyd]\nbind_address = 127.0.0.1\nhttp_port = {port}\npoll_interval = 0.2\n"
        "eggs_dir = eggs\nlogs_dir = logs\ndbs_dir = dbs\nitems_dir =\n",
        encoding="utf-8",
    )
    log = (home / "scrapyd.log").open("wb")
    process = subprocess.Popen([str(BIN / "scrapyd")], cwd=home, stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_api(base, process)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def deploy(base: str, workdir: Path) -> dict[str, Any]:
    """``scrapyd-deploy`` from a copy of the project whose deploy target is ``base``."""
    project = workdir / "project"
    for package in ("crawler", "index", "search_cli"):
        shutil.copytree(
            REPO / package, project / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    for name in ("setup.py", "pyproject.toml", "README.md"):
        shutil.copy(REPO / name, project / name)
    config = (REPO / "scrapy.cfg").read_text(encoding="utf-8")
    config = config.replace("url = http://localhost:6800/", f"url = {base}/")
    assert f"url = {base}/" in config, "scrapy.cfg has no [deploy] url to point at the test server"
    (project / "scrapy.cfg").write_text(config, encoding="utf-8")
    result = subprocess.run(
        [str(BIN / "scrapyd-deploy")],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=DEADLINE,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    answer: dict[str, Any] = json.loads(result.stdout[result.stdout.index("{") :])
    return answer


def test_project_deploys_to_scrapyd_and_schedule_json_crawls_the_site_into_the_store(
    scrapyd: str, tmp_path: Path
) -> None:
    deployed = deploy(scrapyd, tmp_path)
    assert (deployed["status"], deployed["project"], deployed["spiders"]) == ("ok", "newsindex", 1)
    assert api(scrapyd, "listspiders.json?project=newsindex")["spiders"] == ["news"]

    portal = newsportal()
    store_url = f"sqlite:///{tmp_path / 'news.db'}"
    with LocalSite(portal.site) as site:
        profile = tmp_path / "dala-news.toml"
        profile.write_text(profile_toml(site.url), encoding="utf-8")
        job = api(
            scrapyd,
            "schedule.json",
            [
                ("project", "newsindex"),
                ("spider", "news"),
                ("profile", str(profile)),
                ("setting", f"NEWSINDEX_STORE={store_url}"),
                ("setting", "AUTOTHROTTLE_ENABLED=False"),
            ],
        )
        assert job["status"] == "ok", job
        end = time.monotonic() + DEADLINE
        while time.monotonic() < end:
            jobs = api(scrapyd, "listjobs.json?project=newsindex")
            if any(j["id"] == job["jobid"] for j in jobs["finished"]):
                break
            time.sleep(0.2)
        else:
            raise AssertionError("the scrapyd job did not finish")
        expected = {document_id(site.url + path) for path in portal.article_paths}
    store = open_store(store_url)
    try:
        assert {doc.id for doc in store.scan()} == expected
    finally:
        store.close()
