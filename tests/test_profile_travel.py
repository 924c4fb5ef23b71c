"""What a crawl on another machine needs from this one: its profile as job arguments, and
its summary as the last line of its log (which Scrapyd keeps, and serves)."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from crawler.profile import ProfileError
from crawler.profile_travel import profile_arguments, profile_from_arguments
from tests.sites.crawling import crawl_command, crawl_env
from tests.sites.newsportal import SOURCE, newsportal, profile_toml
from tests.sites.server import LocalSite

MARKER = "newsindex summary: "


def test_a_built_in_profile_travels_by_name() -> None:
    assert profile_arguments("orda-kz") == {"profile": "orda-kz"}


def test_a_profile_file_travels_as_its_text_and_arrives_as_the_same_profile(
    tmp_path: Path,
) -> None:
    text = profile_toml("http://127.0.0.1:8000")
    path = tmp_path / "dala.toml"
    path.write_text(text, encoding="utf-8")
    arguments = profile_arguments(str(path))
    assert arguments == {"profile_toml": text}
    sent = profile_from_arguments(None, arguments["profile_toml"])
    here = profile_from_arguments(str(path), None)
    assert (sent.name, sent.domains, sent.lists) == (here.name, here.domains, here.lists)


def test_a_broken_profile_is_refused_before_it_travels(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text('name = "broken"\n', encoding="utf-8")
    with pytest.raises(ProfileError, match=re.escape("broken.toml: source_name: required")):
        profile_arguments(str(path))


def test_a_spider_given_no_profile_says_which_arguments_it_takes() -> None:
    expected = re.escape("give profile=NAME|PATH or profile_toml=TEXT")
    with pytest.raises(ProfileError, match=expected):
        profile_from_arguments(None, None)


def test_the_crawl_log_ends_with_the_summary_the_json_output_prints(tmp_path: Path) -> None:
    portal = newsportal()
    with LocalSite(portal.site) as site:
        profile = tmp_path / f"{SOURCE}.toml"
        profile.write_text(profile_toml(site.url), encoding="utf-8")
        command = crawl_command(profile, f"sqlite:///{tmp_path / 'news.db'}")
        command.insert(3, "-v")  # newsindex -v crawl ...: the crawl's log on stderr
        result = subprocess.run(
            [*command, "--set", "AUTOTHROTTLE_ENABLED=false"],
            capture_output=True,
            text=True,
            timeout=120,
            env=crawl_env(tmp_path),
            check=False,
        )
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if MARKER in line]
    assert len(lines) == 1
    logged = json.loads(lines[0].split(MARKER, 1)[1])
    assert logged.pop("failure") is None
    printed = json.loads(result.stdout)
    assert logged == printed
    assert printed["stored"] == len(portal.article_paths)
    assert printed["finish_reason"] == "finished"
