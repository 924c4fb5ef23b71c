"""A small archive with known answers, written for the store contract suite."""

from index.document import Document


def _doc(url: str, **fields: object) -> Document:
    base: dict[str, object] = {
        "url": url,
        "crawled_at": "2024-06-01T00:00:00+00:00",
        "first_seen": "2024-06-01T00:00:00+00:00",
        "last_seen": "2024-06-01T00:00:00+00:00",
    }
    base.update(fields)
    doc = Document(**base)  # type: ignore[arg-type]
    doc.word_count = len(doc.body.split())
    return doc


CORPUS: list[Document] = [
    _doc(
        "https://orda.kz/cpj-calls-investigation-1",
        source="orda-kz",
        source_name="Orda.kz",
        title="CPJ calls on Kazakhstan to investigate cyber attacks on media",
        lead="The Committee to Protect Journalists wants the attacks investigated.",
        body="Independent media in Kazakhstan faced DDoS attacks.\n\n"
        "The committee said journalists lost access to their audiences.",
        authors=["Alina Yesenalina"],
        published="2024-01-15T10:00:00+05:00",
        language="en",
        section="Society",
        tags=["media", "cyber attacks"],
        countries=["KZ"],
        cited_sources=["CPJ", "Orda.kz"],
        is_translation=True,
    ),
    _doc(
        "https://orda.kz/ataki-na-smi-2",
        source="orda-kz",
        source_name="Orda.kz",
        title="Кибератаки на независимые СМИ Казахстана",
        lead="Комитет защиты журналистов призвал расследовать атаки.",
        body="Независимые СМИ подверглись DDoS-атакам.\n\n"
        "По данным Адил Соз, в 2023 году было 56 кибератак на журналистов.",
        authors=["Алина Есеналина"],
        published="2024-01-14T18:30:00+05:00",
        language="ru",
        section="Общество",
        tags=["СМИ"],
        countries=["KZ"],
    ),
    _doc(
        "https://kaztag.kz/ru/news/parlament-zakon-3",
        source="kaztag",
        source_name="KazTAG",
        title="Парламент принял закон о средствах массовой информации",
        lead=None,
        body="Мажилис одобрил новый закон о СМИ во втором чтении.\n\n"
        "Журналисты критикуют закон за аккредитацию.",
        authors=["Иван Петров", "Алина Есеналина"],
        published="2024-02-03T09:15:00+06:00",
        language="ru",
        section="Политика",
        tags=["закон", "СМИ"],
        countries=["KZ"],
    ),
    _doc(
        "https://kaztag.kz/kz/news/zhurnalister-4",
        source="kaztag",
        source_name="KazTAG",
        title="Журналистер аккредитация туралы мәлімдеме жасады",
        lead="Азаттық тілшілері аккредитация ала алмады.",
        body="Сыртқы істер министрлігі отыз алты тілшіге аккредитация бермеді.\n\n"
        "Журналистер бұл шешімді сынады.",
        authors=["Асқар Нұрланұлы"],
        published="2024-02-10T12:00:00+06:00",
        language="kk",
        section="Қоғам",
        tags=["аккредитация"],
        countries=["KZ"],
    ),
    _doc(
        "https://www.azattyq.org/a/33000005.html",
        source="azattyq",
        source_name="Radio Azattyq",
        title="Foreign ministry denies accreditation to Azattyq journalists",
        lead="Thirty-six correspondents were refused.",
        body="The foreign ministry refused accreditation to 36 correspondents.\n\n"
        "Press freedom groups called the decision deeply concerning.",
        authors=["John Smith"],
        published="2024-02-11T08:00:00+00:00",
        language="en",
        section="Politics",
        tags=["accreditation", "press freedom"],
        countries=["KZ"],
    ),
    _doc(
        "https://www.azattyq.org/a/33000006.html",
        source="azattyq",
        source_name="Radio Azattyq",
        title="Oil exports through the Caspian pipeline resume",
        lead=None,
        body="Oil exports resumed after repairs at the terminal.\n\n"
        "Kazakhstan said alternative routes were also available, through Türkiye.",
        authors=[],
        published="2024-03-01T07:45:00+00:00",
        language="en",
        section="Economy",
        tags=["oil"],
        countries=["KZ", "RU"],
    ),
    _doc(
        "https://24.kg/english/parliament-media-law-7",
        source="24-kg",
        source_name="24.kg",
        title="Kyrgyz parliament debates a new media law",
        lead="Deputies discussed the media law in the first reading.",
        body="The parliament of Kyrgyzstan debated the media law on Tuesday.\n\n"
        "Journalists asked deputies to drop the accreditation rules.",
        authors=["Aida Dzhaparova"],
        published="2024-03-05T14:00:00+06:00",
        language="en",
        section="Politics",
        tags=["media law"],
        countries=["KG"],
    ),
    _doc(
        "https://24.kg/obschestvo/pogoda-8",
        source="24-kg",
        source_name="24.kg",
        title="Погода в Бишкеке: снег и мороз",
        lead=None,
        body="В Бишкеке ожидается снег.\n\nТемпература опустится до минус десяти градусов, "
        "ещё холоднее будет в Нарыне.",
        authors=[],
        published=None,
        language="ru",
        section=None,
        tags=[],
        countries=["KG"],
    ),
]

BY_URL = {doc.url: doc for doc in CORPUS}


def ids(*urls: str) -> set[str]:
    return {BY_URL[u].id for u in urls}
