"""Article and list pages shared by the test outlets (wordpress.py, bitrix.py, pangea.py).

Each story has its own title and text, so a test can compare exact titles
after a crawl; the HTML is laid out as outlets do it (navigation, the
article, a sidebar of headlines, a footer) with JSON-LD and OpenGraph heads.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from html import escape

RU_TITLES = (
    "Акимат Алматы утвердил план ремонта дорог на лето",
    "В Шымкенте открылась новая детская больница",
    "Фермеры Туркестанской области перешли на капельное орошение",
    "Нацбанк сохранил базовую ставку без изменений",
    "В Астане прошёл форум независимых журналистов",
    "Цены на бензин выросли в трёх регионах страны",
    "Паводки угрожают сёлам в Восточно-Казахстанской области",
    "Энергетики завершили ремонт ТЭЦ в Караганде",
    "Суд вынес приговор по делу о хищении бюджетных средств",
    "Книжная ярмарка в Алматы собрала рекордное число гостей",
    "Железная дорога запустила новый поезд до Туркестана",
    "Студенты из регионов получат гранты на обучение",
    "Учёные нашли новые стоянки древних людей в Жетысу",
    "Аэропорт Актау принял первый рейс из Баку",
    "Жители Уральска жалуются на качество питьевой воды",
    "Министерство опубликовало проект закона о СМИ",
)
EN_TITLES = (
    "Kazakhstan unveils plan to modernise regional airports",
    "Kyrgyz parliament debates new media law amendments",
    "Uzbekistan expands cotton harvest mechanisation",
    "Tajik hydropower plant reaches full capacity",
    "Central Asian ministers meet on water sharing",
    "Almaty metro extension opens two new stations",
    "Astana hosts regional journalism conference",
    "Grain exports from Kazakhstan hit a ten-year high",
    "New rail link to connect Turkmenistan and Afghanistan",
    "Bishkek residents protest rising heating tariffs",
    "Samarkand restoration project wins heritage award",
    "Caspian states sign environmental protection accord",
    "Kazakh startup raises funds for solar farms",
    "Dushanbe opens new international bus terminal",
    "Karaganda miners strike over safety conditions",
    "Press freedom groups call for journalist's release",
)
RU_SENTENCES = (
    "По словам представителей ведомства, работы планируется завершить до конца года.",
    "Местные жители давно просили власти обратить внимание на эту проблему.",
    "Эксперты считают, что решение поможет снизить нагрузку на городской бюджет.",
    "На реализацию проекта выделено несколько миллиардов тенге из республиканского бюджета.",
    "Журналисты издания побывали на месте и поговорили с очевидцами событий.",
    "В министерстве пообещали регулярно информировать общественность о ходе работ.",
)
EN_SENTENCES = (
    "Officials said the work is expected to be completed before the end of the year.",
    "Local residents had long asked the authorities to address the problem.",
    "Analysts say the decision will ease the pressure on the regional budget.",
    "Several billion tenge have been allocated to the project from the national budget.",
    "Our correspondents visited the site and spoke to witnesses of the events.",
    "The ministry promised to keep the public informed about the progress of the work.",
)


@dataclass(frozen=True)
class Story:
    path: str
    title: str
    paragraphs: tuple[str, ...]
    published: datetime
    lang: str
    author: str


def story_text(n: int, lang: str) -> tuple[str, ...]:
    """Four paragraphs, distinct for each story number."""
    pool = RU_SENTENCES if lang == "ru" else EN_SENTENCES
    marker = f"выпуск {n}" if lang == "ru" else f"issue {n}"
    return tuple(
        " ".join(pool[(n + p + k) % len(pool)] for k in range(3)) + f" ({marker}, {p + 1})"
        for p in range(4)
    )


def story(n: int, path: str, published: datetime, lang: str = "ru") -> Story:
    titles = RU_TITLES if lang == "ru" else EN_TITLES
    author = "Айгерим Сапарова" if lang == "ru" else "Daniyar Omarov"
    return Story(path, titles[n % len(titles)], story_text(n, lang), published, lang, author)


def story_html(s: Story, *, charset: str | None = "utf-8", sidebar: str = "") -> str:
    """An article page; ``charset=None`` leaves the encoding undeclared."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": s.title,
        "datePublished": s.published.isoformat(),
        "author": {"@type": "Person", "name": s.author},
        "inLanguage": s.lang,
    }
    meta = f'<meta charset="{charset}">' if charset else ""
    body = "\n".join(f"<p>{escape(p)}</p>" for p in s.paragraphs)
    return f"""<!DOCTYPE html>
<html lang="{s.lang}"><head>{meta}
<title>{escape(s.title)}</title>
<meta property="og:title" content="{escape(s.title)}">
<meta property="article:published_time" content="{s.published.isoformat()}">
<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>
</head><body>
<header><nav><a href="/">Home</a> <a href="/about/">About</a></nav></header>
<main><article>
<h1>{escape(s.title)}</h1>
<time datetime="{s.published.isoformat()}">{s.published:%d.%m.%Y %H:%M}</time>
<span class="author">{escape(s.author)}</span>
{body}
</article>
<aside>{sidebar}</aside></main>
<footer><p>© Test outlet. All rights reserved.</p></footer>
</body></html>"""


def list_html(
    title: str,
    links: list[tuple[str, str, datetime | None]],
    *,
    charset: str | None = "utf-8",
    extra: str = "",
    head: str = "",
) -> str:
    """A list page: (href, headline, date) items, then ``extra`` (pagination, widgets)."""
    items = "\n".join(
        f'<li><a href="{escape(href)}">{escape(text)}</a>'
        + (f' <time datetime="{when.isoformat()}">{when:%d.%m.%Y}</time>' if when else "")
        + "</li>"
        for href, text, when in links
    )
    meta = f'<meta charset="{charset}">' if charset else ""
    return f"""<!DOCTYPE html>
<html><head>{meta}<title>{escape(title)}</title>{head}</head><body>
<header><nav><a href="/">Home</a></nav></header>
<main><h1>{escape(title)}</h1><ul class="news">
{items}
</ul>{extra}</main>
<footer>© Test outlet</footer></body></html>"""


def stories_profile(base_url: str, name: str = "stories", extra: str = "") -> str:
    """The profile of a site of stories at ``/news/story-N/``, listed on ``/news/``."""
    return (
        f'name = "{name}"\nsource_name = "{name.title()}"\ndomains = ["127.0.0.1"]\n'
        f"[lists]\nurls = [\"{base_url}/news/\"]\narticle_pattern = '/news/story-\\d+/$'\n{extra}"
    )
