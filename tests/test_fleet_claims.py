"""Dispatch claims on a real Elasticsearch node: however many schedulers race for a crawl,
one wins; a claim whose owner stopped renewing it is taken over, again by one."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator

import pytest

from index.errors import StoreUnavailable
from scheduler.fleet.claims import ClaimBook, claims_index

pytestmark = pytest.mark.elasticsearch
RACERS = 8


class Clock:
    """A wall clock a test moves by hand."""

    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def claims_store(es_url: str) -> Iterator[str]:
    url = f"{es_url}/newsindex-claims-{uuid.uuid4().hex[:10]}"
    yield url
    from elasticsearch import Elasticsearch

    client = Elasticsearch(es_url)
    client.options(ignore_status=404).indices.delete(index=claims_index(url))
    client.close()


@pytest.fixture
def books(claims_store: str) -> Iterator[Callable[..., ClaimBook]]:
    opened: list[ClaimBook] = []

    def book(owner: str, ttl: float = 60.0, clock: Callable[[], float] | None = None) -> ClaimBook:
        made = ClaimBook(claims_store, owner, ttl, *([clock] if clock else []))
        opened.append(made)
        return made

    yield book
    for made in opened:
        made.close()


def race(contenders: list[ClaimBook], name: str) -> list[str]:
    """Every contender claims ``name`` at the same instant; the owners granted it."""
    barrier = threading.Barrier(len(contenders))
    granted: list[str] = []
    lock = threading.Lock()

    def claim(book: ClaimBook) -> None:
        barrier.wait()
        if book.claim(name).granted:
            with lock:
                granted.append(book.owner)

    threads = [threading.Thread(target=claim, args=(book,)) for book in contenders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return granted


def test_of_schedulers_claiming_a_crawl_at_the_same_instant_exactly_one_wins(
    books: Callable[..., ClaimBook],
) -> None:
    contenders = [books(f"scheduler-{i}") for i in range(RACERS)]
    for round_ in range(10):
        assert len(race(contenders, f"crawl-{round_}")) == 1


def test_a_refused_claim_names_its_holder_and_once_dispatched_the_node_and_job(
    books: Callable[..., ClaimBook],
) -> None:
    first, second = books("first"), books("second")
    assert first.claim("dala").granted
    refused = second.claim("dala")
    assert (refused.granted, refused.owner, refused.job) == (False, "first", None)
    assert first.note("dala", "http://node-a:6800", "dala.5f3c")
    refused = second.claim("dala")
    assert (refused.owner, refused.node, refused.job) == (
        "first",
        "http://node-a:6800",
        "dala.5f3c",
    )


def test_a_freed_claim_is_taken_at_once_and_tells_the_crawls_last_job(
    books: Callable[..., ClaimBook],
) -> None:
    first, second = books("first"), books("second")
    assert first.claim("dala").granted
    assert first.note("dala", "http://node-a:6800", "dala.5f3c", "2026-03-12T09:00:00+00:00")
    first.release("dala")
    taken = second.claim("dala")
    assert (taken.granted, taken.owner) == (True, "second")
    assert (taken.node, taken.job, taken.started) == (
        "http://node-a:6800", "dala.5f3c", "2026-03-12T09:00:00+00:00",
    )  # fmt: skip
    assert not first.claim("dala").granted


def test_an_expired_claim_is_taken_over_by_exactly_one_scheduler_and_its_owner_loses_it(
    books: Callable[..., ClaimBook],
) -> None:
    clock = Clock()
    owner = books("dead", ttl=30.0, clock=clock)
    assert owner.claim("dala").granted
    contenders = [books(f"scheduler-{i}", ttl=30.0, clock=clock) for i in range(RACERS)]
    clock.now += 29.0
    assert race(contenders, "dala") == []  # still the owner's
    assert owner.note("dala")  # renewed: another 30 s
    clock.now += 31.0
    winners = race(contenders, "dala")
    assert len(winners) == 1
    assert not owner.note("dala")  # taken over: the old owner can renew it no more
    assert owner.claim("dala").owner == winners[0]


def test_a_store_that_cannot_be_reached_is_one_store_error() -> None:
    with pytest.raises(
        StoreUnavailable, match=r"cannot reach Elasticsearch at http://127\.0\.0\.1:9"
    ):
        ClaimBook("http://127.0.0.1:9/newsindex", "me", 60.0)
