"""Near-duplicates: fingerprints, the dedup pipeline on real stores, and two outlets crawled.

A story one outlet publishes and another reposts, lightly edited, must end
up linked: the later copy's ``duplicate_of`` is the id of the earlier one,
whichever is crawled first, and both stay searchable.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from crawler.fingerprint import content_hash, fingerprints, similarity
from crawler.pipelines.dedup import DedupPipeline
from index.document import Document
from index.factory import open_store
from index.store import Store
from tests.conftest import make_store_url
from tests.crawlers import project_crawler
from tests.sites.crawling import run_crawl, search_json
from tests.sites.pages import Story, list_html, story_html
from tests.sites.server import LocalSite, Page, Site

ROADS = (
    "Акимат Алматы утвердил план ремонта дорог на летний сезон. В списке более двухсот улиц, "
    "в том числе проспект Абая, улица Толе би и участок Восточной объездной дороги.",
    "По словам заместителя акима города, работы начнутся в середине апреля и продлятся до конца "
    "октября. Подрядчиков выбрали по итогам открытого конкурса, сметы опубликованы на портале "
    "государственных закупок.",
    "Жители давно жаловались на ямы и разбитые тротуары в микрорайонах. В прошлом году горожане "
    "отправили в акимат более трёх тысяч обращений о состоянии дорог.",
    "На ремонт выделено 42 миллиарда тенге из городского и республиканского бюджетов. Ход работ "
    "можно будет отслеживать на интерактивной карте, которую обещают запустить в мае.",
)
# Reposted by another outlet: first sentence reworded, a word changed, a line of its own added.
ROADS_COPY = (
    "Городской акимат Алматы утвердил план ремонта дорог на летний сезон. В списке более "
    "двухсот улиц, в том числе проспект Абая, улица Толе би и участок Восточной объездной дороги.",
    ROADS[1],
    ROADS[2].replace("жаловались", "жалуются"),
    ROADS[3],
    "Ранее мы писали о планах по расширению метро.",
)
# The same subject, written by someone else: not a copy.
ASTANA_ROADS = (
    "В Астане стартовал сезон дорожных работ: в этом году обновят покрытие на 120 улицах "
    "левобережья и в старой части города.",
    "Городские власти обещают закончить основные работы до первого сентября, а подрядчиков, "
    "сорвавших сроки в прошлом сезоне, к конкурсу не допустили.",
    "Водителей просят заранее планировать маршруты: на время ремонта часть улиц перекроют.",
)
GRAIN = (
    "Kazakhstan exported a record 12 million tonnes of grain in the last marketing year, the "
    "Ministry of Agriculture said, with most shipments going to Central Asia and Afghanistan.",
    "Officials expect exports to China and Iran to grow further after new rail terminals open "
    "on the border next spring.",
)
GRAIN_COPY = (GRAIN[0].replace("a record", "a record-breaking"), GRAIN[1], "Source: Kazinform.")
SEEDS = (
    "Қостанай облысының фермерлері көктемгі егіс науқанына дайындықты бастады. Биыл облыста "
    "төрт миллион гектардан астам жерге дән себу жоспарланған.",
    "Әкімдіктің мәліметінше, шаруаларға жеңілдетілген несие мен жанар-жағармай бөлінеді.",
)
SEEDS_COPY = (SEEDS[0], SEEDS[1].replace("бөлінеді", "беріледі"))


def text(paragraphs: tuple[str, ...]) -> str:
    return "\n\n".join(paragraphs)


# (id, one text, the other, are they the same story)
PAIRS = [
    ("identical", text(ROADS), text(ROADS), True),
    ("lightly-edited-repost", text(ROADS), text(ROADS_COPY), True),
    ("repost-without-the-last-paragraph", text(ROADS), text(ROADS[:3]), True),
    ("english-repost", text(GRAIN), text(GRAIN_COPY), True),
    ("kazakh-repost", text(SEEDS), text(SEEDS_COPY), True),
    ("same-subject-other-story", text(ROADS), text(ASTANA_ROADS), False),
    ("other-language-other-story", text(ROADS), text(GRAIN), False),
]


@pytest.mark.parametrize(("a", "b", "same"), [p[1:] for p in PAIRS], ids=[p[0] for p in PAIRS])
def test_copies_share_a_key_and_pass_the_similarity_bar(a: str, b: str, same: bool) -> None:
    shared = set(fingerprints(a)) & set(fingerprints(b))
    assert bool(shared) is same
    assert (similarity(a, b) >= 0.5) is same


def test_the_content_hash_ignores_case_spacing_and_yo() -> None:
    assert content_hash("Жители  давно\nжаловались на ЁЛКИ.") == content_hash(
        "жители давно жаловались на елки"
    )


def test_a_short_text_has_only_its_content_hash() -> None:
    assert [k[:2] for k in fingerprints("Вчера в Алматы шёл снег.")] == ["c:"]
    assert fingerprints("") == []


# --- the pipeline, on both stores ------------------------------------------------------------

ALMATY = timezone(timedelta(hours=5))


def doc(source: str, slug: str, body: str, published: datetime) -> Document:
    return Document(
        url=f"https://{source}.example/news/{slug}",
        source=source,
        source_name=source.title(),
        title=slug.replace("-", " "),
        body=body,
        language="ru",
        published=published.isoformat(),
        crawled_at="2026-03-10T08:00:00+00:00",
        first_seen="2026-03-10T08:00:00+00:00",
    )


ORIGINAL_AT = datetime(2026, 3, 2, 10, 0, tzinfo=ALMATY)
COPY_AT = datetime(2026, 3, 2, 14, 30, tzinfo=ALMATY)  # reposted four and a half hours later
OTHER_AT = datetime(2026, 3, 1, 9, 0, tzinfo=ALMATY)
ORIGINAL = doc("dala", "roads", text(ROADS), ORIGINAL_AT)
COPY = doc("steppe", "roads-plan", text(ROADS_COPY), COPY_AT)
OTHER = doc("steppe", "astana", text(ASTANA_ROADS), OTHER_AT)


def fresh(document: Document) -> Document:
    return Document.from_dict(document.to_dict())


def stored_before(store: Store, *documents: Document) -> None:
    """Documents an earlier crawl wrote (with their fingerprints)."""
    copies = [fresh(d) for d in documents]
    for d in copies:
        d.fingerprints = fingerprints(d.body)
    store.upsert(copies)
    store.refresh()


@dataclass
class Run:
    pipeline: DedupPipeline
    stats: Any


@pytest.fixture
def run(store: Store) -> Iterator[Run]:
    crawler = project_crawler(NEWSINDEX_STORE=store.url)
    pipeline = DedupPipeline.from_crawler(crawler)
    yield Run(pipeline, crawler.stats)
    if pipeline.store is not None:
        pipeline.store.close()


def test_a_copy_of_a_stored_article_points_at_it(store: Store, run: Run) -> None:
    stored_before(store, ORIGINAL, OTHER)
    item = run.pipeline.process_item(fresh(COPY))
    assert item.duplicate_of == ORIGINAL.id
    assert item.fingerprints == fingerprints(COPY.body)
    assert run.stats.get_value("newsindex/duplicates") == 1


def test_an_original_crawled_after_its_copy_takes_the_link(store: Store, run: Run) -> None:
    stored_before(store, COPY)
    item = run.pipeline.process_item(fresh(ORIGINAL))
    run.pipeline.close_spider()
    run.pipeline.store = None
    assert item.duplicate_of is None
    after = store.get(COPY.id)
    assert after is not None and after.duplicate_of == ORIGINAL.id
    assert after.body == COPY.body and after.first_seen == COPY.first_seen
    assert run.stats.get_value("newsindex/duplicates/relinked") == 1


def test_copies_within_one_crawl_are_linked(run: Run) -> None:
    copy, original, other = (run.pipeline.process_item(fresh(d)) for d in (COPY, ORIGINAL, OTHER))
    assert (original.duplicate_of, copy.duplicate_of, other.duplicate_of) == (
        None,
        ORIGINAL.id,
        None,
    )


def test_a_recrawl_of_the_same_article_is_not_its_own_copy(store: Store, run: Run) -> None:
    stored_before(store, ORIGINAL)
    assert run.pipeline.process_item(fresh(ORIGINAL)).duplicate_of is None
    assert run.stats.get_value("newsindex/duplicates") is None


# --- two outlets crawled, one after the other -------------------------------------------------

FAST = ("--set", "AUTOTHROTTLE_ENABLED=false")


@dataclass(frozen=True)
class Outlet:
    name: str
    source_name: str
    stories: tuple[Story, ...]

    def site(self) -> Site:
        site = Site()
        links = [(s.path, s.title, s.published) for s in self.stories]
        site.add("/news/", Page.html(list_html(f"{self.source_name}: новости", links)))
        for s in self.stories:
            site.add(s.path, Page.html(story_html(s)))
        return site

    def profile(self, base_url: str) -> str:
        host = urlsplit(base_url).hostname
        return f"""name = "{self.name}"
source_name = "{self.source_name}"
domains = ["{host}"]
languages = ["ru"]
timezone = "Asia/Almaty"

[lists]
urls = ["{base_url}/news/"]
article_pattern = '/news/[a-z-]+/$'
"""


DALA = Outlet(
    "dala-times",
    "Dala Times",
    (
        Story(
            "/news/roads/",
            "Акимат утвердил план ремонта дорог",
            ROADS,
            ORIGINAL_AT,
            "ru",
            "Айгерим Сапарова",
        ),
        Story(
            "/news/astana/",
            "В Астане начался сезон ремонта",
            ASTANA_ROADS,
            OTHER_AT,
            "ru",
            "Айгерим Сапарова",
        ),
    ),
)
STEPPE = Outlet(
    "steppe-wire",
    "Steppe Wire",
    (
        Story(
            "/news/roads-plan/",
            "В Алматы отремонтируют двести улиц",
            ROADS_COPY,
            COPY_AT,
            "ru",
            "Данияр Омаров",
        ),
    ),
)


@dataclass(frozen=True)
class Crawled:
    store_url: str
    docs: dict[str, Document]  # by outlet name and path: "dala-times/news/roads/"


def crawl_in_order(kind: str, outlets: tuple[Outlet, ...], tmp: Path, request: Any) -> Crawled:
    store_url = make_store_url(kind, tmp, request)
    for outlet in outlets:
        with LocalSite(outlet.site()) as served:
            profile = tmp / f"{outlet.name}.toml"
            profile.write_text(outlet.profile(served.url), encoding="utf-8")
            run = run_crawl(served, profile, store_url, tmp / "home", *FAST)
            assert run.exit_code == 0, run.stderr
            assert run.summary["stored"] == len(outlet.stories)
    store = open_store(store_url)
    try:
        docs = {f"{d.source}{urlsplit(d.url).path}": d for d in store.scan()}
    finally:
        store.close()
    return Crawled(store_url, docs)


@pytest.fixture(
    scope="module",
    params=[
        ("sqlite", "original-first"),
        ("elasticsearch", "original-first"),
        ("sqlite", "copy-first"),
    ],
    ids=lambda p: "-".join(p),
)
def crawled(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Crawled:
    kind, order = request.param
    outlets = (DALA, STEPPE) if order == "original-first" else (STEPPE, DALA)
    return crawl_in_order(kind, outlets, tmp_path_factory.mktemp(f"dedup-{kind}-{order}"), request)


def test_the_later_copy_on_another_outlet_points_at_the_original(crawled: Crawled) -> None:
    original = crawled.docs["dala-times/news/roads/"]
    copy = crawled.docs["steppe-wire/news/roads-plan/"]
    assert original.duplicate_of is None
    assert copy.duplicate_of == original.id
    assert crawled.docs["dala-times/news/astana/"].duplicate_of is None
    assert original.fingerprints and set(original.fingerprints) & set(copy.fingerprints)


def test_both_versions_stay_searchable(crawled: Crawled) -> None:
    found = search_json(crawled.store_url, '"план ремонта дорог"', "--limit", "10")
    assert {hit["source"] for hit in found["hits"]} == {"dala-times", "steppe-wire"}
    assert found["total"] == 2
