"""Date expressions: find them in text and resolve them to absolute ISO values.

Every date expression becomes a :class:`~dossier.model.DateMention` whose value
keeps the precision the text gives: ``"YYYY-MM-DD"`` (day), ``"YYYY-MM"``
(month) or ``"YYYY"`` (year). Relative expressions ("last June", "Friday",
"two years ago") are counted from an *anchor*: the nearest date line above them
(a line that is only a date, as at the head of each article of a blog
compilation), else the document's date. Without an anchor they keep value
``None``: nothing is invented.

All the words (month and weekday names, cues, relative phrases, the nouns that
make a number a quantity rather than a year) live in ``data/dates.yaml``; they
are compiled once, at import, into one regular expression, and a text is read in
a single pass over its matches.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from dossier.extract.regexes import plain_case, trie
from dossier.model import DateMention

__all__ = ["anchor_at", "document_date", "extract_dates", "find_date_lines"]

DATA_FILE = Path(__file__).with_name("data") / "dates.yaml"

_RANK = {"year": 0, "month": 1, "day": 2}
_PRECISIONS = ("year", "month", "day")

# A (year, month, day) triple; month and day are None below the precision.
Ymd = tuple[int, int | None, int | None]
# What a handler returns: value, rule, and span start/end when not the match's.
Result = tuple[Ymd | None, str, int | None, int | None]


# --------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------


# patterns used per call, compiled once
_ISO_PREFIX = re.compile(r"\s*((?:1[0-9]|20)\d\d)(?:[-/](\d{1,2})(?:[-/](\d{1,2}))?)?")


def _alt(words: Iterable[str]) -> str:
    """A regex alternation of words, longest first; spaces match any whitespace."""
    out = []
    for w in sorted(set(words), key=lambda s: (-len(s), s)):
        out.append(re.escape(w).replace(r"\ ", r"\s+").replace(" ", r"\s+"))
    return "(?:" + "|".join(out) + ")"


def _cased(words: Iterable[str]) -> set[str]:
    """Each phrase as written, lower case, Capitalised, Title Case and UPPER CASE."""
    out = set()
    for w in words:
        w = " ".join(str(w).split())
        low = w.lower()
        out |= {w, low, low[:1].upper() + low[1:], low.title(), low.upper()}
    return out


def _words(words: Iterable[str]) -> str:
    """A trie of the phrases in every usual casing, ending at a word boundary."""
    return "(?:" + trie(_cased(words), flexible_space=True) + r")(?!\w)"


_plain_case = plain_case  # see :func:`dossier.extract.regexes.plain_case`


def _precision(v: Ymd) -> str:
    return "day" if v[2] is not None else "month" if v[1] is not None else "year"


def _iso(v: Ymd) -> str:
    y, m, d = v
    if m is None:
        return f"{y:04d}"
    if d is None:
        return f"{y:04d}-{m:02d}"
    return f"{y:04d}-{m:02d}-{d:02d}"


def _truncate(v: Ymd, precision: str) -> Ymd:
    if precision == "year":
        return (v[0], None, None)
    if precision == "month":
        return (v[0], v[1], None)
    return v


def _coarsest(*precisions: str) -> str:
    return min(precisions, key=_RANK.__getitem__)


def _valid(y: int, m: int, d: int | None) -> bool:
    if not 1 <= m <= 12:
        return False
    if d is None:
        return True
    try:
        date(y, m, d)
    except ValueError:
        return False
    return True


def _parse_iso(s: str | None) -> Ymd | None:
    """ "2017-07-31", "2017-07", "2017" (or with a time after) as a triple."""
    if not s:
        return None
    m = _ISO_PREFIX.match(str(s))
    if not m:
        return None
    y = int(m.group(1))
    mo = int(m.group(2)) if m.group(2) else None
    d = int(m.group(3)) if m.group(3) else None
    if mo is not None and not _valid(y, mo, d):
        return None
    return (y, mo, d)


def _month_add(y: int, m: int, k: int) -> tuple[int, int]:
    n = y * 12 + (m - 1) + k
    return n // 12, n % 12 + 1


def _first_class(pattern: str) -> re.Pattern[str] | None:
    """A one-character pattern for the characters a match of ``pattern`` can begin
    with, or None when that cannot be told (any character may, or the match may
    be empty). Built from the parsed pattern and matched by the regex engine
    itself, so a case-insensitive part ("(?i:May)") admits what re.I admits."""
    try:
        from re import _parser  # type: ignore[attr-defined]

        found, empty = _first_atoms(_parser.parse(pattern), False)
    except Exception:  # an unexpected parse tree: no shortcut
        return None
    if found is None or empty or not found:
        return None
    plain = "".join(a for a, ci in found if not ci)
    folded = "".join(a for a, ci in found if ci)
    parts = ([f"[{plain}]"] if plain else []) + ([f"(?i:[{folded}])"] if folded else [])
    try:
        return re.compile("|".join(parts))
    except re.error:
        return None


_CATEGORY_CLASS = {
    "CATEGORY_DIGIT": r"\d",
    "CATEGORY_NOT_DIGIT": r"\D",
    "CATEGORY_SPACE": r"\s",
    "CATEGORY_NOT_SPACE": r"\S",
    "CATEGORY_WORD": r"\w",
    "CATEGORY_NOT_WORD": r"\W",
}


def _first_atoms(items: Any, ci: bool) -> tuple[set[tuple[str, bool]] | None, bool]:
    """(the first characters of a parsed sequence, as character-class items each with
    whether it is case-insensitive; whether the sequence can match empty)."""
    out: set[tuple[str, bool]] = set()
    for op, av in items:
        name = str(op)
        empty = False
        if name in ("AT", "ASSERT", "ASSERT_NOT"):
            continue  # zero-width: the next item begins the match
        if name == "LITERAL":
            found: set[tuple[str, bool]] | None = {(re.escape(chr(av)), ci)}
        elif name == "IN":
            found = set()
            for o, a in av:
                o = str(o)
                if o == "LITERAL":
                    found.add((re.escape(chr(a)), ci))
                elif o == "RANGE":
                    found.add((f"{re.escape(chr(a[0]))}-{re.escape(chr(a[1]))}", ci))
                elif o == "CATEGORY" and str(a) in _CATEGORY_CLASS:
                    found.add((_CATEGORY_CLASS[str(a)], ci))
                else:
                    return None, False  # a negated set ...: any character may
        elif name == "SUBPATTERN":
            _, add, delete, sub = av
            if (add | delete) & ~re.IGNORECASE:
                return None, False
            inner = (ci or bool(add & re.IGNORECASE)) and not delete & re.IGNORECASE
            found, empty = _first_atoms(sub, inner)
        elif name == "BRANCH":
            found = set()
            for branch in av[1]:
                chars, e = _first_atoms(branch, ci)
                if chars is None:
                    return None, False
                found |= chars
                empty = empty or e
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            found, e = _first_atoms(av[2], ci)
            empty = e or av[0] == 0
        else:
            return None, False  # any character, a group referred back to ...
        if found is None:
            return None, False
        out |= found
        if not empty:
            return out, False
    return out, True


# --------------------------------------------------------------------------
# The grammar, built once from the data file
# --------------------------------------------------------------------------


class _Grammar:
    """Compiled patterns and look-up tables made from ``dates.yaml``."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.month_of: dict[str, int] = {}
        full_months, abbr_months = [], []
        for num, names in data["months"].items():
            for i, name in enumerate(names):
                self.month_of[name.lower()] = int(num)
                forms = {name, name.upper()}
                (full_months if i == 0 else abbr_months).extend(forms)
        self.weekday_of: dict[str, int] = {}
        full_days, abbr_days = [], []
        for num, names in data["weekdays"].items():
            for i, name in enumerate(names):
                self.weekday_of[name.lower()] = int(num)
                forms = {name, name.upper()}
                (full_days if i == 0 else abbr_days).extend(forms)
        self.no_cue_months = {self.month_of[n.lower()] for n in data["months_without_cue"]}

        def t(words: Iterable[str]) -> str:  # phrases in every casing, as a trie
            return "(?:" + trie(_cased(words), flexible_space=True) + ")"

        month_full = "(?:" + trie(full_months, flexible_space=True) + r")\b"
        month_any = rf"(?:{month_full}|(?:{trie(abbr_months, flexible_space=True)})(?:\.|\b))"
        day_full = "(?:" + trie(full_days, flexible_space=True) + r")\b"
        day_any = rf"(?:{day_full}|(?:{trie(abbr_days, flexible_space=True)})(?:\.|\b))"
        dayparts = _words(data["day_parts"])
        adjs = t(data["period_adjectives"])
        nouns = t(data["period_nouns"])
        seasons = t(data["seasons"])
        num_words = rf"(?:{t(data['numbers'])}|\d{{1,3}})"
        steps = t(data["relative_steps"])
        this_last_next = t(["this", "last", "next"])
        the = t(["the"])
        self.number_of = {k.lower(): int(v) for k, v in data["numbers"].items()}
        self.relative_days = {
            " ".join(k.lower().split()): v for k, v in data["relative_days"].items()
        }
        self.following_day = {
            " ".join(k.lower().split()): v for k, v in data["following_day"].items()
        }
        self.narrative_year = {
            " ".join(k.lower().split()): v for k, v in data["narrative_year"].items()
        }
        self.steps = {k.lower(): int(v) for k, v in data["relative_steps"].items()}
        self.future_weight = float(data.get("future_weight", 6.0))
        self.future_weight_cue = float(data.get("future_weight_with_cue", 1.0))
        self.cross_year_days = int(data.get("narrative_cross_year_days", 75))
        self.default_day_first = bool(data.get("default_day_first", True))
        self.line_max = int(data.get("date_line_max_chars", 80))
        self.top_chars = int(data.get("document_date_within", 1500))

        def year(p: str) -> str:
            return rf"(?P<{p}y>(?:19|20)\d\d)(?!\d|s\b)"

        def day(p: str) -> str:
            return rf"(?P<{p}d>[0-3]?\d)(?:st|nd|rd|th|t|d)?\b"

        def month(p: str) -> str:
            return rf"(?P<{p}m>{month_any})"

        def wd(p: str) -> str:
            # an optional weekday before an explicit date: "Tuesday Oct. 17"
            return rf"(?:(?P<{p}w>{day_any})(?:\s+{dayparts})?,?\s+(?:the\s+)?)?"

        def rel_year(p: str) -> str:
            return rf"(?:,?\s+(?:of\s+)?(?P<{p}r>{this_last_next})\s+{t(['year'])}\b)?"

        month_mod = rf"(?:{adjs}(?:-|\s+)|(?:{the}\s+)?{nouns}\s+of\s+)"
        year_mod = rf"(?:(?:{adjs}|{seasons})(?:-|\s+)(?:of\s+)?|(?:{the}\s+)?(?:{nouns}|{seasons})\s+of\s+)"
        tail = r"(?![\dA-SU-Za-z_]|[-/.]\d)"

        def explicit(p: str) -> list[str]:
            return [
                rf"(?P<{p}iso>(?P<{p}iso_y>(?:19|20)\d\d)(?P<{p}iso_s>[-/])(?P<{p}iso_m>[01]?\d)"
                rf"(?P={p}iso_s)(?P<{p}iso_d>[0-3]?\d){tail})",
                rf"(?P<{p}num>{wd(p + 'num_')}(?P<{p}num_a>[0-3]?\d)(?P<{p}num_s>[-/.])"
                rf"(?P<{p}num_b>[01]?\d)(?P={p}num_s)(?P<{p}num_y>(?:19|20)\d\d){tail})",
                rf"(?P<{p}dmy>{wd(p + 'dmy_')}{day(p + 'dmy_')}(?:\s+of\s+|\s+|-){month(p + 'dmy_')}"
                rf"(?:,?\s+|-){year(p + 'dmy_')})",
                rf"(?P<{p}mdy>{wd(p + 'mdy_')}{month(p + 'mdy_')}\s*{day(p + 'mdy_')},?\s+{year(p + 'mdy_')})",
            ]

        alternatives = explicit("") + [
            rf"(?P<dm>{wd('dm_')}{day('dm_')}(?:\s+of)?\s+{month('dm_')}{rel_year('dm_')})",
            rf"(?P<md>{wd('md_')}{month('md_')}\s*{day('md_')}(?![:.]\d|%){rel_year('md_')})",
            rf"(?P<my>(?P<my_mod>{month_mod})?{month('my_')}"
            rf"(?:,?\s+(?:of\s+)?(?:{year('my_')}|(?P<my_r>{this_last_next})\s+{t(['year'])}\b)))",
            rf"(?P<yr>{year('yr_')}\s*[-–—/]\s*(?P<yr_e>(?:19|20)\d\d|\d\d){tail})",
            rf"(?P<ym>(?P<ym_mod>{year_mod}){year('ym_')})",
            rf"(?P<y>{year('y_')})",
            rf"(?P<cm>(?:(?P<cm_p>{t(data['month_prepositions'])})\s+)?"
            rf"(?P<cm_core>(?:(?P<cm_r>{steps})\s+|(?P<cm_mod>{month_mod}))?"
            rf"(?P<cm_m>{month_full}))"
            rf"(?!,?\s+(?:of\s+)?(?:\d|{this_last_next}\s+{t(['year'])}\b)))",
            rf"(?P<wd>(?:(?P<wd_r>{steps})\s+)?(?P<wd_w>{day_full})(?:\s+{dayparts})?)",
            rf"(?P<rd>{_words(data['relative_days'])})",
            rf"(?P<rp>(?:{t(['earlier', 'later'])}\s+)?(?P<rp_s>{steps}|{t(['this past'])})"
            rf"\s+(?P<rp_u>{_words(data['relative_units'])}))",
            rf"(?P<ago>(?P<ago_n>{num_words})(?:\s+or\s+(?P<ago_n2>{num_words}))?\s+"
            rf"(?P<ago_u>{t(data['ago_units'])})(?:s|S)?\s+{_words(['ago'])})",
            rf"(?P<fd>{_words(data['following_day'])}|(?P<fd_n>{num_words})\s+{t(['day'])}(?:s|S)?\s+"
            rf"(?P<fd_x>{_words(['later', 'earlier'])}))",
            rf"(?P<ny>{_words(data['narrative_year'])})",
        ]
        self.master = re.compile(r"(?<![\w/$€£#.\-])(?:" + "|".join(alternatives) + ")")
        # At a letter only the alternatives that can begin with it are tried (in the same
        # order, so the same one wins): see :meth:`_master_for`.
        self._alternatives = alternatives
        self._alt_first = [_first_class(a) for a in alternatives]
        self._master_by_char: dict[str, re.Pattern[str]] = {}
        self._master_by_choice: dict[tuple[int, ...], re.Pattern[str]] = {}
        # At a digit only the alternatives that can begin with one are tried (in the same
        # order, so the same one wins); the others begin with a word of the grammar.
        names = [re.match(r"\(\?P<(\w+)>", a).group(1) for a in alternatives]  # type: ignore[union-attr]
        digit_first = {"iso", "num", "dmy", "dm", "yr", "y", "ago", "fd"}
        word_lists = (
            "period_adjectives",
            "period_nouns",
            "seasons",
            "month_prepositions",
            "relative_steps",
            "relative_days",
            "narrative_year",
        )
        letters_only = all(str(w)[:1].isalpha() for k in word_lists for w in data[k])
        self.master_digit = (
            re.compile(
                r"(?<![\w/$€£#.\-])(?:"
                + "|".join(a for a, n in zip(alternatives, names, strict=True) if n in digit_first)
                + ")"
            )
            if letters_only and set(names) >= digit_first
            else self.master
        )
        # Where a match can start: a digit, or a word that begins one of the
        # alternatives (a month, a weekday, a cue...). Finding those first and
        # trying the master pattern only there is much faster than letting it
        # try every alternative at every word of the text.
        starts = ["the", "this", "earlier", "later"]
        for names in (*data["months"].values(), *data["weekdays"].values()):
            starts.extend(names)
        for key in (
            "period_adjectives",
            "period_nouns",
            "seasons",
            "month_prepositions",
            "relative_steps",
            "relative_days",
            "numbers",
            "following_day",
            "narrative_year",
        ):
            starts.extend(str(w) for w in data[key])
        first_words: set[str] | None = set()
        for w in starts:
            m = re.match(r"\w+", w.lower())
            if m is None or not m.group().isascii():
                first_words = None  # a phrase not starting with a plain word: no shortcut
                break
            first_words.add(m.group())
        self.master_starts = None
        self.master_starts_low: re.Pattern[str] | None = None
        if first_words:
            # Common function words ("the", "in", "a") start a date only before
            # another date word: every alternative they start goes on with white
            # space and a word of the grammar (a month, a noun like "end", a
            # number, the next word of a phrase such as "the day after").
            function = {str(w).lower() for w in data["month_prepositions"]} | {
                "the",
                "a",
                "an",
                "that",
            }
            function &= first_words
            nxt = set(first_words) | {"or", "day", "days", "ago", "later", "earlier"}
            for u in (*data["ago_units"], *data["relative_units"]):
                nxt |= {str(u).lower(), str(u).lower() + "s"}
            for w in starts:
                parts = re.findall(r"\w+", w.lower())
                if len(parts) > 1 and parts[0] in function:
                    nxt.add(parts[1])
            if all(w.isascii() for w in nxt):
                src = (
                    r"(?<![\w/$€£#.\-])(?:\d"
                    rf"|(?i:{trie(first_words - function, flexible_space=True)})(?!\w)"
                    rf"|(?P<fw>(?i:{trie(function, flexible_space=True)}))\s+(?:\d|(?i:{trie(nxt, flexible_space=True)})(?!\w)))"
                )
                self.master_starts = re.compile(src)
                # the same words case-sensitively, for a lower-cased text (faster)
                self.master_starts_low = re.compile(src.replace("(?i:", "(?:"))

        # Date lines: a line that is only an explicit date (day or month).
        time = (
            r"(?:\d{1,2}[:.]\d{2}(?::\d{2})?(?:\s*(?i:[ap]\.?m\.?))?|\d{1,2}\s*(?i:[ap]\.?m\.?))"
            r"(?:\s*\(?(?:[A-Z]{2,5}(?:[+-]\d{1,2})?|[+-]\d{2}:?\d{2})\)?)?"
        )
        line_dates = explicit("L") + [
            rf"(?P<Lmy>{month('Lmy_')},?\s+{year('Lmy_')})",
        ]
        prefixes = _alt(data["date_line_prefixes"])
        self.line = re.compile(
            rf"\s*(?:(?i:{prefixes})\s*:?\s*)?(?:{day_any},?\s+)?(?:{'|'.join(line_dates)})"
            rf"(?:\s*(?:,|(?i:at)|@|-|–|—|\|)?\s*{time})?\s*",
        )
        self.numeric = re.compile(
            r"(?<![\w/.\-])([0-3]?\d)([-/.])([01]?\d)\2(?:19|20)\d\d(?![\dA-SU-Za-z_]|[-/.]\d)"
        )
        self.paragraph = re.compile(r"\n[ \t\r]*\n|[.!?:;\"”’)\]][ \t]*\r?\n")
        self.sentence_end = re.compile(r"[.!?\n]")
        self.future = re.compile(rf"\b(?i:{_alt(data['future_cues'])})(?!\w)")
        self.past_verb = re.compile(rf"\b(?i:{_alt(data['past_verbs'])})\b")
        self.name_prefix = re.compile(rf"\b{_alt(data['weekday_name_prefixes'])}\s+$")
        self.future_window = int(data.get("future_cue_window", 60))

        # Guards for a year standing alone.
        self.year_not_after = re.compile(
            rf"(?:\b(?i:{_alt(w for w in data['year_not_after'] if w != '#')})\.?|[#$€£№])\s*$"
        )
        self.year_cue_before = re.compile(rf"\b(?i:{_alt(data['year_cue_before'])})[\s-]+$")
        self.year_number_before = re.compile(r"\d[\s.,:/-]?$")
        self.year_not_before = re.compile(
            rf"\s+(?:[\w-]+\s+)?(?i:{_alt(data['year_not_before'])})\b"
        )
        self.year_percent = re.compile(r"\s*(?:%|(?i:per\s*cent|percent)\b)")
        self.year_street = re.compile(rf"\s+[A-Z][\w'’-]*\s+{_alt(data['street_words'])}\b")
        self.year_phone = re.compile(r"[\s-]\d{3,}")
        self.number_before = re.compile(r"\d[.,]$")
        self.name_after = re.compile(rf"\s+(?i:{_alt(data['month_day_names'])})\b")

    def _master_for(self, char: str) -> re.Pattern[str]:
        """The master pattern with only the alternatives a match beginning with ``char``
        can take (all those whose first character cannot be told), in their order."""
        found = self._master_by_char.get(char)
        if found is None:
            choice = tuple(
                i for i, first in enumerate(self._alt_first) if first is None or first.match(char)
            )
            if len(choice) == len(self._alternatives):
                found = self.master
            else:
                found = self._master_by_choice.get(choice)
                if found is None:
                    body = "|".join(self._alternatives[i] for i in choice) or "(?!)"
                    found = re.compile(r"(?<![\w/$€£#.\-])(?:" + body + ")")
                    self._master_by_choice[choice] = found
            if len(self._master_by_char) < 1000:
                self._master_by_char[char] = found
        return found

    def matches(self, text: str) -> Iterator[re.Match[str]]:
        """``master.finditer(text)``, trying the master pattern only where a match can start."""
        if self.master_starts is None:
            yield from self.master.finditer(text)
            return
        search = self.master_starts.search
        where = text
        if self.master_starts_low is not None and _plain_case(text):
            # every non-ASCII character is caseless: the same words, found faster
            search = self.master_starts_low.search
            where = text.lower()
        match_digit = self.master_digit.match
        by_char = self._master_by_char
        pos = 0
        while True:
            c = search(where, pos)
            if c is None:
                return
            p = c.start()
            ch = text[p]
            if ch.isdigit():
                m = match_digit(text, p)
            else:
                master = by_char.get(ch) or self._master_for(ch)
                m = master.match(text, p)
            if m is None:
                # inside the first word no match can start (the look-behind)
                pos = c.end("fw") if c.group("fw") else c.end()
                continue
            yield m
            pos = m.end()

    def month_num(self, s: str) -> int:
        return self.month_of[s.rstrip(".").lower()]

    def weekday_num(self, s: str) -> int:
        return self.weekday_of[s.rstrip(".").lower()]


def _load(path: Path = DATA_FILE) -> _Grammar:
    """Read and check the data file; a broken file fails at import, not mid-text."""
    with path.open(encoding="utf-8") as f:
        data = yaml.safe_load(f)
    if sorted(int(k) for k in data["months"]) != list(range(1, 13)):
        raise ValueError(f"{path}: months must be numbered 1-12")
    if sorted(int(k) for k in data["weekdays"]) != list(range(7)):
        raise ValueError(f"{path}: weekdays must be numbered 0 (Monday) to 6")
    for key in ("relative_days", "following_day", "narrative_year", "relative_steps", "numbers"):
        bad = [k for k, v in data[key].items() if not isinstance(v, int) or isinstance(v, bool)]
        if bad:
            raise ValueError(f"{path}: {key} needs whole numbers, not {bad}")
    for key, value in data.items():
        if isinstance(value, list) and any(
            isinstance(w, bool) or not isinstance(w, (str, int)) for w in value
        ):
            raise ValueError(f"{path}: {key} has a non-word entry (quote yes/no/on/off)")
    return _Grammar(data)


_G = _load()


# --------------------------------------------------------------------------
# Explicit dates (stateless) and date lines
# --------------------------------------------------------------------------


@lru_cache(maxsize=16)
def _day_first(text: str) -> bool:
    """Whether the document writes numeric dates day first (27-12-2014)."""
    day_first = month_first = False
    for m in _G.numeric.finditer(text):
        a, b = int(m.group(1)), int(m.group(3))
        if a > 12 >= b:
            day_first = True
        elif b > 12 >= a:
            month_first = True
    if day_first != month_first:
        return day_first
    return _G.default_day_first


def _explicit(m: re.Match[str], form: str, text: str) -> Ymd | None:
    """The value of an explicit date with year; ``form`` names its groups."""

    def g(k: str) -> str:
        return m.group(f"{form}_{k}")

    kind = form.lstrip("L")
    if kind == "iso":
        y, mo, d = int(g("y")), int(g("m")), int(g("d"))
    elif kind == "num":
        a, b, y = int(g("a")), int(g("b")), int(g("y"))
        if a > 12:
            d, mo = a, b
        elif b > 12:
            mo, d = a, b
        elif _day_first(text):
            d, mo = a, b
        else:
            mo, d = a, b
    elif kind in ("dmy", "mdy"):
        y, mo, d = int(g("y")), _G.month_num(g("m")), int(g("d"))
    elif kind == "my":
        return (int(g("y")), _G.month_num(g("m")), None)
    else:  # pragma: no cover - forms are fixed
        return None
    return (y, mo, d) if _valid(y, mo, d) else None


@lru_cache(maxsize=16)
def _date_lines(text: str) -> tuple[tuple[int, str], ...]:
    out = []
    pos = 0
    for raw in text.splitlines(keepends=True):
        start, pos = pos, pos + len(raw)
        line = raw.rstrip("\r\n")
        if len(line.strip()) > _G.line_max or not any(map(str.isdigit, line)):
            continue
        m = _G.line.fullmatch(line)
        if not m:
            continue
        form = next(k for k in ("Liso", "Lnum", "Ldmy", "Lmdy", "Lmy") if m.group(k))
        v = _explicit(m, form, text)
        if v is not None:
            out.append((start + len(line) - len(line.lstrip()), _iso(v)))
    return tuple(out)


def find_date_lines(text: str) -> list[tuple[int, str]]:
    """Offsets and ISO values of lines that are only a date.

    A date line ("27-12-2014", "July 31, 2017", "Posted on 19 October 2016",
    "October 19, 2016 at 3:02 pm") anchors the text that follows it: a
    compilation of several dated articles resolves each part against its own
    date line. The offset is that of the line's first non-blank character.
    """
    return list(_date_lines(text))


def _document_date(
    text: str, published: str | None, lines: tuple[tuple[int, str], ...]
) -> str | None:
    p = _parse_iso(published)
    if p is not None:
        return _iso(p)
    if lines and lines[0][0] <= _G.top_chars:
        return lines[0][1]
    return None


def document_date(text: str, published: str | None = None) -> str | None:
    """The document's date: ``published`` if given, else the first date line
    near the top, else None."""
    return _document_date(text, published, _date_lines(text))


def anchor_at(text: str, offset: int, published: str | None) -> str | None:
    """The date that anchors relative expressions at ``offset``: the nearest
    preceding date line, else the document date."""
    lines = _date_lines(text)
    i = bisect.bisect_right([o for o, _ in lines], offset) - 1
    if i >= 0:
        return lines[i][1]
    return _document_date(text, published, lines)


# --------------------------------------------------------------------------
# Resolution: one pass over the matches, with the state of the current part
# --------------------------------------------------------------------------


class _Reader:
    def __init__(self, text: str, published: str | None) -> None:
        self.text = text
        self.lines = _date_lines(text)
        self.line_offsets = [o for o, _ in self.lines]
        self.doc_anchor = _parse_iso(_document_date(text, published, self.lines))
        self.part = -2  # index of the date line above the current match
        self.anchor: Ymd | None = None
        self._reset()

    def _reset(self) -> None:
        self.last_day: Ymd | None = None  # latest day-precision value in the part
        self.last_year: int | None = None  # latest written year in the part
        self.narrative: tuple[int, Ymd] | None = None  # (end offset, value) of it
        self.weekday_dates: dict[int, Ymd] = {}  # "Tuesday Oct. 17" -> Tuesday

    def _enter(self, offset: int) -> None:
        i = bisect.bisect_right(self.line_offsets, offset) - 1
        if i != self.part:
            self.part = i
            self.anchor = _parse_iso(self.lines[i][1]) if i >= 0 else self.doc_anchor
            self._reset()

    # -- year choice for a month or month-day without a year ---------------

    def _narrative(self, start: int) -> Ymd | None:
        """The date written earlier in the same paragraph, if any."""
        if self.narrative is None:
            return None
        end, v = self.narrative
        if _G.paragraph.search(self.text, end, start):
            return None
        return v

    def _future_cue(self, start: int) -> bool:
        """Whether the sentence before ``start`` speaks of the future ("will")."""
        t = self.text
        lo = max(0, start - _G.future_window)
        for sent in _G.sentence_end.finditer(t, lo, start):
            lo = sent.end()  # only the sentence the date is in
        cues = list(_G.future.finditer(t, lo, start))
        return bool(cues) and _G.past_verb.search(t, cues[-1].end(), start) is None

    def _year_for(self, mo: int, d: int | None, start: int) -> int | None:
        """The year of a month or month-day written without one.

        From a date written earlier in the same paragraph: its year, or the
        year next to it when that is only a few weeks away across New Year
        ("December 28, 2013 ... January 3"). Else from the anchor: the closest
        year, a future date counting ``future_weight`` times its distance
        unless the sentence speaks of the future. Else None.
        """
        ref = self._narrative(start)
        if ref is not None:
            if ref[1] is None:
                return ref[0]
            rd = date(ref[0], ref[1], ref[2] or 15)
            for cy in (ref[0] - 1, ref[0] + 1):
                if not _valid(cy, mo, d):
                    continue
                if abs((date(cy, mo, d or 15) - rd).days) <= _G.cross_year_days:
                    return cy
            return ref[0]
        a = self.anchor
        if a is None:
            return None
        if a[1] is None:
            return a[0]
        weight = _G.future_weight_cue if self._future_cue(start) else _G.future_weight
        ad = date(a[0], a[1], a[2] or 15)
        best, best_score = None, None
        for cy in (a[0] - 1, a[0], a[0] + 1):
            if not _valid(cy, mo, d):
                continue
            delta = (date(cy, mo, d or 15) - ad).days
            score = delta * weight if delta > 0 else -delta
            if best_score is None or score < best_score:
                best, best_score = cy, score
        return best

    def _from_anchor(self, need: str, fn) -> tuple[Ymd | None, str]:
        """Apply ``fn`` to the anchor as a date; truncate to what the anchor knows."""
        a = self.anchor
        if a is None:
            return None, need
        ap = _precision(a)
        ad = date(a[0], a[1] or 7, a[2] or (15 if a[1] else 1))
        v = fn(ad)
        if isinstance(v, date):
            v = (v.year, v.month, v.day)
        return _truncate(v, _coarsest(need, ap)), need

    # -- the handlers -------------------------------------------------------

    def read(self) -> list[DateMention]:
        out: list[DateMention] = []
        text = self.text
        for m in _G.matches(text):
            kind = m.lastgroup
            assert kind is not None
            self._enter(m.start())
            res = getattr(self, "_" + kind)(m)
            if res is None:
                continue
            value, rule, start, end = res
            if start is None:
                start = m.start()
            if end is None:
                end = m.end()
            prec = _precision(value) if value is not None else None
            if value is not None and prec == "day":
                self.last_day = value
            out.append(
                DateMention(
                    start=start,
                    end=end,
                    text=text[start:end],
                    value=_iso(value) if value is not None else None,
                    precision=prec,
                    rule=rule,
                )
            )
        return out

    def _wrote_year(self, v: Ymd, end: int) -> None:
        self.last_year = v[0]
        self.narrative = (end, v)

    def _explicit_form(self, m: re.Match[str], form: str) -> Result | None:
        v = _explicit(m, form, self.text)
        if v is None:
            return None
        before = self.text[max(0, m.start() - 25) : m.start()]
        if _G.number_before.search(before) or _G.year_not_after.search(before):
            return None
        self._wrote_year(v, m.end())
        rule = form
        w = m.group(form + "_w") if form != "iso" else None
        if w:
            self.weekday_dates[_G.weekday_num(w)] = v
            rule = "weekday+" + form
        return v, rule, None, None

    def _iso(self, m):
        return self._explicit_form(m, "iso")

    def _num(self, m):
        return self._explicit_form(m, "num")

    def _dmy(self, m):
        return self._explicit_form(m, "dmy")

    def _mdy(self, m):
        return self._explicit_form(m, "mdy")

    def _month_day(self, m: re.Match[str], form: str) -> Result | None:
        if _G.number_before.search(self.text, max(0, m.start() - 2), m.start()):
            return None
        if _G.name_after.match(self.text, m.end()):
            return None  # "the March 14 Alliance": a name
        mo, d = _G.month_num(m.group(form + "_m")), int(m.group(form + "_d"))
        if not 1 <= d <= 31 or not _valid(2000, mo, d):  # 2000: a leap year
            return None
        r = m.group(form + "_r")
        if r:
            y = self.anchor[0] + _G.steps[r.lower()] if self.anchor else None
            rule = form + "-relyear"
        else:
            y = self._year_for(mo, d, m.start())
            rule = form
        v = (y, mo, d) if y is not None and _valid(y, mo, d) else None
        w = m.group(form + "_w")
        if w:
            rule = "weekday+" + rule
            if v is not None:
                self.weekday_dates[_G.weekday_num(w)] = v
        return v, rule, None, None

    def _dm(self, m):
        return self._month_day(m, "dm")

    def _md(self, m):
        return self._month_day(m, "md")

    def _my(self, m):
        mo = _G.month_num(m.group("my_m"))
        if m.group("my_y"):
            y = int(m.group("my_y"))
            self._wrote_year((y, mo, None), m.end())
            return (y, mo, None), "month-year", None, None
        r = m.group("my_r")
        if self.anchor is None:
            return None, "month-relyear", None, None
        return (self.anchor[0] + _G.steps[r.lower()], mo, None), "month-relyear", None, None

    def _yr(self, m):
        s = int(m.group("yr_y"))
        e_raw = m.group("yr_e")
        e = int(e_raw) if len(e_raw) == 4 else (s // 100) * 100 + int(e_raw)
        if e <= s:
            if len(e_raw) == 2 and 1 <= int(e_raw) <= 12 and "-" in m.group(0):
                # "2016-09": an ISO year-month, not a range
                self._wrote_year((s, int(e_raw), None), m.end())
                return (s, int(e_raw), None), "iso-month", None, None
            if not self._year_ok(m.start(), m.start() + 4):
                return None
            self._wrote_year((s, None, None), m.start() + 4)
            return (s, None, None), "year", None, m.start() + 4
        self._wrote_year((s, None, None), m.end())
        return (s, None, None), "year-range", None, None

    def _ym(self, m):
        y = int(m.group("ym_y"))
        self._wrote_year((y, None, None), m.end())
        return (y, None, None), "year-period", None, None

    def _year_ok(self, s: int, e: int) -> bool:
        t = self.text
        before = t[max(0, s - 25) : s]
        if _G.year_number_before.search(before) or _G.year_not_after.search(before):
            return False
        after = t[e : e + 40]
        if (
            _G.year_street.match(after)
            or _G.year_phone.match(after)
            or _G.year_percent.match(after)
        ):
            return False
        if _G.year_cue_before.search(before):
            return True
        return not _G.year_not_before.match(after)

    def _y(self, m):
        if not self._year_ok(m.start(), m.end()):
            return None
        y = int(m.group("y_y"))
        self._wrote_year((y, None, None), m.end())
        return (y, None, None), "year", None, None

    def _cm(self, m):
        mo = _G.month_num(m.group("cm_m"))
        r = m.group("cm_r")
        if not (m.group("cm_p") or r or m.group("cm_mod")) and mo not in _G.no_cue_months:
            return None
        start = m.start("cm_core")
        if r:
            step = _G.steps[r.lower()]
            a = self.anchor
            if a is None:
                return None, "month-relative", start, None
            am = a[1] or 7
            if step < 0:  # the most recent such month strictly before the anchor month
                y = a[0] if mo < am else a[0] - 1
            elif step == 0:
                y = a[0]
            else:  # the next such month strictly after the anchor month
                y = a[0] if mo > am else a[0] + 1
            return (y, mo, None), "month-relative", start, None
        y = self._year_for(mo, None, start)
        return ((y, mo, None) if y is not None else None), "month", start, None

    def _wd(self, m):
        t = self.text
        s = m.start()
        if _G.name_prefix.search(t, max(0, s - 12), s):
            return None
        wk = _G.weekday_num(m.group("wd_w"))
        r = (m.group("wd_r") or "").lower()
        step = _G.steps.get(r, 0) if r else None
        if step is None and wk in self.weekday_dates:
            return self.weekday_dates[wk], "weekday-named", None, None
        if step is None and self._future_cue(s):
            v, _ = self._from_anchor("month", lambda d: d)
            return v, "weekday-future", None, None

        def resolve(d: date) -> date:
            back = (d.weekday() - wk) % 7
            if step is None:
                return d - timedelta(days=back)
            if step < 0:
                return d - timedelta(days=back or 7)
            ahead = (wk - d.weekday()) % 7
            if step == 0:
                return d + timedelta(days=ahead)
            return d + timedelta(days=ahead or 7)

        v, _ = self._from_anchor("day", resolve)
        return v, "weekday", None, None

    def _rd(self, m):
        k = " ".join(m.group("rd").lower().split())
        n = _G.relative_days[k]
        v, _ = self._from_anchor("day", lambda d: d + timedelta(days=n))
        return v, "relative-day", None, None

    def _rp(self, m):
        s = " ".join(m.group("rp_s").lower().split())
        step = -1 if s == "this past" else _G.steps[s]
        unit = m.group("rp_u").lower()
        if unit in ("week", "weekend"):
            v, _ = self._from_anchor("month", lambda d: d + timedelta(days=7 * step))
        elif unit == "month":
            v, _ = self._from_anchor("month", lambda d: (*_month_add(d.year, d.month, step), None))
        else:
            v, _ = self._from_anchor("year", lambda d: (d.year + step, None, None))
        return v, "relative-" + unit.replace("weekend", "week"), None, None

    def _ago(self, m):
        n = self._number(m.group("ago_n"))
        need = {"day": "day", "week": "month", "month": "month", "year": "year"}
        unit = m.group("ago_u").lower()
        prec = need[unit]
        if m.group("ago_n2"):  # "two or three months ago": the earlier, one step coarser
            n = max(n, self._number(m.group("ago_n2")))
            prec = _PRECISIONS[max(0, _RANK[prec] - 1)]
        if unit == "day":
            v, _ = self._from_anchor(prec, lambda d: d - timedelta(days=n))
        elif unit == "week":
            v, _ = self._from_anchor(prec, lambda d: d - timedelta(days=7 * n))
        elif unit == "month":
            v, _ = self._from_anchor(prec, lambda d: (*_month_add(d.year, d.month, -n), None))
        else:
            v, _ = self._from_anchor(prec, lambda d: (d.year - n, None, None))
        return v, "ago", None, None

    def _number(self, s: str) -> int:
        s = " ".join(s.lower().split())
        return int(s) if s.isdigit() else _G.number_of[s]

    def _fd(self, m):
        if m.group("fd_n"):
            n = self._number(m.group("fd_n"))
            n = n if m.group("fd_x").lower() == "later" else -n
        else:
            n = _G.following_day[" ".join(m.group("fd").lower().split())]
        base = self.last_day
        if base is None:
            return None, "following-day", None, None
        d = date(*base) + timedelta(days=n)  # type: ignore[arg-type]
        return (d.year, d.month, d.day), "following-day", None, None

    def _ny(self, m):
        n = _G.narrative_year[" ".join(m.group("ny").lower().split())]
        if self.last_year is None:
            return None, "narrative-year", None, None
        return (self.last_year + n, None, None), "narrative-year", None, None


def extract_dates(text: str, published: str | None = None) -> list[DateMention]:
    """Every date expression in text, resolved to an absolute value at its
    precision ("YYYY-MM-DD" day, "YYYY-MM" month, "YYYY" year), or value None
    when the text gives no anchor. Sorted by start offset."""
    return _Reader(text, published).read()
