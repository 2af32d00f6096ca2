"""Metadata from the top of a plain-text report.

Archives and scrapers often write a short ``Key: value`` block before the body
(``Title:``, ``URL:``, ``Source:``, ``Date:``, ``Author:``, ``Tags:``), and news
pages copied as text often start with a title line, a date line such as
``27-12-2014`` or ``April 23, 2015``, and sometimes the outlet's name on the line
after the date. :func:`parse_header` reads these from the first lines only and
never changes the text: the header stays part of the document, so offsets into
the text stay true.

The heuristics are deliberately conservative: a wrong outlet or date is worse
than none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

# ---------------------------------------------------------------------------
# Dates

_MONTHS: dict[str, int] = {}


def _add_months(names: str) -> None:
    for number, group in enumerate(names.split(";"), start=1):
        for name in group.split(","):
            _MONTHS[name.strip()] = number


# English, with abbreviations
_add_months(
    "january,jan;february,feb;march,mar;april,apr;may;june,jun;july,jul;"
    "august,aug;september,sept,sep;october,oct;november,nov;december,dec"
)
# French
_add_months(
    "janvier,janv;février,fevrier,févr,fevr;mars;avril,avr;mai;juin;juillet,juil;"
    "août,aout;septembre;octobre;novembre;décembre,decembre"
)
# Spanish
_add_months(
    "enero;febrero;marzo;abril;mayo;junio;julio;agosto;septiembre,setiembre;"
    "octubre;noviembre;diciembre"
)
# German
_add_months(
    "januar,jänner;februar;märz,maerz;april;mai;juni;juli;august;september;oktober;november;dezember"
)

_MONTH_RE = "|".join(sorted((re.escape(m) for m in _MONTHS), key=len, reverse=True))
_MONTH = rf"(?P<month>{_MONTH_RE})(?![^\W\d_])\.?"
_WEEKDAY = (
    r"(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|"
    r"lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|"
    r"lunes|martes|miércoles|miercoles|jueves|viernes|sábado|sabado|domingo|"
    r"montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag)\.?,?\s+)?"
)
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th|er|e|º)?\.?"
_YEAR = r"(?P<year>\d{4})(?!\d)"

_DATE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # 2015-04-23, 2015/04/23, 2015.04.23, with an optional ISO time
    (
        "ymd",
        re.compile(
            r"(?P<year>\d{4})(?P<sep>[-/.])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})(?!\d)"
            r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?",
        ),
    ),
    # 27-12-2014, 27.12.2014, 12/27/2014
    (
        "numeric",
        re.compile(r"(?P<a>\d{1,2})(?P<sep>[-/.])(?P<b>\d{1,2})(?P=sep)" + _YEAR),
    ),
    # 23 April 2015, 23rd of April, 2015, 23. April 2015, 23 de abril de 2015
    (
        "dmy",
        re.compile(
            _WEEKDAY + _DAY + r"\s+(?:of\s+|de\s+)?" + _MONTH + r",?\s+(?:de\s+)?" + _YEAR,
            re.IGNORECASE,
        ),
    ),
    # April 23, 2015, Thursday, April 23rd 2015
    (
        "mdy",
        re.compile(_WEEKDAY + _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR, re.IGNORECASE),
    ),
    # April 2015
    ("my", re.compile(_MONTH + r",?\s+(?:de\s+)?" + _YEAR, re.IGNORECASE)),
    # 2015-04 (values only)
    ("ym", re.compile(r"(?P<year>\d{4})-(?P<month>\d{2})(?![-\d])")),
    # 2015 (values only)
    ("y", re.compile(_YEAR)),
]

_LINE_KINDS = ("ymd", "numeric", "dmy", "mdy", "my")

# What may follow a date on a line of its own: a time, a zone, a byline.
_TIME_TAIL = re.compile(
    r"""\s*(?:[,|\-–—]|\bat\b|\bà\b)?\s*
    (?:\d{1,2}[:.h]\d{2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)?)?\s*
    (?:\(?(?:[A-Z]{2,5}|UTC|GMT)(?:\s?[+-]\s?\d{1,2}(?::?\d{2})?)?\)?)?\s*
    (?:\b[Bb]y\s+\S.{0,60})?\s*$""",
    re.VERBOSE,
)
_DATE_LINE_PREFIX = re.compile(
    r"^(?P<prefix>(?:posted|published|updated|last\s+updated|dated?|publié|mis\s+à\s+jour)"
    r"(?:\s+(?:on|le))?\s*:?\s*)?",
    re.IGNORECASE,
)


def _valid(year: int, month: int, day: int | None = None) -> bool:
    if not 1900 <= year <= 2100 or not 1 <= month <= 12:
        return False
    if day is None:
        return True
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _iso(year: int, month: int | None = None, day: int | None = None) -> str:
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def _from_match(kind: str, m: re.Match[str]) -> str | None:
    g = m.groupdict()
    year = int(g["year"])
    if kind == "numeric":
        a, b = int(g["a"]), int(g["b"])
        if a > 12 and _valid(year, b, a):
            return _iso(year, b, a)
        if b > 12 and _valid(year, a, b):
            return _iso(year, a, b)
        if not (_valid(year, b, a) or _valid(year, a, b)):
            return None
        if g["sep"] == "/":
            # 04/05/2015: day-first and month-first are both common; say only the year.
            return _iso(year) if 1900 <= year <= 2100 else None
        return _iso(year, b, a) if _valid(year, b, a) else None
    if kind == "y":
        return _iso(year) if 1900 <= year <= 2100 else None
    month_text = g["month"]
    month = int(month_text) if month_text.isdigit() else _MONTHS.get(month_text.lower())
    if month is None:
        return None
    day = int(g["day"]) if g.get("day") else None
    if not _valid(year, month, day):
        return None
    return _iso(year, month, day)


def _match_date_at_start(s: str, kinds: tuple[str, ...]) -> tuple[str, int] | None:
    for kind, pattern in _DATE_PATTERNS:
        if kind not in kinds:
            continue
        m = pattern.match(s)
        if m:
            iso = _from_match(kind, m)
            if iso:
                return iso, m.end()
    return None


def parse_date(value: Any) -> str | None:
    """An ISO date ("YYYY-MM-DD", "YYYY-MM" or "YYYY") from a metadata value.

    The date must start the value (after an optional weekday); what follows it
    (a time, a zone) is ignored. ``None`` when no date is recognised.
    """
    if value is None:
        return None
    s = str(value).strip()
    if not s:
        return None
    kinds = tuple(k for k, _ in _DATE_PATTERNS)
    found = _match_date_at_start(s, kinds)
    if found is None:
        return None
    iso, end = found
    # "2015" or "2015-04" must stand alone, not be the start of something else.
    if len(iso) < 10 and s[end:].strip() and not _TIME_TAIL.match(s[end:]):
        return None
    return iso


def parse_date_line(line: str) -> tuple[str, str] | None:
    """If ``line`` is a date on a line of its own, its ISO value and its prefix.

    Accepts an optional prefix ("Posted on", "Published", "Updated"), an optional
    weekday, and a trailing time, zone or byline. Day or month precision only.
    """
    s = line.strip()
    if not s or len(s) > 90:
        return None
    pm = _DATE_LINE_PREFIX.match(s)
    prefix = (pm.group("prefix") or "").strip().lower() if pm else ""
    rest = s[pm.end() :] if pm else s
    found = _match_date_at_start(rest, _LINE_KINDS)
    if found is None:
        return None
    iso, end = found
    if len(iso) < 7 or not _TIME_TAIL.match(rest[end:]):
        return None
    return iso, prefix


# ---------------------------------------------------------------------------
# Header lines

_KEYS: dict[str, str] = {
    "title": "title",
    "headline": "title",
    "url": "url",
    "link": "url",
    "source url": "url",
    "original url": "url",
    "permalink": "url",
    "source": "outlet",
    "outlet": "outlet",
    "publisher": "outlet",
    "publication": "outlet",
    "newspaper": "outlet",
    "site": "outlet",
    "site name": "outlet",
    "date": "published",
    "published": "published",
    "publication date": "published",
    "published on": "published",
    "date published": "published",
    "pubdate": "published",
    "posted": "published",
    "posted on": "published",
    "updated": "updated",
    "last updated": "updated",
    "author": "author",
    "authors": "author",
    "byline": "author",
    "by": "author",
    "writer": "author",
    "tags": "tags",
    "tag": "tags",
    "keywords": "tags",
    "categories": "tags",
    "category": "tags",
    "topics": "tags",
    "language": "language",
    "lang": "language",
}
_KV_LINE = re.compile(r"^(?P<key>[A-Za-z][A-Za-z ]{0,20}?)\s*:\s*(?P<value>\S.*?)\s*$")
_URL = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)

_LANGUAGE_NAMES = {
    "english": "en",
    "french": "fr",
    "français": "fr",
    "francais": "fr",
    "arabic": "ar",
    "spanish": "es",
    "español": "es",
    "german": "de",
    "deutsch": "de",
    "russian": "ru",
    "persian": "fa",
    "farsi": "fa",
    "kurdish": "ku",
    "turkish": "tr",
    "italian": "it",
    "portuguese": "pt",
    "ukrainian": "uk",
    "chinese": "zh",
    "urdu": "ur",
    "hebrew": "he",
}

# Page furniture copied with the text: not a title, not an outlet.
_CHROME = re.compile(
    r"""^(?:posted\s+(?:in|tagged|under|by)\b|tagged\b|filed\s+under\b|archives?\s+for\b|
    you\s+are\s+here\b|home\s*[»>›/|]|skip\s+to\b|share\b|print\b|e-?mail\b|tweet\b|
    a\+\s*a-|font\s+size\b|advertisement\b|read\s+more\b|comments?\b|related\b|
    subscribe\b|menu\b|log\s*in\b|sign\s+in\b)""",
    re.IGNORECASE | re.VERBOSE,
)
_BYLINE = re.compile(
    r"^[Bb][Yy]\s+(?P<name>[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|al|el|de|van|von|bin|and))*)"
    r"(?:\s*[,|/–—-].{0,80})?$"
)
_OUTLET_WORDS = {
    "news",
    "times",
    "post",
    "press",
    "agency",
    "herald",
    "journal",
    "tribune",
    "tv",
    "radio",
    "network",
    "daily",
    "gazette",
    "observer",
    "monitor",
    "media",
    "online",
    "today",
    "telegraph",
    "guardian",
    "independent",
    "review",
    "magazine",
    "express",
    "chronicle",
    "wire",
    "broadcasting",
    "channel",
    "weekly",
    "al",
    "al-",
    "reuters",
}
_OUTLET_SMALL_WORDS = {"the", "of", "al", "el", "de", "la", "le", "du", "for", "and", "&"}
_UI_WORDS = {
    "home",
    "share",
    "print",
    "email",
    "comments",
    "advertisement",
    "menu",
    "related",
    "tweet",
    "facebook",
    "twitter",
    "more",
    "subscribe",
    "login",
    "search",
    "video",
    "photos",
    "gallery",
    "top",
    "back",
    "next",
    "previous",
    "news",
    "world",
    "politics",
    "opinion",
    "analysis",
    "breaking",
    "update",
    "updated",
    "editorial",
    "exclusive",
}

_MAX_TOP_LINES = 15  # non-blank lines looked at
_FRONT_MATTER_LINES = 60


@dataclass(slots=True)
class HeaderInfo:
    """What the top of a text says about it. ``None`` where nothing was found."""

    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    author: str | None = None
    tags: list[str] = field(default_factory=list)
    language: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def set(self, key: str, value: Any) -> None:
        """Set a field if still unset (the first statement wins)."""
        if key == "tags":
            if not self.tags:
                self.tags = list(value)
        elif key in ("title", "url", "outlet", "published", "author", "language"):
            if getattr(self, key) is None and value:
                setattr(self, key, value)
        elif value and key not in self.extra:
            self.extra[key] = value


def _split_tags(value: str) -> list[str]:
    parts = re.split(r"\s*[,;|]\s*", value) if re.search(r"[,;|]", value) else [value]
    return [p.strip().strip("#").strip() for p in parts if p.strip().strip("#").strip()]


def _language_code(value: str) -> str | None:
    v = value.strip().lower()
    if re.fullmatch(r"[a-z]{2}(?:[-_][a-z]{2,4})?", v):
        return v[:2]
    return _LANGUAGE_NAMES.get(v)


def _apply_key(info: HeaderInfo, field_name: str, value: str) -> None:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        value = value[1:-1].strip()
    if not value:
        return
    if field_name == "outlet" and _URL.match(value):
        field_name = "url"
    if field_name == "published":
        iso = parse_date(value)
        if iso:
            info.set("published", iso)
        else:
            info.set("date_raw", value)
    elif field_name == "updated":
        info.set("updated", parse_date(value) or value)
    elif field_name == "tags":
        if value.startswith("[") and value.endswith("]"):
            value = value[1:-1]
        info.set("tags", [t.strip("\"'") for t in _split_tags(value)])
    elif field_name == "language":
        code = _language_code(value)
        if code:
            info.set("language", code)
    elif field_name == "title":
        info.set("title", value[:500])
    else:
        info.set(field_name, value)


def key_value(line: str) -> tuple[str, str] | None:
    """(field, value) if ``line`` is a recognised ``Key: value`` header line."""
    m = _KV_LINE.match(line.strip())
    if not m:
        return None
    key = " ".join(m.group("key").lower().split())
    field_name = _KEYS.get(key)
    if field_name is None:
        return None
    return field_name, m.group("value")


def _strip_closing(s: str) -> str:
    return s.rstrip("\"'”’»)]* ").rstrip()


def _is_title_line(line: str) -> bool:
    words = line.split()
    if not 2 <= len(words) <= 30 or len(line) > 250:
        return False
    if not (line[0].isupper() or line[0].isdigit() or line[0] in "\"'“‘«"):
        return False
    core = _strip_closing(line)
    return bool(core) and core[-1] not in ".,;:" and not _URL.match(line)


def _looks_like_body(line: str) -> bool:
    return len(line) > 200 or len(line.split()) >= 25


def _is_outlet_line(line: str) -> bool:
    if len(line) > 40 or ":" in line or _URL.match(line):
        return False
    if _strip_closing(line) != line or line[-1] in ".,;!?":
        return False
    words = line.split()
    if not 1 <= len(words) <= 5:
        return False
    lowered = [w.lower() for w in words]
    if any(w in _UI_WORDS for w in lowered) and len(words) == 1:
        return False
    if lowered[0] == "by" or any(w in {"home", "share", "print", "menu"} for w in lowered):
        return False
    for w in words:
        if not (w[0].isupper() or w[0].isdigit() or w.lower() in _OUTLET_SMALL_WORDS):
            return False
    if sum(c.isalpha() for c in line) < 2:
        return False
    if len(words) == 1:
        return True
    # Two or more capitalised words may as well be a person's name: ask for a
    # word that newspapers and channels use, or an acronym.
    return any(
        w.lower().strip("-") in _OUTLET_WORDS or w.lower().startswith("al-") for w in words
    ) or any(len(w) >= 2 and w.isupper() and w.isalpha() for w in words)


def _front_matter(lines: list[str], start: int, info: HeaderInfo) -> int:
    """Parse a ``---`` YAML-like front matter block; the index after it."""
    for j in range(start + 1, min(len(lines), start + _FRONT_MATTER_LINES)):
        if lines[j].strip() in ("---", "..."):
            for line in lines[start + 1 : j]:
                kv = key_value(line)
                if kv:
                    _apply_key(info, *kv)
            return j + 1
    return start


def parse_header(text: str) -> HeaderInfo:
    """Title, URL, outlet, date, author and tags stated at the top of ``text``."""
    info = HeaderInfo()
    lines = [ln.rstrip("\r") for ln in text[:8000].split("\n")][:120]
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i < len(lines) and lines[i].strip() == "---":
        i = _front_matter(lines, i, info)

    def next_nonblank(k: int) -> str | None:
        for line in lines[k + 1 :]:
            if line.strip():
                return line.strip()
        return None

    def next_is_blank(k: int) -> bool:
        return k + 1 >= len(lines) or not lines[k + 1].strip()

    seen = 0
    content_seen = False
    date_index: int | None = None
    for k in range(i, len(lines)):
        line = " ".join(lines[k].split())
        if not line:
            continue
        seen += 1
        if seen > _MAX_TOP_LINES:
            break
        kv = key_value(line)
        if kv:
            _apply_key(info, *kv)
            continue
        dl = parse_date_line(line)
        if dl:
            iso, prefix = dl
            if "updat" in prefix or "mis" in prefix:
                info.set("updated", iso)
            elif info.published is None:
                info.published = iso
                date_index = k
            continue
        if _CHROME.match(line):
            continue
        after = next_nonblank(k)
        if not content_seen and after and len(after) < len(line) and line.endswith(" " + after):
            # A breadcrumb trail ending with the headline ("Home News Region Headline").
            continue
        if date_index is not None and k == date_index + 1 and info.outlet is None:
            following = lines[k + 1].strip() if k + 1 < len(lines) else ""
            if _is_outlet_line(line) and (
                not following
                or key_value(following)
                or _CHROME.match(following)
                or parse_date_line(following)
            ):
                info.outlet = line
                continue
        bm = _BYLINE.match(line)
        if bm and len(line) <= 100:
            info.set("author", bm.group("name").strip())
            continue
        if not content_seen:
            content_seen = True
            nxt = next_nonblank(k)
            if _is_title_line(line) and (
                next_is_blank(k) or (nxt is not None and parse_date_line(nxt))
            ):
                info.set("title", line)
                continue
        if _looks_like_body(line):
            break
    return info
