"""The crawler's guards as pure functions: URLs, encodings, traps, private addresses, backoff."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from crawler.downloadermiddlewares.backoff import backoff_seconds, retry_after_seconds
from crawler.encoding import effective_encoding
from crawler.profile import parse_profile_text
from crawler.safety import literal_private, trap_reason
from index.urls import canonical_url

TITLE = "Уровень воды в Капшагае опустился до минимума за десять лет"


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("https://Orda.kz/a-1/?utm_source=tg&fbclid=x#c", "https://orda.kz/a-1/"),
        ("https://orda.kz/a-1/amp/", "https://orda.kz/a-1/"),
        ("https://rus.azattyq.org/a/32587835.amp.html", "https://rus.azattyq.org/a/32587835.html"),
        ("https://kaztag.kz/ru/news/x?PHPSESSID=1&page=2", "https://kaztag.kz/ru/news/x?page=2"),
        ("https://s.kz/a;jsessionid=ABC?id=7", "https://s.kz/a?id=7"),
    ],
)
def test_canonical_url_drops_tracking_session_and_amp(url: str, canonical: str) -> None:
    assert canonical_url(url) == canonical


def test_profile_folds_mobile_host_of_its_own_domain_only() -> None:
    profile = parse_profile_text(
        'name = "a"\nsource_name = "A"\ndomains = ["akipress.com"]\n'
        "[lists]\nurls = ['https://akipress.com/']\narticle_pattern = 'news'\n"
    )
    assert profile.canonical("https://m.akipress.com/news:1/") == "https://akipress.com/news:1/"
    assert profile.canonical("https://m.other.kz/news:1/") == "https://m.other.kz/news:1/"


@pytest.mark.parametrize("encoding", ["cp1251", "koi8_r"])
def test_undeclared_single_byte_cyrillic_is_recognised(encoding: str) -> None:
    body = f"<html><body><h1>{TITLE}</h1><p>{TITLE.lower()}</p></body></html>".encode(encoding)
    assert effective_encoding("text/html", body) == encoding


def test_declared_windows_1251_is_trusted() -> None:
    body = f'<meta charset="windows-1251"><p>{TITLE}</p>'.encode("cp1251")
    assert effective_encoding(None, body) is None


def test_utf8_declared_but_windows_1251_sent_is_corrected() -> None:
    body = f"<p>{TITLE}</p>".encode("cp1251")
    assert effective_encoding("text/html; charset=utf-8", body) == "cp1251"


def test_utf8_sent_under_a_stale_single_byte_charset_is_read_as_utf8() -> None:
    body = f'<meta charset="windows-1251"><h1>{TITLE}</h1><p>{TITLE}</p>'.encode()
    assert effective_encoding("text/html; charset=windows-1251", body) == "utf-8"


def test_utf8_pages_are_left_alone() -> None:
    assert effective_encoding(None, f"<p>{TITLE}</p>".encode()) is None


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("https://s.kz/news/?page=2", None),
        ("https://s.kz/news/?page=2&page=3", "repeated_parameter"),
        ("https://s.kz/" + "cal/" * 4, "repeated_path_segment"),
        ("https://s.kz/?" + "&".join(f"f{i}=1" for i in range(13)), "too_many_parameters"),
        ("https://s.kz/" + "a" * 2001, "url_too_long"),
    ],
)
def test_trap_reason(url: str, reason: str | None) -> None:
    assert trap_reason(url) == reason


@pytest.mark.parametrize(
    ("host", "private"),
    [
        ("127.0.0.1", True),
        ("10.1.2.3", True),
        ("169.254.169.254", True),
        ("[::1]", True),
        ("localhost", True),
        ("8.8.8.8", False),
        ("orda.kz", None),
    ],
)
def test_literal_private(host: str, private: bool | None) -> None:
    assert literal_private(host) is private


def test_retry_after_in_seconds_or_as_a_date() -> None:
    now = datetime(2026, 3, 10, 12, 0, 0, tzinfo=UTC)
    assert retry_after_seconds("7", now) == 7.0
    assert retry_after_seconds("Tue, 10 Mar 2026 12:00:30 GMT", now) == 30.0
    assert retry_after_seconds("soon", now) is None


def test_backoff_doubles_and_is_capped_and_retry_after_wins() -> None:
    assert [backoff_seconds(n, 0.5, 3.0, None) for n in range(4)] == [0.5, 1.0, 2.0, 3.0]
    assert backoff_seconds(0, 0.5, 60.0, 12.0) == 12.0
