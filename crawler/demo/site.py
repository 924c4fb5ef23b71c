"""The demo outlet, Steppe Daily: real layout, made-up stories.

Three languages, a paginated latest-news list, a robots.txt, and pages
around the articles (about, tags) that must not be stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from crawler.demo.server import Page, Site


@dataclass(frozen=True)
class DemoArticle:
    slug: str
    lang: str
    title: str
    lead: str
    paragraphs: tuple[str, ...]
    author: str
    published: str  # ISO 8601 with offset
    section: str


ARTICLES: tuple[DemoArticle, ...] = (
    DemoArticle(
        "steppe-wind-farm-1001",
        "en",
        "Wind farm in the steppe starts supplying Astana",
        "The first turbines of a new wind farm near Astana are now feeding the grid.",
        (
            "The operator said forty turbines were connected on Monday, with the remaining "
            "twenty due before the end of the year.",
            "The regional grid company expects the farm to cover a tenth of the capital's "
            "winter demand once it runs at full capacity.",
            "Environmental groups welcomed the project but asked for bird-migration studies "
            "to be published.",
        ),
        "Dana Sarsenova",
        "2026-11-20T09:30:00+05:00",
        "Economy",
    ),
    DemoArticle(
        "almaty-metro-1002",
        "ru",
        "В Алматы открыли две новые станции метро",
        "Городское метро стало длиннее на три километра.",
        (
            "Новые станции соединили центр города с микрорайонами на западе Алматы.",
            "По данным акимата, метро ежедневно перевозит более сорока тысяч пассажиров.",
            "Строительство следующего участка планируют начать весной.",
        ),
        "Ержан Абенов",
        "2026-11-21T14:05:00+05:00",
        "Город",
    ),
    DemoArticle(
        "press-law-1003",
        "ru",
        "Журналисты обсудили поправки в закон о СМИ",
        "Медиасообщество направило депутатам свои предложения.",
        (
            "На круглом столе в Астане журналисты обсудили новые правила аккредитации.",
            "Участники попросили депутатов упростить доступ к информации для прессы.",
            "Поправки рассмотрят в мажилисе в декабре.",
        ),
        "Алия Касымова",
        "2026-11-22T11:00:00+05:00",
        "Общество",
    ),
    DemoArticle(
        "grain-harvest-1004",
        "kk",
        "Солтүстік өңірлерде астық жинау аяқталды",
        "Биыл диқандар жоспардан көп өнім жинады.",
        (
            "Ақмола және Қостанай облыстарында астық жинау науқаны толық аяқталды.",
            "Ауыл шаруашылығы министрлігінің мәліметінше, орташа өнімділік артты.",
            "Фермерлер астықты экспортқа жөнелтуге дайындалуда.",
        ),
        "Асқар Нұрланұлы",
        "2026-11-18T16:20:00+05:00",
        "Экономика",
    ),
    DemoArticle(
        "media-forum-1005",
        "en",
        "Central Asian media forum opens in Bishkek",
        "Editors from five countries met to discuss press freedom.",
        (
            "Journalists from Kazakhstan, Kyrgyzstan, Uzbekistan, Tajikistan and "
            "Turkmenistan gathered in Bishkek for the annual media forum.",
            "Speakers discussed accreditation rules, online harassment and the economics "
            "of independent newsrooms.",
            "The forum closes on Friday with a statement on press freedom.",
        ),
        "Aibek Toktogulov",
        "2026-11-23T10:00:00+06:00",
        "Media",
    ),
    DemoArticle(
        "caspian-oil-1006",
        "en",
        "Caspian pipeline exports recover after repairs",
        "Oil shipments returned to normal volumes this week.",
        (
            "The consortium said repairs at the marine terminal were finished ahead of schedule.",
            "Kazakhstan had warned that alternative export routes could be used if needed.",
            "Analysts expect exports to stay stable through the winter.",
        ),
        "Dana Sarsenova",
        "2026-11-24T08:45:00+05:00",
        "Economy",
    ),
    DemoArticle(
        "winter-roads-1007",
        "ru",
        "Снегопад закрыл трассы на юге страны",
        "Движение ограничено на нескольких участках дорог.",
        (
            "Из-за сильного снегопада временно закрыты участки трасс в Туркестанской области.",
            "Дорожные службы работают круглосуточно, сообщили в комитете автодорог.",
            "Водителей просят не выезжать на трассы без необходимости.",
        ),
        "Ержан Абенов",
        "2026-11-25T07:10:00+05:00",
        "Общество",
    ),
    DemoArticle(
        "library-1008",
        "kk",
        "Астанада жаңа кітапхана ашылды",
        "Кітапхана қорында жүз мыңнан астам кітап бар.",
        (
            "Жаңа кітапхана балалар мен жастарға арналған заманауи оқу залдарымен жабдықталған.",
            "Қала әкімдігінің хабарлауынша, кітапхана демалыс күндері де жұмыс істейді.",
            "Оқырмандар электронды каталогты онлайн пайдалана алады.",
        ),
        "Гүлнар Сейітова",
        "2026-11-26T12:30:00+05:00",
        "Мәдениет",
    ),
    DemoArticle(
        "border-trade-1009",
        "en",
        "Border trade between Kazakhstan and Uzbekistan grows",
        "Cross-border trade rose by a fifth this year.",
        (
            "Officials said new customs terminals cut waiting times at the border.",
            "Traders reported faster clearance for fruit and vegetables heading north.",
            "Both governments plan to open another crossing next year.",
        ),
        "Aibek Toktogulov",
        "2026-11-27T15:00:00+05:00",
        "Economy",
    ),
)

PER_PAGE = 4


def _layout(title: str, body: str, lang: str = "en", head: str = "") -> str:
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{escape(title)} | Steppe Daily</title>
{head}</head>
<body>
<header><a href="/">Steppe Daily</a>
<nav><a href="/news/">Latest news</a> <a href="/about/">About us</a>
<a href="/tag/economy/">Economy</a></nav></header>
<main>{body}</main>
<footer><p>© Steppe Daily. All rights reserved.</p><a href="/about/">Contacts</a></footer>
</body></html>"""


def article_page(article: DemoArticle) -> str:
    paragraphs = "\n".join(f"<p>{escape(p)}</p>" for p in article.paragraphs)
    head = (
        f'<meta property="og:title" content="{escape(article.title)}">\n'
        f'<meta property="og:description" content="{escape(article.lead)}">\n'
        f'<meta property="article:published_time" content="{article.published}">\n'
        f'<meta property="article:section" content="{escape(article.section)}">\n'
        f'<meta name="author" content="{escape(article.author)}">'
    )
    body = f"""<article>
<h1>{escape(article.title)}</h1>
<p class="lead"><strong>{escape(article.lead)}</strong></p>
<div class="byline">{escape(article.author)}, <time datetime="{article.published}">
{article.published[:10]}</time></div>
<div class="article-body">
{paragraphs}
</div>
<div class="share">Share: <a href="https://facebook.com/">Facebook</a></div>
</article>
<aside><h3>Read also</h3><ul><li><a href="/news/">More news</a></li></ul></aside>"""
    return _layout(article.title, body, article.lang, head)


def list_page(page: int, pages: int) -> str:
    chunk = ARTICLES[(page - 1) * PER_PAGE : page * PER_PAGE]
    items = "\n".join(
        f'<li><a href="/news/{a.slug}/">{escape(a.title)}</a> <span>{a.published[:10]}</span></li>'
        for a in chunk
    )
    nav = f'<a class="next" href="/news/?page={page + 1}">Next</a>' if page < pages else ""
    return _layout("Latest news", f"<h1>Latest news</h1><ul>{items}</ul>{nav}")


def demo_site() -> Site:
    site = Site()
    pages = -(-len(ARTICLES) // PER_PAGE)
    for page in range(1, pages + 1):
        path = "/news/" if page == 1 else f"/news/?page={page}"
        site.add(path, Page.html(list_page(page, pages)))
    for article in ARTICLES:
        site.add(f"/news/{article.slug}/", Page.html(article_page(article)))
    site.add("/", Page.html(_layout("Steppe Daily", '<a href="/news/">Latest news</a>')))
    site.add("/about/", Page.html(_layout("About us", "<h1>About us</h1><p>A demo outlet.</p>")))
    site.add("/tag/economy/", Page.html(_layout("Economy", "<h1>Economy</h1>")))
    site.add(
        "/robots.txt",
        Page(b"User-agent: *\nDisallow: /admin/\n", content_type="text/plain"),
    )
    return site


def demo_profile_toml(base_url: str) -> str:
    host = base_url.split("://", 1)[1].split(":")[0]
    return f"""name = "steppe-daily"
source_name = "Steppe Daily"
domains = ["{host}"]
languages = ["en", "ru", "kk"]
timezone = "Asia/Almaty"

[lists]
urls = ["{base_url}/news/"]
article_pattern = '/news/[a-z0-9-]+-\\d+/$'
next_page = "a.next::attr(href)"
max_pages = 5
"""
