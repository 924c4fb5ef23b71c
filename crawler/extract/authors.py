"""Author names, cleaned of what is not a person.

A byline may hold several people ("X and Y", "X, Y", "A und B", "A y B",
"Martin Untersinger (avec Damien Leloup)"), a role ("наш корреспондент",
"Redakteurin", "Senior Staff Technologist" and the affiliation after it), an
e-mail, a handle, a date, a city or the outlet itself; only the people's
names are kept. A name is a few words of any script: capitalised words and
name particles ("de la", "van der", "кызы"), or words of a script without
letter case (CJK, Hangul, Arabic); all lower case only where the page
declares it as an author (metadata), never in running text, where a
sentence ("By comparison, the ...") is not a byline.

Signatures at the end of an article ("— Алина Есеналина", "Ruslan Loginov,
Astana") are read by :func:`signature_names`, which the caller applies to
the last paragraph only: anywhere else a short line of capitalised words is
as likely a sub-heading.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from crawler.extract.months import month_number
from crawler.extract.sources import KNOWN_SOURCES

# Byline labels ("By X", "Автор: X") in the region's and the EU's languages.
_LABEL = (
    r"original author|authors?|written by|words by|text and photos?|text by|story by|"
    r"reporting by|posted by|by|von|par|por|di|door|av|af|przez|autor|autorka|autore|"
    r"auteur|text|texto|testo|tekst|автор текста|авторы материала|авторы|автор|текст и фото|"
    r"фото и текст|текст|материал подготовил[аи]?|подготовил[аи]?|"
    r"мәтінді дайындаған|автордың аты|мәтін|"
    r"mualliflar|муаллифлар|muallif|муаллиф|тайёрлади|tayyorladi|作者|记者"
)
BYLINE_RE = re.compile(
    rf"^\s*(?:{_LABEL})(?:\s*[:：︱丨|—–-]\s*|\s+(?=\w))(?P<names>[^\n]{{2,160}})$",
    re.IGNORECASE,
)
_LABEL_WORD = re.compile(_LABEL, re.IGNORECASE)
_LEADING_LABEL = re.compile(rf"^\s*(?:{_LABEL})(?:\s*[:：︱丨|—–-]\s*|\s+(?=\w))", re.IGNORECASE)
# What follows these labels is not by the author: photos, editing, sources.
_NOT_AUTHOR_PART = re.compile(
    r"[;|.]?\s*(?:editing by|edited by|additional reporting|photo|photos|фото|сурет|foto|"
    r"видео|video|источник|source|манба)\b.*$",
    re.IGNORECASE,
)
_SIGNATURE_RE = re.compile(r"^\s*[—–-]\s*(?P<names>[^\n]{3,80})$|^(?P<bare>[^\n]{3,80})$")
_SIGNATURE_TAIL = re.compile(
    r"\s*(?:\([^()]{2,40}\)|\s+(?:специально для|для|for|exclusively for|arnaýy)\s+.+)$",
    re.IGNORECASE,
)
# A parenthesis that names more people: "(avec Damien Leloup et Morgane Tual)".
_WITH = re.compile(r"\(\s*(?:with|avec|mit|con|com|met|z|з|с|бирге)\s+([^()]+)\)", re.IGNORECASE)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that mark a role, a desk, an account or a label, never a person.
_ROLES = _words(
    """
    staff writer writers reporter reporters correspondent correspondents editor editors
    editorial newsroom desk team admin administrator guest unknown anonymous press service
    agency news contributor contributors columnist journalist photographer producer analyst
    username user author authors autor autorin auteur autore redakteur redakteurin redaktion
    korrespondent korrespondentin journaliste rédaction rédacteur rédactrice periodista
    redactor redactora redacción giornalista redazione jornalista redação redactie
    verslaggever redakcja dziennikarz dziennikarka redakce redaktor redaktorka technologist
    president director manager officer founder professor редакция редакции
    редактор администратор админ корреспондент пресс-служба обозреватель журналист
    редакциясы тілші tilshi muxbir muxbiri мухбир мухбири кабарчы таҳририят tahririyat
    агентство новости 作者 记者 编辑 责任编辑 来源 编者 기자 記者
    """
)
_AGENCIES = {"reuters", "afp", "ap", "tass", "ria", "sputnik", "xinhua", "anadolu", "ria novosti"}
# Words of running text: a "name" holding one is a sentence.
_FUNCTION_WORDS = _words(
    """
    the a an of to in on for with at from is are was were be been this that these it its as
    not but has have had will would can could who which what when where about after before
    der die das und ist nicht mit für le la les et est une un pour dans sur el los las es un
    una para que por il lo gli è per che в на и с по что не это как для из от
    """
) - {"de", "da", "del", "la", "le", "di", "van", "von", "der", "den"}
_WEEKDAYS = _words(
    """
    monday tuesday wednesday thursday friday saturday sunday понедельник вторник среда
    четверг пятница суббота воскресенье
    """
)
# Lower-case particles inside names (Spanish, French, Dutch, German, Arabic, Turkic).
_PARTICLES = _words(
    """
    de da das do dos del della de la le di du van von der den ten ter y e al el bin ibn bint
    ben abu оглы кызы улы қызы ұлы uly kyzy qizi o'g'li oʻgʻli
    """
)
_SPLIT = re.compile(
    r"\s*(?:,|;|\||/|&|\band\b|\bund\b|\bet\b|\by\b|\be\b|\bi\b|\bog\b|\boch\b|\ben\b|"
    r"\bve\b|\bés\b|\bи\b|\bжәне\b|\bжана\b|\bva\b|\bва\b|\bва\b|、|和)\s*",
    re.IGNORECASE,
)
# Where a name ends in a byline: a date, a separator, a handle.
_CUT = re.compile(r"\s[-–—•|·]\s|\s@|\d|\s/\s|[•·|]")
_EMAIL = re.compile(r"\S+@\S+")
_URL = re.compile(r"\bhttps?://[^\s()]+|\bwww\.[^\s()]+")
_QUOTES = "\"'“”„«»‘’"


def _norm(name: str) -> str:
    return re.sub(r"\W+", "", name.casefold())


_KNOWN_OUTLETS = frozenset(
    {_norm(a) for aliases in KNOWN_SOURCES.values() for a in aliases} | _AGENCIES
)


@lru_cache(maxsize=256)
def _outlet_forms(outlet_names: tuple[str, ...]) -> frozenset[str]:
    """An outlet as bylines print it: "Orda.kz", "Orda", "orda-kz", "ORDA KZ"."""
    forms: set[str] = set(_KNOWN_OUTLETS)
    for name in outlet_names:
        if not name:
            continue
        forms.add(_norm(name))
        forms.add(
            _norm(re.sub(r"(?:[.-](?:kz|kg|uz|tj|tm|com|org|net|media|news|info))+$", "", name))
        )
    return frozenset(f for f in forms if f)


def _is_role(word: str) -> bool:
    return word.casefold().strip(".,:;()") in _ROLES


def _date_word(words: list[str], i: int) -> bool:
    """A month or weekday name that starts a date ("May 20, 2019", "Tuesday, 12 March")."""
    word = words[i].strip(",.").casefold()
    follows = words[i + 1] if i + 1 < len(words) else ""
    if follows[:1].isdigit():
        return word in _WEEKDAYS or month_number(word) is not None
    return word in _WEEKDAYS and (words[i].endswith(",") or not follows)


def _tidy(name: str) -> tuple[str, bool]:
    """The name part of a byline piece (no label, date, handle, role or trailing words),
    and whether lower-case words after the name were dropped (a sentence goes on)."""
    value = _URL.sub(" ", _EMAIL.sub(" ", name))
    value = re.sub(r"\(\s*\)|\[\s*\]", " ", value)
    value = _LEADING_LABEL.sub("", value, count=1)
    words = value.split()
    for i in range(len(words)):
        if _date_word(words, i):
            words = words[:i]
            break
    value = _CUT.split(" ".join(words), maxsplit=1)[0]
    value = re.sub(r"\([^()]*\)", " ", value)  # "(Almaty)", "(abc)"
    words = value.strip(" .,;:-–—|[]()").split()
    cased = not all(w.islower() for w in words)  # an all lower-case name is judged whole
    while words and (_is_role(words[0]) or (cased and words[0].islower())):
        if words[0] in _PARTICLES:
            break
        words.pop(0)  # "наш корреспондент Иван Петров", "Staff Writer Jane Doe"
    for i, word in enumerate(words):
        if _is_role(word):
            words = words[:i]  # "Ben Silverman Games Editor", "X Redakteurin"
            break
    trailing = False
    while cased and words and words[-1].islower():
        words.pop()  # "Aleš Vávra před"
        trailing = True
    value = " ".join(words).strip(" .,;:-–—|")
    return (value.title() if value.isupper() and len(value) > 3 else value), trailing


def _cased(name: str) -> bool:
    return any(w[0].isupper() for w in name.split())


def _initial(word: str) -> bool:
    """ "A." or "J": an initial, not the article "a"."""
    return len(word.rstrip(".")) == 1 and word[0].isupper()


def _name_like(words: list[str], trusted: bool) -> bool:
    if any(
        not _initial(w) and w.casefold().strip(_QUOTES + ".,") in _FUNCTION_WORDS for w in words
    ):
        return False
    bare = [w.strip(_QUOTES) for w in words]
    if len(bare) == 1 and _LABEL_WORD.fullmatch(bare[0]):
        return False  # "By" alone
    if not all(bare) or any(not (w[0].isalpha() or w[0] == "'") for w in bare):
        return False
    if all(w.islower() for w in bare):  # "mama robotnik" declared; never a lone handle
        return trusted and 2 <= len(words) <= 4
    return all(not w[0].islower() or w.casefold() in _PARTICLES for w in bare)


def clean_author(
    name: str, outlet_names: Iterable[str] = (), trusted: bool = False, strict: bool = False
) -> str | None:
    """A person's name, or None for outlets, roles ('Staff'), labels, sentences, e-mails,
    dates and URLs. *trusted*: the page declares the value as an author (metadata);
    *strict*: a line of text, where words after the name make it a sentence."""
    value, trailing = _tidy(name)
    if strict and trailing:
        return None  # "Heba Habib contributed to this report."
    words = value.split()
    if not words or len(value) > 60 or not 1 <= len(words) <= 5:
        return None
    if any(_is_role(w) for w in words) or re.search(r"[!?:]", value):
        return None
    if _norm(value) in _outlet_forms(tuple(outlet_names)):
        return None
    return value if _name_like(words, trusted) else None


def _pieces(text: str) -> list[str]:
    """A byline split into its people, a "(with ...)" parenthesis included."""
    more = [m[1] for m in _WITH.finditer(text)]
    text = _WITH.sub(" ", text)
    return [p for chunk in (text, *more) for p in _SPLIT.split(chunk)]


def clean_authors(
    names: Iterable[str],
    outlet_names: Iterable[str] = (),
    trusted: bool = False,
    strict: bool = False,
) -> list[str]:
    """Split joined bylines, drop non-people, keep the first spelling of each name.

    A one-word part beside full names in the same byline is a city or a desk
    ("Ruslan Loginov, Astana"), and after a role the rest of a byline is an
    affiliation ("X, Senior Technologist, Project Y"). *strict* (a line of text):
    a byline whose first part is not a name is not a byline ("Par ailleurs, ...").
    """
    outlets = tuple(outlet_names)
    out: list[str] = []
    seen: set[str] = set()
    for raw in names:
        text = _NOT_AUTHOR_PART.sub("", _URL.sub(" ", _EMAIL.sub(" ", raw or "")))
        found: list[str] = []
        for piece in _pieces(text):
            if any(_is_role(w) for w in piece.split()) and found:
                break
            if name := clean_author(piece, outlets, trusted, strict):
                found.append(name)
            elif strict and not found and piece.strip():
                break
        if any(" " in p for p in found):
            found = [p for p in found if " " in p or not p.isascii()]
        for name in found:
            if _norm(name) not in seen:
                seen.add(_norm(name))
                out.append(name)
    return out


def byline_names(line: str) -> list[str] | None:
    """The names of a byline line ("Original Author: X", "By X and Y"), or None if it is
    not one. A line that starts like a byline but names nobody ("By the end of the
    year, ...") is not one."""
    m = BYLINE_RE.match(line)
    if not m:
        return None
    names = clean_authors([m["names"]], strict=True)
    return names or None


def signature_names(
    line: str, outlet_names: Iterable[str] = (), known: Iterable[str] = ()
) -> list[str] | None:
    """The names of an end-of-article signature, or None. Only for the last line of an
    article, and only when it is evidently one: a dash before the names ("— Алина
    Есеналина"), a place or an outlet after them ("Ruslan Loginov, Astana", "Данияр
    Омаров (Алматы)"), several names, or names the page gives elsewhere (*known*). A
    bare short line of capitalised words is as likely a closing sentence."""
    if (found := byline_names(line)) is not None:
        return found
    m = _SIGNATURE_RE.match(line.strip())
    if not m:
        return None
    text = m["names"] or m["bare"]
    if re.search(r"[!?…:]$", text.strip()):
        return None  # a sentence or a heading, not a signature
    bare = text.strip().rstrip(".")
    text = _SIGNATURE_TAIL.sub("", bare)
    names = clean_authors([text], outlet_names, strict=True)
    if not names or not all(2 <= len(n.split()) <= 4 and _cased(n) for n in names):
        return None  # in a script without case, a short line is as likely a sentence
    evident = bool(m["names"]) or text != bare or "," in text or len(names) > 1
    if not evident and not {_norm(n) for n in names} <= {_norm(k) for k in known}:
        return None
    return names
