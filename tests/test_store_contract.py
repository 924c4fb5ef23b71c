"""The store contract: the same behaviour, with the same answers, on every store."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest

from index.document import Document
from index.factory import open_store
from index.query import SearchRequest, parse_query
from index.store import Store
from search_cli.commands.search import as_written
from tests.conftest import make_store_url
from tests.corpus import BY_URL, CORPUS, ids

CPJ = "https://orda.kz/cpj-calls-investigation-1"
RU_ATTACKS = "https://orda.kz/ataki-na-smi-2"
RU_LAW = "https://kaztag.kz/ru/news/parlament-zakon-3"
KK_ACCREDITATION = "https://kaztag.kz/kz/news/zhurnalister-4"
AZ_ACCREDITATION = "https://www.azattyq.org/a/33000005.html"
AZ_OIL = "https://www.azattyq.org/a/33000006.html"
KG_MEDIA_LAW = "https://24.kg/english/parliament-media-law-7"
KG_WEATHER = "https://24.kg/obschestvo/pogoda-8"


@pytest.fixture
def archive(store: Store) -> Store:
    store.upsert(CORPUS)
    store.refresh()
    return store


def found(store: Store, query: str) -> set[str]:
    result = store.search(SearchRequest(parse_query(query), limit=100))
    assert result.total == len(result.hits)
    return {hit.document.id for hit in result.hits}


def order(store: Store, request: SearchRequest) -> list[str]:
    return [hit.document.url for hit in store.search(request).hits]


def test_counts_every_document(archive: Store) -> None:
    assert archive.count() == len(CORPUS)


def test_empty_query_matches_everything(archive: Store) -> None:
    assert archive.search(SearchRequest(None)).total == len(CORPUS)


def test_finds_a_russian_word(archive: Store) -> None:
    assert found(archive, "закон") == ids(RU_LAW)


def test_finds_a_kazakh_word(archive: Store) -> None:
    assert found(archive, "мәлімдеме") == ids(KK_ACCREDITATION)


def test_matching_ignores_case(archive: Store) -> None:
    assert found(archive, "ПОГОДА") == ids(KG_WEATHER)


def test_words_must_all_match(archive: Store) -> None:
    assert found(archive, "media law") == ids(KG_MEDIA_LAW)


def test_quoted_phrase_matches_words_in_order(archive: Store) -> None:
    assert found(archive, '"press freedom"') == ids(AZ_ACCREDITATION)
    assert found(archive, '"freedom press"') == set()


def test_a_long_phrase_matches_its_words_in_order_whatever_its_length(archive: Store) -> None:
    assert found(archive, '"parliament of Kyrgyzstan debated the media law"') == ids(KG_MEDIA_LAW)
    assert found(archive, '"deputies to drop the accreditation rules"') == ids(KG_MEDIA_LAW)


def test_a_phrase_whose_word_pairs_stand_apart_does_not_match(archive: Store) -> None:
    # The body holds "drop the" and "the media law", and "debated the" and "the accreditation".
    assert found(archive, '"drop the media law"') == set()
    assert found(archive, '"debated the accreditation"') == set()


def test_or_matches_either_side(archive: Store) -> None:
    assert found(archive, "oil OR погода") == ids(AZ_OIL, KG_WEATHER)


def test_minus_excludes_a_word(archive: Store) -> None:
    assert found(archive, "accreditation -azattyq") == ids(KG_MEDIA_LAW)


def test_parentheses_group_alternatives(archive: Store) -> None:
    assert found(archive, "(oil OR law) kyrgyzstan") == ids(KG_MEDIA_LAW)


def test_a_lone_exclusion_matches_everything_else(archive: Store) -> None:
    assert found(archive, "-media -СМИ") == ids(
        AZ_OIL, AZ_ACCREDITATION, KG_WEATHER, KK_ACCREDITATION
    )


def test_field_term_searches_one_text_field(archive: Store) -> None:
    assert found(archive, "title:law") == ids(KG_MEDIA_LAW)


def test_filters_by_source(archive: Store) -> None:
    assert found(archive, "source:kaztag") == ids(RU_LAW, KK_ACCREDITATION)


def test_filters_by_language(archive: Store) -> None:
    assert found(archive, "lang:ru") == ids(RU_ATTACKS, RU_LAW, KG_WEATHER)


def test_filters_by_author_whatever_the_case(archive: Store) -> None:
    assert found(archive, 'author:"алина есеналина"') == ids(RU_ATTACKS, RU_LAW)


def test_filters_by_published_date_range(archive: Store) -> None:
    assert found(archive, "published:2024-02-01..2024-02-29") == ids(
        RU_LAW, KK_ACCREDITATION, AZ_ACCREDITATION
    )


def test_date_range_compares_instants_not_local_dates(archive: Store) -> None:
    # 2024-01-14T18:30+05:00 is 13:30 UTC on the 14th; 2024-01-15T10:00+05:00 is the 15th.
    assert found(archive, "published:>=2024-01-15 published:<2024-02") == ids(CPJ)


def test_filter_or_word(archive: Store) -> None:
    assert found(archive, "source:24-kg OR oil") == ids(KG_MEDIA_LAW, KG_WEATHER, AZ_OIL)


def test_facets_count_the_matching_documents(archive: Store) -> None:
    result = archive.search(
        SearchRequest(None, facets=["source", "language", "authors"], facet_size=10)
    )
    facets = {name: [(v.value, v.count) for v in values] for name, values in result.facets.items()}
    assert facets == {
        "source": [("24-kg", 2), ("azattyq", 2), ("kaztag", 2), ("orda-kz", 2)],
        "language": [("en", 4), ("ru", 3), ("kk", 1)],
        "authors": [
            ("Алина Есеналина", 2),
            ("Aida Dzhaparova", 1),
            ("Alina Yesenalina", 1),
            ("John Smith", 1),
            ("Асқар Нұрланұлы", 1),
            ("Иван Петров", 1),
        ],
    }


def test_facets_follow_the_query(archive: Store) -> None:
    result = archive.search(SearchRequest(parse_query("accreditation"), facets=["source"]))
    assert [(v.value, v.count) for v in result.facets["source"]] == [("24-kg", 1), ("azattyq", 1)]


def test_facet_size_limits_the_values(archive: Store) -> None:
    result = archive.search(SearchRequest(None, facets=["language"], facet_size=1))
    assert [(v.value, v.count) for v in result.facets["language"]] == [("en", 4)]


def test_hits_carry_a_highlighted_snippet(archive: Store) -> None:
    (hit,) = archive.search(SearchRequest(parse_query("закон"))).hits
    assert hit.highlight is not None
    assert "<mark>закон</mark>" in hit.highlight


def test_sort_by_date_newest_first_with_undated_last(archive: Store) -> None:
    urls = order(archive, SearchRequest(None, sort="-date", limit=100))
    assert urls == [
        KG_MEDIA_LAW,
        AZ_OIL,
        AZ_ACCREDITATION,
        KK_ACCREDITATION,
        RU_LAW,
        CPJ,
        RU_ATTACKS,
        KG_WEATHER,
    ]


def test_sort_by_date_oldest_first(archive: Store) -> None:
    urls = order(archive, SearchRequest(None, sort="date", limit=100))
    assert urls[:2] == [RU_ATTACKS, CPJ]
    assert urls[-1] == KG_WEATHER


def test_pages_do_not_overlap(archive: Store) -> None:
    first = order(archive, SearchRequest(None, sort="-date", limit=3, offset=0))
    second = order(archive, SearchRequest(None, sort="-date", limit=3, offset=3))
    assert first == [KG_MEDIA_LAW, AZ_OIL, AZ_ACCREDITATION]
    assert second == [KK_ACCREDITATION, RU_LAW, CPJ]


def test_relevance_ranks_a_title_match_first(archive: Store) -> None:
    urls = order(archive, SearchRequest(parse_query("accreditation"), sort="relevance"))
    assert urls == [AZ_ACCREDITATION, KG_MEDIA_LAW]


def test_get_returns_the_stored_document(archive: Store) -> None:
    doc = BY_URL[CPJ]
    assert archive.get(doc.id) == doc


def test_get_unknown_id_returns_none(archive: Store) -> None:
    assert archive.get("0" * 32) is None


def test_known_ids_names_only_stored_documents(archive: Store) -> None:
    assert archive.known_ids([BY_URL[CPJ].id, "nope"]) == {BY_URL[CPJ].id}


def test_upsert_twice_does_not_duplicate(archive: Store) -> None:
    archive.upsert(CORPUS)
    archive.refresh()
    assert archive.count() == len(CORPUS)


def test_upsert_updates_in_place_and_keeps_first_seen(archive: Store) -> None:
    old = BY_URL[CPJ]
    new = dataclasses.replace(
        old,
        title="Updated title",
        first_seen="2025-01-01T00:00:00+00:00",
        last_seen="2025-01-01T00:00:00+00:00",
    )
    archive.upsert([new])
    archive.refresh()
    stored = archive.get(old.id)
    assert stored is not None
    assert (stored.title, stored.first_seen, stored.last_seen) == (
        "Updated title",
        old.first_seen,
        "2025-01-01T00:00:00+00:00",
    )
    assert archive.count() == len(CORPUS)


def test_delete_removes_documents(archive: Store) -> None:
    assert archive.delete([BY_URL[CPJ].id]) == 1
    archive.refresh()
    assert archive.count() == len(CORPUS) - 1
    assert archive.get(BY_URL[CPJ].id) is None


def test_histogram_counts_by_month(archive: Store) -> None:
    buckets = [(b.start, b.count) for b in archive.histogram(None, "month")]
    assert buckets == [("2024-01-01", 2), ("2024-02-01", 3), ("2024-03-01", 2)]


def test_histogram_weeks_start_on_monday(archive: Store) -> None:
    buckets = [(b.start, b.count) for b in archive.histogram(parse_query("source:kaztag"), "week")]
    assert buckets == [("2024-01-29", 1), ("2024-02-05", 1)]


def test_scan_streams_every_match_in_id_order(archive: Store) -> None:
    scanned = [doc.id for doc in archive.scan(parse_query("lang:en"))]
    assert scanned == sorted(ids(CPJ, AZ_ACCREDITATION, AZ_OIL, KG_MEDIA_LAW))


def test_ensure_schema_is_idempotent(archive: Store) -> None:
    archive.ensure_schema()
    assert archive.count() == len(CORPUS)


# --- analysis: stems and folded forms, the same on every store -------------------


def test_a_russian_word_finds_its_other_forms(archive: Store) -> None:
    assert found(archive, "закона") == ids(RU_LAW)


def test_russian_stems_match_across_documents(archive: Store) -> None:
    assert found(archive, "журналистов") == ids(RU_ATTACKS, RU_LAW)


def test_an_english_word_finds_its_other_forms(archive: Store) -> None:
    assert found(archive, "attack") == ids(CPJ)


def test_a_field_term_matches_stems_in_that_field_only(archive: Store) -> None:
    assert found(archive, "title:attack") == ids(CPJ)
    assert found(archive, "title:journalist") == ids(AZ_ACCREDITATION)


def test_a_phrase_matches_the_exact_forms_only(archive: Store) -> None:
    assert found(archive, '"media law"') == ids(KG_MEDIA_LAW)
    assert found(archive, '"media laws"') == set()


def test_yo_and_ye_match_each_other(archive: Store) -> None:
    assert found(archive, "еще") == ids(KG_WEATHER)
    assert found(archive, "ЕЩЁ") == ids(KG_WEATHER)


def test_diacritics_are_folded(archive: Store) -> None:
    assert found(archive, "turkiye") == ids(AZ_OIL)


def test_a_phrase_matches_folded_forms(archive: Store) -> None:
    assert found(archive, '"through turkiye"') == ids(AZ_OIL)


def test_excluding_a_stem_excludes_every_form(archive: Store) -> None:
    assert found(archive, "accreditation -correspondent") == ids(KG_MEDIA_LAW)


# --- multi-valued fields ----------------------------------------------------------


def facet_counts(store: Store, query: str, name: str, size: int = 20) -> list[tuple[str, int]]:
    result = store.search(SearchRequest(parse_query(query), facets=[name], facet_size=size))
    return [(v.value, v.count) for v in result.facets[name]]


def test_facet_on_tags_counts_each_value_of_each_document(archive: Store) -> None:
    assert facet_counts(archive, "", "tags") == [
        ("СМИ", 2),
        ("accreditation", 1),
        ("cyber attacks", 1),
        ("media", 1),
        ("media law", 1),
        ("oil", 1),
        ("press freedom", 1),
        ("аккредитация", 1),
        ("закон", 1),
    ]


def test_facet_on_countries_follows_the_query(archive: Store) -> None:
    assert facet_counts(archive, "", "countries") == [("KZ", 6), ("KG", 2), ("RU", 1)]
    assert facet_counts(archive, "lang:ru", "countries") == [("KZ", 2), ("KG", 1)]


def test_facet_on_cited_sources(archive: Store) -> None:
    assert facet_counts(archive, "", "cited_sources") == [("CPJ", 1), ("Orda.kz", 1)]


def test_facet_on_section_skips_documents_without_one(archive: Store) -> None:
    assert facet_counts(archive, "source:24-kg", "section") == [("Politics", 1)]


def test_filter_matches_any_value_of_a_list_whatever_the_case(archive: Store) -> None:
    assert found(archive, "country:ru") == ids(AZ_OIL)
    assert found(archive, "tag:сми") == ids(RU_ATTACKS, RU_LAW)


def test_excluding_a_list_value(archive: Store) -> None:
    assert found(archive, "lang:en -country:kz") == ids(KG_MEDIA_LAW)


# --- date histograms --------------------------------------------------------------


def histogram(store: Store, query: str, interval: str) -> list[tuple[str, int]]:
    node = parse_query(query)
    return [(b.start, b.count) for b in store.histogram(node, interval)]  # type: ignore[arg-type]


def test_histogram_counts_by_day_in_utc(archive: Store) -> None:
    assert histogram(archive, "", "day") == [
        ("2024-01-14", 1),
        ("2024-01-15", 1),
        ("2024-02-03", 1),
        ("2024-02-10", 1),
        ("2024-02-11", 1),
        ("2024-03-01", 1),
        ("2024-03-05", 1),
    ]


def test_histogram_counts_by_year(archive: Store) -> None:
    assert histogram(archive, "", "year") == [("2024-01-01", 7)]


def test_histogram_follows_a_word_query(archive: Store) -> None:
    assert histogram(archive, "accreditation", "month") == [("2024-02-01", 1), ("2024-03-01", 1)]


# --- highlights, paging, sorting --------------------------------------------------


def snippets(store: Store, query: str) -> dict[str, str | None]:
    result = store.search(SearchRequest(parse_query(query), limit=100))
    return {hit.document.url: hit.highlight for hit in result.hits}


def test_highlight_marks_the_form_found_by_its_stem(archive: Store) -> None:
    assert snippets(archive, "attack") == {
        CPJ: "Independent media in Kazakhstan faced DDoS <mark>attacks</mark>. "
        "The committee said journalists lost access to their audiences."
    }


def test_highlight_marks_a_whole_phrase(archive: Store) -> None:
    assert snippets(archive, '"press freedom"') == {
        AZ_ACCREDITATION: "The foreign ministry refused accreditation to 36 correspondents. "
        "<mark>Press freedom</mark> groups called the decision deeply concerning."
    }


def test_highlight_falls_back_to_the_title(archive: Store) -> None:
    assert snippets(archive, "title:мәлімдеме") == {
        KK_ACCREDITATION: "Журналистер аккредитация туралы <mark>мәлімдеме</mark> жасады"
    }


def test_highlight_cuts_long_texts_around_the_matches(archive: Store) -> None:
    long_doc = dataclasses.replace(
        BY_URL[AZ_OIL], body="Filler words here. " * 30 + "The pipeline resumed." + " More." * 40
    )
    archive.upsert([long_doc])
    archive.refresh()
    (snippet,) = snippets(archive, "pipelines").values()
    assert snippet == (
        "…Filler words here. Filler words here. The <mark>pipeline</mark> resumed. "
        "More. More. More. More. More. More. More. More. More. More. More. More. More. More. "
        "More. More. More.…"
    )


def test_last_page_holds_the_rest(archive: Store) -> None:
    result = archive.search(SearchRequest(None, sort="-date", limit=3, offset=6))
    assert (result.total, [h.document.url for h in result.hits]) == (8, [RU_ATTACKS, KG_WEATHER])


def test_a_page_past_the_end_is_empty(archive: Store) -> None:
    result = archive.search(SearchRequest(None, sort="-date", limit=3, offset=30))
    assert (result.total, result.hits) == (8, [])


def test_word_query_sorted_by_date(archive: Store) -> None:
    query = parse_query("accreditation OR аккредитация")
    assert order(archive, SearchRequest(query, sort="date")) == [
        RU_LAW,
        KK_ACCREDITATION,
        AZ_ACCREDITATION,
        KG_MEDIA_LAW,
    ]
    assert order(archive, SearchRequest(query, sort="-date")) == [
        KG_MEDIA_LAW,
        AZ_ACCREDITATION,
        KK_ACCREDITATION,
        RU_LAW,
    ]


def test_hits_hold_no_analysed_fields(archive: Store) -> None:
    (hit,) = archive.search(SearchRequest(parse_query("закона"))).hits
    assert hit.document == BY_URL[RU_LAW]


def test_each_search_counts_only_its_own_matches(archive: Store) -> None:
    facet_counts(archive, "oil", "source")
    result = archive.search(
        SearchRequest(parse_query("accreditation lang:en"), facets=["source", "language"])
    )
    facets = {name: [(v.value, v.count) for v in values] for name, values in result.facets.items()}
    assert result.total == 2
    assert facets == {"source": [("24-kg", 1), ("azattyq", 1)], "language": [("en", 2)]}


def test_a_document_with_a_huge_unbroken_run_of_letters_is_stored_and_found(
    archive: Store,
) -> None:
    """Lucene refuses a term over 32,766 bytes; the run (inline base64, say) is left out of
    the analysis, the rest of the text is searchable and the document is kept whole."""
    doc = dataclasses.replace(
        BY_URL[AZ_OIL], body="Oil resumed. " + "QUJD" * 10_000 + " The pipeline resumed."
    )
    result = archive.upsert([doc])
    archive.refresh()
    assert (result.written, result.errors) == (1, [])
    assert found(archive, "pipeline") == ids(AZ_OIL)
    assert archive.get(doc.id) == doc


# --- the same words marked on every store ---------------------------------------------

#: Beyond the corpus: a name in several scripts and spellings, a word in two forms.
EXTRA = [
    Document(url="https://example.kz/names/1", title="Президент Тоқаев выступил", body="Тоқаев."),
    Document(url="https://example.kz/names/2", title="Tokayev speaks", body="President Tokayev."),
    Document(url="https://example.kz/names/3", title="Toqayev", body="Nur-Sultan and Astana."),
    Document(url="https://example.kz/names/4", title="Нур-Султан", body="Столица, Нур-Султан."),
    Document(
        url="https://example.kz/forms/5", title="Forms", body="One journalist, two journalists."
    ),
]
MARKED_QUERIES = [
    "attack", "закона", "журналистов", "ПОГОДА", "еще", "ЕЩЁ", "turkiye", '"through turkiye"',
    '"press freedom"', "media law", "oil OR погода", "title:attack", "accreditation -correspondent",
    "(oil OR law) kyrgyzstan", "Токаев", "Toqayev", "Astana", "Nur-Sultan", '"Tokayev speaks"',
    "source:kaztag закон", "pipelines", "закон", "journalists", "СМИ", "Тоқаев", "journalist",
]  # fmt: skip


@pytest.fixture(scope="module")
def both_stores(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Store]]:
    stores = {}
    for kind in ("sqlite", "elasticsearch"):
        store = open_store(make_store_url(kind, tmp_path_factory.mktemp(kind), request))
        store.ensure_schema()
        store.upsert([*CORPUS, *EXTRA])
        store.refresh()
        stores[kind] = store
    yield stores
    for store in stores.values():
        store.close()


@pytest.mark.parametrize("exact", [False, True], ids=["as-analysed", "exact"])
@pytest.mark.parametrize("query", MARKED_QUERIES)
def test_both_stores_mark_the_same_words(
    both_stores: dict[str, Store], query: str, exact: bool
) -> None:
    node = parse_query(query)
    assert node is not None
    request = SearchRequest(as_written(node) if exact else node, limit=100)
    snippets = {
        kind: {hit.document.url: hit.highlight for hit in store.search(request).hits}
        for kind, store in both_stores.items()
    }
    assert snippets["elasticsearch"] == snippets["sqlite"]
    assert any(snippets["sqlite"].values()) or exact
