"""Numbers: quantities that count people, forces, money, weapons or victims.

Reports state their figures in many shapes: "7,000", "1.2 million", "$500m",
"US$ 2 bn", "four", "a dozen", "some million civilians", "3,000 to 5,000
fighters", "at least 3,000 of the 12,000 Kurdish fighters". Most numbers in a
text count nothing of interest (years, dates, ages, distances, durations,
percentages, article numbers, list markers, model names), so a number is kept
only when something says what it counts:

* a counted noun after it ("7,000 fighters", "500 rockets", "four Sunni
  clerics"), found in the noun phrase that follows the number;
* a governing verb before it ("killed 4", "executed around 255 prisoners") or
  after its noun phrase ("4 people were killed", "2,000 families fled");
* a count subject before it ("the number of IRGC forces in Iraq now stands at
  7,000", "the death toll rose to 30");
* a currency ("$1 billion", "3 million dollars");
* an earlier victim count it belongs to ("killed 232 people, including 190
  former troops and 42 civilians").

A victim verb wins over a person noun ("190 soldiers were shot dead" is
``killed``). Vague quantities ("thousands", "dozens", "several hundred") have no
value and are not listed.

All the words live in ``data/numbers.yaml``; :func:`load_numbers_data` checks
its shape. The module finds candidates with one compiled regular expression
over the whole text, then looks at each candidate's neighbourhood with small
anchored expressions, so the cost grows with the text, not with the lexicon.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from dossier.extract.regexes import trie
from dossier.model import NUMBER_KINDS, Evidence, Number

DATA_PATH = Path(__file__).parent / "data" / "numbers.yaml"

VICTIM_KINDS = ("killed", "injured", "displaced", "detained", "executed")

__all__ = [
    "DATA_PATH",
    "NumbersData",
    "NumbersDataError",
    "extract_numbers",
    "load_numbers_data",
]


# --------------------------------------------------------------------------
# The data file and its schema


# patterns used per call, compiled once
_LETTERS = re.compile(r"[a-z]+", re.IGNORECASE)
_PARENS = re.compile(r"\([^)]*\)")
_NEXT_TOKEN = re.compile(r"\s+(\S+)")
_CURRENCY_START = re.compile(r"(?:US\s*\$|\$|€|£)\s*")
_HYPHEN_WORD = re.compile(r"-([a-z]+)(?![\w'’-])", re.I)
_COORD_GAP = re.compile(r"\s*(?:,\s*(?:and\s+)?|,?\s+and\s+|\s+as\s+well\s+as\s+)")
_BETWEEN_END = re.compile(r"\bbetween\s+$", re.I)
_DET_END = re.compile(r"(?:\b(?:the|a|an|its|their|his|her|our)|['’]s)\s+$", re.I)
_LIST_GAP_SHORT = re.compile(r"\s*(?:,\s*|,?\s+and\s+)")


class NumbersDataError(ValueError):
    """The numbers data file is malformed; the message names file, entry and field."""

    def __init__(self, path: str | Path, entry: str, field: str, problem: str) -> None:
        self.path = str(path)
        self.entry = entry
        self.field = field
        self.problem = problem
        super().__init__(f"{path}: entry {entry!r}, field {field!r}: {problem}")


@dataclass(frozen=True, slots=True)
class Currency:
    name: str
    kind: str
    label: str
    prefix: tuple[str, ...]
    suffix: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class KindWords:
    label: str
    nouns: tuple[str, ...]
    verbs: tuple[str, ...]


@dataclass(frozen=True)
class NumbersData:
    """The validated contents of ``numbers.yaml``."""

    path: str
    units: dict[str, int]
    tens: dict[str, int]
    multipliers: dict[str, float]
    fractions: dict[str, float]
    scale_abbreviations: dict[str, float]
    currencies: tuple[Currency, ...]
    approx_before: tuple[str, ...]
    approx_after: tuple[str, ...]
    range_separators: tuple[str, ...]
    kinds: dict[str, KindWords]
    noncount_units: tuple[str, ...]
    noncount_nouns: tuple[str, ...]
    label_prefixes: tuple[str, ...]
    year_range: tuple[int, int]
    year_prepositions: tuple[str, ...]
    one_not_a_count_after: tuple[str, ...]
    np_stop_words: tuple[str, ...]
    intransitive_verbs: tuple[str, ...]
    auxiliaries: tuple[str, ...]
    reach_verbs: tuple[str, ...]
    count_subjects: tuple[str, ...]
    inherit_cues: tuple[str, ...]
    force_size_compounds: tuple[str, ...]
    reporting_verbs: tuple[str, ...]
    verb_fillers: tuple[str, ...]


_TOP_FIELDS = {
    "version",
    "number_words",
    "scale_abbreviations",
    "currencies",
    "approximations",
    "range_separators",
    "kinds",
    "non_count",
    "np_stop_words",
    "intransitive_verbs",
    "auxiliaries",
    "reach_verbs",
    "count_subjects",
    "inherit_cues",
    "force_size_compounds",
    "reporting_verbs",
    "verb_fillers",
}


class _Checker:
    def __init__(self, path: str | Path) -> None:
        self.path = path

    def fail(self, entry: str, fld: str, problem: str) -> None:
        raise NumbersDataError(self.path, entry, fld, problem)

    def mapping(self, obj: Any, entry: str, fld: str) -> dict[str, Any]:
        if not isinstance(obj, dict):
            self.fail(entry, fld, f"must be a mapping, got {type(obj).__name__}")
        return obj

    def get(self, obj: dict[str, Any], entry: str, fld: str) -> Any:
        if fld not in obj:
            self.fail(entry, fld, "is missing")
        return obj[fld]

    def strings(self, obj: Any, entry: str, fld: str, allow_empty: bool = True) -> tuple[str, ...]:
        if not isinstance(obj, list):
            self.fail(entry, fld, f"must be a list of strings, got {type(obj).__name__}")
        if not obj and not allow_empty:
            self.fail(entry, fld, "must not be empty")
        out = []
        for i, item in enumerate(obj):
            if isinstance(item, bool) or not isinstance(item, str | int | float):
                self.fail(entry, f"{fld}[{i}]", f"must be a string, got {type(item).__name__}")
            s = str(item).strip()
            if not s:
                self.fail(entry, f"{fld}[{i}]", "must be a non-empty string")
            out.append(s)
        return tuple(out)

    def numbers(self, obj: Any, entry: str, fld: str) -> dict[str, float]:
        m = self.mapping(obj, entry, fld)
        out: dict[str, float] = {}
        for k, v in m.items():
            if not isinstance(k, str) or not k.strip():
                self.fail(entry, f"{fld}.{k}", "key must be a non-empty word")
            if isinstance(v, bool) or not isinstance(v, int | float) or v < 0:
                self.fail(entry, f"{fld}.{k}", f"must be a non-negative number, got {v!r}")
            out[k.strip().lower()] = v
        if not out:
            self.fail(entry, fld, "must not be empty")
        return out

    def kind(self, obj: Any, entry: str, fld: str) -> str:
        if obj not in NUMBER_KINDS:
            self.fail(
                entry, fld, f"unknown kind {obj!r}; expected one of {', '.join(NUMBER_KINDS)}"
            )
        return obj


def load_numbers_data(path: str | Path | None = None) -> NumbersData:
    """Read and check ``numbers.yaml`` (the packaged one by default).

    Raises :class:`NumbersDataError` naming the file, the entry and the field
    when the file is unreadable or malformed.
    """
    path = Path(path) if path is not None else DATA_PATH
    c = _Checker(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise NumbersDataError(path, "<file>", "<file>", f"cannot read: {e}") from None
    except yaml.YAMLError as e:
        raise NumbersDataError(path, "<file>", "<file>", f"invalid YAML: {e}") from None
    top = c.mapping(raw, "<root>", "<root>")
    for k in top:
        if k not in _TOP_FIELDS:
            c.fail("<root>", str(k), "unknown field")
    for k in sorted(_TOP_FIELDS):
        c.get(top, "<root>", k)
    if top["version"] != 1:
        c.fail("<root>", "version", f"unsupported version {top['version']!r} (expected 1)")

    nw = c.mapping(top["number_words"], "number_words", "number_words")
    units = c.numbers(c.get(nw, "number_words", "units"), "number_words", "units")
    tens = c.numbers(c.get(nw, "number_words", "tens"), "number_words", "tens")
    mult = c.numbers(c.get(nw, "number_words", "multipliers"), "number_words", "multipliers")
    fractions = c.numbers(c.get(nw, "number_words", "fractions"), "number_words", "fractions")
    abbr = c.numbers(top["scale_abbreviations"], "scale_abbreviations", "scale_abbreviations")

    currencies = []
    for name, spec in c.mapping(top["currencies"], "currencies", "currencies").items():
        entry = f"currencies.{name}"
        spec = c.mapping(spec, entry, "<entry>")
        for k in spec:
            if k not in ("kind", "label", "prefix", "suffix"):
                c.fail(entry, str(k), "unknown field")
        kind = c.kind(c.get(spec, entry, "kind"), entry, "kind")
        label = c.get(spec, entry, "label")
        if not isinstance(label, str) or not label.strip():
            c.fail(entry, "label", "must be a non-empty string")
        currencies.append(
            Currency(
                str(name),
                kind,
                label.strip(),
                c.strings(c.get(spec, entry, "prefix"), entry, "prefix"),
                c.strings(c.get(spec, entry, "suffix"), entry, "suffix"),
            )
        )

    ap = c.mapping(top["approximations"], "approximations", "approximations")
    approx_before = c.strings(c.get(ap, "approximations", "before"), "approximations", "before")
    approx_after = c.strings(c.get(ap, "approximations", "after"), "approximations", "after")

    kinds: dict[str, KindWords] = {}
    for name, spec in c.mapping(top["kinds"], "kinds", "kinds").items():
        entry = f"kinds.{name}"
        c.kind(name, entry, "<name>")
        spec = c.mapping(spec, entry, "<entry>")
        for k in spec:
            if k not in ("label", "nouns", "verbs"):
                c.fail(entry, str(k), "unknown field")
        label = c.get(spec, entry, "label")
        if not isinstance(label, str) or not label.strip():
            c.fail(entry, "label", "must be a non-empty string")
        nouns = c.strings(spec.get("nouns", []), entry, "nouns")
        verbs = c.strings(spec.get("verbs", []), entry, "verbs")
        if verbs and name not in VICTIM_KINDS:
            c.fail(entry, "verbs", f"only victim kinds ({', '.join(VICTIM_KINDS)}) take verbs")
        kinds[name] = KindWords(label.strip(), nouns, verbs)
    for k in NUMBER_KINDS:
        if k not in kinds:
            c.fail("kinds", k, "is missing")

    nc = c.mapping(top["non_count"], "non_count", "non_count")
    yr = c.get(nc, "non_count", "year_range")
    if (
        not isinstance(yr, list)
        or len(yr) != 2
        or not all(isinstance(y, int) and not isinstance(y, bool) for y in yr)
        or yr[0] > yr[1]
    ):
        c.fail("non_count", "year_range", "must be [first year, last year]")

    def strs(name: str) -> tuple[str, ...]:
        return c.strings(top[name], name, name, allow_empty=False)

    victim_verbs = {_norm(v) for k in VICTIM_KINDS for v in kinds[k].verbs}
    intransitive = strs("intransitive_verbs")
    for i, v in enumerate(intransitive):
        if _norm(v) not in victim_verbs:
            c.fail(
                "intransitive_verbs",
                f"intransitive_verbs[{i}]",
                f"{v!r} is not a verb of any victim kind",
            )

    return NumbersData(
        path=str(path),
        units={k: int(v) for k, v in units.items()},
        tens={k: int(v) for k, v in tens.items()},
        multipliers=mult,
        fractions=fractions,
        scale_abbreviations=abbr,
        currencies=tuple(currencies),
        approx_before=approx_before,
        approx_after=approx_after,
        range_separators=strs("range_separators"),
        kinds=kinds,
        noncount_units=c.strings(c.get(nc, "non_count", "units"), "non_count", "units"),
        noncount_nouns=c.strings(c.get(nc, "non_count", "nouns"), "non_count", "nouns"),
        label_prefixes=c.strings(
            c.get(nc, "non_count", "label_prefixes"), "non_count", "label_prefixes"
        ),
        year_range=(yr[0], yr[1]),
        one_not_a_count_after=c.strings(
            c.get(nc, "non_count", "one_not_a_count_after"), "non_count", "one_not_a_count_after"
        ),
        year_prepositions=c.strings(
            c.get(nc, "non_count", "year_prepositions"), "non_count", "year_prepositions"
        ),
        np_stop_words=strs("np_stop_words"),
        intransitive_verbs=intransitive,
        auxiliaries=strs("auxiliaries"),
        reach_verbs=strs("reach_verbs"),
        count_subjects=strs("count_subjects"),
        inherit_cues=strs("inherit_cues"),
        force_size_compounds=tuple(w.lower() for w in strs("force_size_compounds")),
        reporting_verbs=strs("reporting_verbs"),
        verb_fillers=strs("verb_fillers"),
    )


# --------------------------------------------------------------------------
# Compiled expressions

_W = r"[\w'’]"  # a word character for boundaries (apostrophes included)
_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
)


def _phrase(p: str) -> str:
    return r"\s+".join(re.escape(w) for w in p.split())


def _alt(phrases: Sequence[str], plural: bool = False) -> str:
    """The phrases as one alternation, longest first (the first that fits wins).

    Built as a character trie, which tries the same phrases in the same order (two
    phrases that fit at one place are prefixes of one another, and the trie tries
    the longer first) but fails much faster where none fits; a plain alternation
    when two characters of the phrases match each other regardless of case.
    """
    items = sorted({p.lower() for p in phrases}, key=lambda p: (-len(p), p))
    suffix = r"(?:s|es)?" if plural else ""
    flat = "|".join(_phrase(p) + (suffix if p[-1:].isalnum() else "") for p in items)
    chars = {c for p in items for c in p}
    for a in chars:
        for b in chars:
            if a != b and re.fullmatch(re.escape(a), b, re.IGNORECASE):
                return flat
    root: dict[str, dict] = {}
    for p in items:
        words = p.split()
        if not words:
            return flat
        node = root
        for ch in " ".join(words):
            node = node.setdefault(ch, {})
        node[""] = {"s": suffix if p[-1:].isalnum() else ""}

    def emit(node: dict[str, dict]) -> str:
        branches = []
        for ch in sorted(k for k in node if k):
            tok = r"\s+" if ch == " " else re.escape(ch)
            branches.append(tok + emit(node[ch]))
        if "" in node:
            branches.append(node[""]["s"])  # the phrase ends here: tried last
        if len(branches) == 1:
            return branches[0]
        return "(?:" + "|".join(branches) + ")"

    return "(?:" + emit(root) + ")" if root else flat


_PUNCT_LEFT = "([{“‘\"'"


def _last_word(window: str) -> str:
    """The last white-space separated token of ``window``, lower-cased."""
    parts = window.rsplit(None, 1)
    return parts[-1].lower().lstrip(_PUNCT_LEFT) if parts else ""


def _last_words(phrases: Sequence[str], plural: bool = False) -> frozenset[str]:
    out = set()
    for p in phrases:
        w = p.split()[-1].lower()
        out.add(w)
        if plural:
            out.update((w + "s", w + "es"))
    return frozenset(out)


def _norm(s: str) -> str:
    return " ".join(s.lower().split())


def _lookup(table: dict[str, str], word: str) -> str | None:
    key = _norm(word)
    if key in table:
        return table[key]
    if key.endswith("es") and key[:-2] in table:
        return table[key[:-2]]
    if key.endswith("s") and key[:-1] in table:
        return table[key[:-1]]
    return None


@dataclass
class _Rx:
    data: NumbersData
    master: re.Pattern[str]
    master_starts: re.Pattern[str] | None
    second: re.Pattern[str]
    label_prefix: re.Pattern[str]
    year_prep: re.Pattern[str]
    cur_prefix: re.Pattern[str]
    cur_suffix: re.Pattern[str]
    approx_before: re.Pattern[str]
    approx_after: re.Pattern[str]
    range_sep: re.Pattern[str]
    unit: re.Pattern[str]
    of_next: re.Pattern[str]
    run: re.Pattern[str]
    lexicon: re.Pattern[str]
    verb_before: re.Pattern[str]
    verb_after: re.Pattern[str]
    count_subject: re.Pattern[str]
    inherit: re.Pattern[str]
    aside: re.Pattern[str]
    noun_of: re.Pattern[str]
    them: re.Pattern[str]
    anaphoric: re.Pattern[str]
    included: re.Pattern[str]
    far_passive: re.Pattern[str]
    coord: re.Pattern[str]
    among: re.Pattern[str]
    not_one: re.Pattern[str]
    numbering: re.Pattern[str]
    aux_words: frozenset[str]
    last_label: frozenset[str]
    last_approx: frozenset[str]
    last_verb: frozenset[str]
    last_cur: frozenset[str]
    pp: re.Pattern[str]
    money_about: re.Pattern[str]
    reporting: re.Pattern[str]
    conj: re.Pattern[str]
    word_values: dict[str, float]
    intransitive: frozenset[str]
    noun_kind: dict[str, str] = field(default_factory=dict)
    verb_kind: dict[str, str] = field(default_factory=dict)
    prefix_currency: dict[str, Currency] = field(default_factory=dict)
    suffix_currency: dict[str, Currency] = field(default_factory=dict)


def _compile(d: NumbersData) -> _Rx:
    i = re.IGNORECASE
    word_values: dict[str, float] = {}
    word_values.update(d.units)
    word_values.update(d.tens)
    small = _alt(list(d.units) + list(d.tens))
    mult = _alt(list(d.multipliers))
    frac = _alt(list(d.fractions))
    abbr = "|".join(re.escape(a) for a in sorted(d.scale_abbreviations, key=len, reverse=True))
    big_mult = _alt([m for m in d.multipliers if d.multipliers[m] >= 1000])
    sep = r"(?:[ \t\u00a0]*-[ \t\u00a0]*|[ \t\u00a0]+(?:and[ \t\u00a0]+)?)"
    digits = (
        r"(?P<dig>\d{1,3}(?:,\d{3})+(?:\.\d+)?"
        rf"|\d{{1,3}}(?:\.\d{{3}})+(?![\d,])(?!\s?(?:{mult}|{abbr})\b)"
        r"|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d,.]\d)"
        r"|\d+(?:\.\d+)?)"
        rf"(?:\s?(?P<dscale>{mult})(?!{_W})|\s?(?P<dabbr>{abbr})(?![\w'’]))?"
    )
    words = (
        rf"(?P<words>(?:(?:{frac})\s+(?:of\s+)?an?\s+(?:{big_mult})"
        rf"|(?:an?|one)\s+(?:{mult})"
        rf"|(?:{small}))"
        rf"(?:{sep}(?:{small}|{mult}))*)"
    )
    skip = (
        r"(?P<skip>\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}(?!\d)"
        r"|\d{1,2}:\d{2}(?::\d{2})?"
        r"|\d+(?:st|nd|rd|th)(?![a-z])"
        rf"|(?-i:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th|t)?(?!\d)(?:,?\s+\d{{4}}(?!\d))?"
        rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?-i:{_MONTHS})(?![a-z])(?:\.?,?\s+\d{{4}}(?!\d))?"
        r"|\+\d[\d\s().-]{6,}\d)"
    )
    master = re.compile(
        rf"(?<![\w.,/#'’–-]){skip}"
        rf"|(?<![\w.,/#'’–-])(?:{digits})"
        rf"|(?<![\w'’-])(?:{words}|(?P<bare>{mult}))(?!{_W})",
        i,
    )
    # Where a master match can start: a digit, "+", or a word that begins one of
    # its alternatives (a number word, a multiplier, a fraction, a month). Trying
    # the master pattern only there gives the same matches, much faster.
    first_words = set()
    for w in [
        *d.units,
        *d.tens,
        *d.multipliers,
        *d.fractions,
        "a",
        "an",
        "one",
        *_MONTHS.split("|"),
    ]:
        fm = re.match(r"\w+", w.lower())
        if fm is None or not fm.group().isascii():
            first_words = set()  # a word not starting with a plain word: no shortcut
            break
        first_words.add(fm.group())
    master_starts = (
        re.compile(r"(?<![\w'’-])(?:[\d+]|(?i:" + trie(first_words) + r")(?!\w))")
        if first_words
        else None
    )
    # the second number of a range ("3,000-5,000"): no look-behind
    second = re.compile(rf"(?:{digits})|(?:{words}|(?P<bare>{mult}))(?!{_W})", i)

    # currencies
    prefix_currency: dict[str, Currency] = {}
    suffix_currency: dict[str, Currency] = {}
    for cur in d.currencies:
        for p in cur.prefix:
            prefix_currency[_norm(p).replace(" ", "")] = cur
        for p in cur.suffix:
            suffix_currency[_norm(p)] = cur
    cur_pre = "|".join(
        r"\s*".join(re.escape(ch) for ch in p.replace(" ", ""))
        for p in sorted({c.replace(" ", "") for c in prefix_currency}, key=len, reverse=True)
    )
    cur_prefix = re.compile(rf"(?:(?<=[^\w])|^)(?P<cur>{cur_pre})\s*$", i)
    cur_suffix = re.compile(rf"\s*(?P<cur>{_alt(list(suffix_currency))})(?!{_W})", i)

    approx_before = re.compile(rf"(?:(?<=[^\w])|^)(?P<ap>{_alt(d.approx_before)})\s*$", i)
    after_alts = []
    for a in d.approx_after:
        if a[0].isalnum():
            after_alts.append(rf"(?:\s+|-){_phrase(a)}(?!{_W})")
        else:
            after_alts.append(re.escape(a))
    approx_after = re.compile("|".join(after_alts), i)
    rs = []
    for s in d.range_separators:
        rs.append(rf"\s*{re.escape(s)}\s*" if not s[0].isalnum() else rf"\s+{_phrase(s)}\s+")
    range_sep = re.compile("|".join(rs) + r"|\s+and\s+", i)

    unit = re.compile(rf"(?:\s*|-)(?:{_alt(d.noncount_units, plural=True)})(?!\w)", i)
    label_prefix = re.compile(rf"(?<![\w'’])(?:{_alt(d.label_prefixes)})\s*$", i)
    year_prep = re.compile(rf"(?<![\w'’])(?:{_alt(d.year_prepositions)}|(?-i:{_MONTHS}))\s*$", i)

    stops = _alt(d.np_stop_words)
    tok = rf"(?!(?:{stops})(?![\w'’-]))(?:(?:[a-z]\.){{2,}}|[^\W\d_][\w'’-]*)"
    run = re.compile(
        rf"(?P<of>\s+(?:out\s+)?of\s+(?:the|its|their|his|her|these|those|our|whose)\s+|\s+)"
        rf"(?P<run>{tok}(?:\s+{tok}){{0,6}})",
        i,
    )
    of_next = re.compile(
        rf"\s+(?:out\s+)?of\s+(?:(?:the|its|their|an?\s+estimated|some|an?\s+total\s+of)\s+)?"
        rf"(?:(?:{_alt(d.approx_before)})\s+)?(?=[\d$€£]|(?:{small}|an?\s+(?:{mult}))(?!{_W}))",
        i,
    )

    noun_kind: dict[str, str] = {}
    verb_kind: dict[str, str] = {}
    for n in d.noncount_nouns:
        noun_kind[_norm(n)] = "noncount"
    for k, kw in d.kinds.items():
        for n in kw.nouns:
            noun_kind[_norm(n)] = k
    for k, kw in d.kinds.items():
        for v in kw.verbs:
            verb_kind[_norm(v)] = k
    lex_words = list(noun_kind) + list(verb_kind)
    lexicon = re.compile(rf"(?<![\w'’])(?:{_alt(lex_words, plural=True)})(?![\w'’])", i)
    verbs = _alt(list(verb_kind))
    fillers = _alt(d.verb_fillers)
    verb_before = re.compile(
        rf"(?<![\w'’])(?P<v>{verbs})(?:\s+(?:{fillers}))*\s+$",
        i,
    )
    aux = _alt(d.auxiliaries)
    bound_words = (
        "in|on|at|by|during|when|after|as|since|while|and|or|near|across|inside|outside|"
        "following|amid|over|from|with|including|last|this|yesterday|today|overnight|earlier|"
        "later|each|so|but|because|before|between|under|within|around|throughout|across|"
        "according|said|says|reportedly|officials|sources|alone|too|too|nationwide|there"
    )
    verb_after = re.compile(
        rf"\s*,?\s*(?P<aux>(?:(?:{aux}|[a-z]+ly)\s+){{0,3}})(?P<v>{verbs})"
        rf"(?P<b>(?=\s*(?:[,.;:!?)”\"’—–-]|$))|(?=\s+(?:{bound_words})(?![\w'’])))?",
        i,
    )
    count_subject = re.compile(
        rf"(?<![\w'’])(?P<subj>{_alt(d.count_subjects)})(?![\w'’])"
        rf"(?P<np>(?:\s+[^\s.;:!?\d]+){{0,10}}?)\s+(?:(?:{aux})\s+){{0,3}}"
        rf"(?:{_alt(d.reach_verbs)})(?:\s+(?:to|at|around|about))?"
        rf"(?:\s+(?:{_alt(d.approx_before)}))?\s*$",
        i,
    )
    aside = re.compile(
        rf"\s*,\s*(?:{_alt(d.inherit_cues)})(?![\w'’])[^,;:.!?]{{1,60}},",
        i,
    )
    noun_of = re.compile(
        rf"(?<![\w'’])(?P<n>{_alt(lex_words, plural=True)})\s+of\s+(?:the\s+)?$",
        i,
    )
    not_one = re.compile(rf"(?<![\w'’])(?:{_alt(d.one_not_a_count_after)})\s+$", i)
    among = re.compile(
        rf"(?<![\w'’])among\s+(?:the\s+)?(?P<n>{_alt(lex_words, plural=True)})"
        rf"\s+(?:were|was|are|is)\s+$",
        i,
    )
    numbering = re.compile(
        rf"(?:(?<![\w'’])(?P<n>{_alt(lex_words, plural=True)})\s*,?\s+)?"
        rf"(?<![\w'’])(?P<size>numbering|numbers|numbered|totalling|totaling)\s+$",
        i,
    )
    coord = re.compile(r"\s+(?:and|or|&)\s", i)
    included = re.compile(
        rf"(?<![\w'’])(?:the\s+)?(?P<n>{_alt(lex_words, plural=True)})\s+"
        rf"(?:included|include|includes|including)\s+$",
        i,
    )
    clause_breaks = (
        "where|when|while|after|before|because|since|although|though|but|whereas|if|until|"
        "according|said|says"
    )
    far_passive = re.compile(
        rf"(?:(?!\b(?:{clause_breaks})\b)[^\d,;:.!?()“”\"—–]){{1,80}}?"
        rf"(?<![\w'’])(?:(?:{aux})\s+)+(?:[a-z]+ly\s+)?(?P<v>{verbs})(?![\w'’])",
        i,
    )
    anaphoric = re.compile(r"(?<![\w'’])(?:the|these|those|both|its|their|his|her)\s+$", i)
    them = re.compile(r"\s+of\s+(?:them|whom|those)(?![\w'’])", i)
    inherit = re.compile(rf"(?<![\w'’])(?:{_alt(d.inherit_cues)})(?![\w'’])", i)
    pp = re.compile(
        r"\s+(?:in|inside|from|across|at|near|around)\s+(?:the\s+)?"
        r"(?:[A-Z][\w'’-]*)(?:\s+(?:[A-Z][\w'’-]*|al-[\w'’-]+|ad-[\w'’-]+))?"
    )
    money_about = re.compile(
        rf"\s+(?:in|of|for|on)\s+(?P<np>{tok}(?:\s+{tok}){{0,3}})",
        i,
    )
    reporting = re.compile(
        rf"(?<![\w'’])(?:{_alt(d.reporting_verbs)})(?:\s+[\w'’.-]+){{0,3}}?\s+that\s+", i
    )
    conj = re.compile(
        r"\s(?:and|but|while|whereas)\s+(?=(?:has|have|had|was|were|is|are|will|would|also|then"
        r"|[a-z]+ed)\b)",
    )
    return _Rx(
        data=d,
        master=master,
        master_starts=master_starts,
        second=second,
        label_prefix=label_prefix,
        year_prep=year_prep,
        cur_prefix=cur_prefix,
        cur_suffix=cur_suffix,
        approx_before=approx_before,
        approx_after=approx_after,
        range_sep=range_sep,
        unit=unit,
        of_next=of_next,
        run=run,
        lexicon=lexicon,
        verb_before=verb_before,
        verb_after=verb_after,
        count_subject=count_subject,
        inherit=inherit,
        aside=aside,
        noun_of=noun_of,
        them=them,
        anaphoric=anaphoric,
        included=included,
        far_passive=far_passive,
        coord=coord,
        among=among,
        not_one=not_one,
        numbering=numbering,
        aux_words=frozenset(w for a in d.auxiliaries for w in _norm(a).split()),
        last_label=_last_words(d.label_prefixes),
        last_approx=_last_words(d.approx_before),
        last_verb=_last_words(list(verb_kind) + list(d.verb_fillers)),
        last_cur=_last_words([p.replace(" ", "") for p in prefix_currency])
        | frozenset(p.replace(" ", "")[-1:].lower() for p in prefix_currency),
        pp=pp,
        money_about=money_about,
        reporting=reporting,
        conj=conj,
        word_values=word_values,
        intransitive=frozenset(_norm(v) for v in d.intransitive_verbs),
        noun_kind=noun_kind,
        verb_kind=verb_kind,
        prefix_currency=prefix_currency,
        suffix_currency=suffix_currency,
    )


@lru_cache(maxsize=8)
def _compiled(path: str | None = None) -> _Rx:
    return _compile(load_numbers_data(path))


# --------------------------------------------------------------------------
# Values


def _digits_value(s: str, scaled: bool) -> float:
    """ "7,000", "12 000", "1.2" (before a scale word), "7.000" (dotted thousands)."""
    s = s.replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    if "," in s:
        return float(s.replace(",", ""))
    if not scaled and (s.count(".") >= 2 or (s.count(".") == 1 and len(s.split(".")[1]) == 3)):
        return float(s.replace(".", ""))
    return float(s)


def _words_value(rx: _Rx, s: str) -> tuple[float, int] | None:
    """Value of a number-word phrase and how many characters of it to keep.

    "and" only joins after a multiplier ("a hundred and fifty"); an "and"
    elsewhere ends the number ("two and three" is just "two").
    """
    d = rx.data
    total = 0.0
    current = 0.0
    frac = None
    seen = False
    last_was_mult = False
    keep = 0
    for m in _LETTERS.finditer(s):
        w = m.group().lower()
        if w == "and":
            if not last_was_mult:
                break
            continue
        if w in ("a", "an", "of"):
            continue
        if w in d.fractions:
            frac = d.fractions[w]
            continue
        if w in rx.word_values:
            v = rx.word_values[w]
            if (
                seen
                and not last_was_mult
                and not (current % 100 >= 20 and current % 10 == 0 and v < 10)
            ):
                break  # "five six", "twenty thirty": not one number; "twenty five" is
            current += v
            seen = True
            last_was_mult = False
        elif w in d.multipliers:
            f = d.multipliers[w]
            if frac is not None and not seen:
                current = frac
                frac = None
            if f >= 1000:
                total += (current if (seen or current) else 1) * f
                current = 0.0
            else:
                current = (current if (seen or current) else 1) * f
            seen = True
            last_was_mult = True
        else:
            break
        keep = m.end()
    if not seen:
        return None
    return total + current, keep


# --------------------------------------------------------------------------
# Candidates


@dataclass
class _Cand:
    value: float
    start: int  # first character of the number (or its approximation cue)
    num_start: int
    num_end: int  # end of the number (range and suffixes included)
    np_end: int  # end of the counted noun phrase (or num_end)
    sent: int  # index of the sentence
    kind: str | None
    about: str | None
    approximate: bool
    victim_own: bool = False  # kind comes from the number's own verb/noun
    head_kind: str | None = None
    link_next: bool = False  # "3,000 of the 12,000 fighters"
    is_one: bool = False
    inherited: bool = False
    verb_after: bool = False  # kind from a verb after the noun phrase
    ev_end: int = 0  # evidence reaches at least here
    left_victim: bool = False  # victim kind from words before the number
    about_np: str | None = None  # the counted noun phrase alone
    ev_span: tuple[int, int] | None = None  # evidence fixed by a table row or label
    of_them: bool = False  # "9 of them": counts part of the previous number


def _scale_of(rx: _Rx, m: re.Match[str]) -> float:
    if m.group("dscale"):
        return rx.data.multipliers[m.group("dscale").lower()]
    if m.group("dabbr"):
        return rx.data.scale_abbreviations[m.group("dabbr").lower()]
    return 1.0


def _parse_number(rx: _Rx, m: re.Match[str]) -> tuple[float, int, bool, bool] | None:
    """(value, end, has_scale, has_abbreviation) of a master match, or None."""
    if m.groupdict().get("skip") is not None:
        return None
    if m.group("dig") is not None:
        v = _digits_value(m.group("dig"), bool(m.group("dscale") or m.group("dabbr")))
        return (
            v * _scale_of(rx, m),
            m.end(),
            bool(m.group("dscale") or m.group("dabbr")),
            bool(m.group("dabbr")),
        )
    if m.group("words") is not None:
        r = _words_value(rx, m.group("words"))
        if r is None:
            return None
        v, keep = r
        return (
            v,
            m.start() + keep,
            any(w.lower() in rx.data.multipliers for w in m.group("words")[:keep].split()),
            False,
        )
    if m.group("bare") is not None:
        return rx.data.multipliers[m.group("bare").lower()], m.end(), True, False
    return None


def _run_analysis(
    rx: _Rx, run_start: int, run: str
) -> tuple[str | None, str | None, int, int | None, str | None]:
    """Look at the noun phrase after a number.

    Returns (head kind, victim kind from a modifier, end of the noun phrase in
    the text, offset of a victim verb that follows the head, about). A victim
    word before the head modifies it ("displaced people", "four dead"); after
    the head it is the verb ("4 soldiers killed in ...").
    """
    head_kind = None
    head_end = 0
    victim_adj = None
    verb_after_at = None
    for lm in rx.lexicon.finditer(run):
        w = lm.group()
        vk = _lookup(rx.verb_kind, w)
        if vk is not None:
            if head_kind is None:
                victim_adj = vk
                head_end = lm.end()
                continue
            verb_after_at = run_start + lm.start()
            break
        head_kind = _lookup(rx.noun_kind, w)
        head_end = lm.end()
    if head_end == 0:
        return None, None, run_start, None, None
    # extend the head to the end of its token, and over one more word when the
    # head sits in a hyphenated modifier ("Quds Force-affiliated elements")
    end = head_end
    while end < len(run) and not run[end].isspace():
        end += 1
    if "-" in run[head_end:end]:
        stop = verb_after_at - run_start if verb_after_at is not None else len(run)
        tm = _NEXT_TOKEN.match(run[end:stop])
        if tm and not tm.group(1).lower().endswith(("ing", "ed")):
            end += tm.end()
    about = " ".join(run[:end].split()[-6:])
    return head_kind, victim_adj, run_start + end, verb_after_at, about


_TABLE_TAIL = re.compile(r"(?:[ \t]+[A-Z(][^\s]*){0,6}[ \t]*")


def _label_kind(
    rx: _Rx, text: str, ss: int, se: int, start: int, q: int
) -> tuple[str | None, str | None, tuple[int, int] | None]:
    """The kind given by a label before the number: a table row ("Families
    displaced near Saadiya 3,200 Council") or "Killed: 30". Returns the kind,
    the label and the evidence span."""
    ls = max(text.rfind("\n", ss, start) + 1, ss)
    lab = text[ls:start]
    stripped = lab.rstrip()
    if stripped.endswith(":"):
        cut = max(stripped.rfind(". "), stripped.rfind(";"), stripped.rfind(", "))
        ls = ls + cut + 2 if cut >= 0 else ls
        lab = text[ls:start].rstrip()[:-1]
        span = (ls, q)
    else:
        # a table row: only capitalised words after the number, to the end of the line
        le = text.find("\n", q, se)
        le = se if le < 0 else le
        if not lab[:1].isupper() or text[le - 1 : le] in ".!?:;," or ". " in lab:
            return None, None, None
        if not _TABLE_TAIL.fullmatch(text, q, le):
            return None, None, None
        span = (ls, le)
    lab = _PARENS.sub(" ", lab)
    lk = None
    for lm in rx.lexicon.finditer(lab):
        w = lm.group()
        vk = _lookup(rx.verb_kind, w)
        nk = vk or _lookup(rx.noun_kind, w)
        if vk is not None or nk in VICTIM_KINDS:
            lk = nk
            break
        if lk is None and nk != "noncount":
            lk = nk
    if lk is None:
        return None, None, None
    return lk, " ".join(lab.split()[:6]) or None, span


def _analyse(
    rx: _Rx, text: str, m: re.Match[str], ss: int, se: int, si: int
) -> tuple[_Cand | None, int]:
    """One candidate number; returns it (or None) and where the next may start."""
    d = rx.data
    parsed = _parse_number(rx, m)
    if parsed is None:
        return None, m.end()
    value, e, scaled, abbr = parsed
    s = m.start()
    consumed = e
    is_digits = m.group("dig") is not None
    approximate = False

    # identifiers, ordinals, glued units, footnotes
    nxt = text[e : e + 1]
    if nxt and (nxt.isalpha() or nxt == "_" or nxt.isdigit()):
        return None, consumed
    if is_digits:
        dig = m.group("dig")
        if (len(dig) > 1 and dig[0] == "0" and "." not in dig[:2]) or (
            dig.isdigit() and len(dig) >= 7 and not scaled
        ):
            return None, consumed
        if text[s - 1 : s] == "[" and nxt == "]":
            return None, consumed
    left = text[max(ss, s - 40) : s]
    lw = _last_word(left)
    if (lw in rx.last_label or lw[-1:] == "#") and rx.label_prefix.search(left):
        return None, consumed
    # bare multipliers ("some million civilians") need an article or a cue
    bare = m.group("bare") is not None

    # currency before, approximation before
    cur = None
    p = s
    cm = (
        rx.cur_prefix.search(left) if lw and (lw in rx.last_cur or lw[-1:] in rx.last_cur) else None
    )
    if cm:
        cur = rx.prefix_currency.get(_norm(cm.group("cur")).replace(" ", ""))
        p = max(ss, s - 40) + cm.start()
    left2 = text[max(ss, p - 40) : p]
    lw2 = _last_word(left2)
    am = rx.approx_before.search(left2) if lw2 in rx.last_approx or lw2[-1:] == "~" else None
    start = p
    if am:
        approximate = True
        start = max(ss, p - 40) + am.start()
    if bare and not am:
        return None, consumed
    words = m.group("words")

    # ranges: "3,000 to 5,000", "3,000-5,000", "between 3,000 and 5,000"
    rm = rx.range_sep.match(text, e, se)
    if rm:
        sep = rm.group().strip().lower()
        ok = sep != "and" or _BETWEEN_END.search(text[max(ss, start - 12) : start])
        pos2 = rm.end()
        cm2 = _CURRENCY_START.match(text[pos2 : pos2 + 5])
        if cm2:
            pos2 += cm2.end()
        m2 = rx.second.match(text, pos2, se) if ok else None
        p2 = _parse_number(rx, m2) if m2 else None
        if p2 is not None and m2 is not None:
            v2, e2, scaled2, abbr2 = p2
            if not scaled and scaled2 and value < 1000 and v2 >= 1000:
                factor = 1.0
                if m2.group("dscale") or m2.group("dabbr"):
                    factor = _scale_of(rx, m2)
                elif m2.group("words"):
                    ws = [w.lower() for w in m2.group("words").split()]
                    factor = max((d.multipliers.get(w, 1.0) for w in ws), default=1.0)
                value *= factor
                scaled = True
                abbr = abbr or abbr2
            e = e2
            consumed = e2
            approximate = True
            nxt = text[e : e + 1]
            if nxt and (nxt.isalpha() or nxt == "_"):
                # "10-15km": glued unit
                return None, consumed

    # suffixes: approximation, currency
    q = e
    am2 = rx.approx_after.match(text, q, se)
    if am2:
        approximate = True
        q = am2.end()
    cm3 = rx.cur_suffix.match(text, q, se)
    if cm3 and cur is None:
        cur = rx.suffix_currency.get(_norm(cm3.group("cur")))
        q = cm3.end()
    elif cm3:
        q = cm3.end()
    if abbr and cur is None:
        return None, consumed  # "500m" is a distance
    if cur is None and not scaled and rx.unit.match(text, q, se):
        return None, consumed
    strong = False  # "5,000-strong", "2,500-member", "300-man"
    if text[q : q + 1] == "-" and text[q + 1 : q + 2].isalpha():
        wm = _HYPHEN_WORD.match(text[q : q + 20])
        if wm is None or wm.group(1).lower() not in d.force_size_compounds:
            return None, consumed  # "15-day", "25-year-old", "million-man march"
        strong = True
        q += wm.end()

    one = words is not None and value == 1 and not scaled
    if one and rx.not_one.search(text[max(ss, start - 12) : start]):
        return None, consumed  # "no one", "every one", "the one"
    if is_digits and value == 1 and not scaled:
        one = True

    # years: a bare four-digit number in the year range
    year_like = (
        is_digits
        and cur is None
        and m.group("dig").isdigit()
        and len(m.group("dig")) == 4
        and not scaled
        and d.year_range[0] <= value <= d.year_range[1]
    )
    if year_like and (
        rx.year_prep.search(text[max(ss, start - 20) : start])
        or _DET_END.search(text[max(ss, s - 8) : s])
    ):
        return None, consumed  # "in 2014", "the 2003 invasion", "Iraq's 2010 election"

    cand = _Cand(
        value=value,
        start=start,
        num_start=s,
        num_end=e,
        np_end=q,
        sent=si,
        kind=None,
        about=None,
        approximate=approximate,
        is_one=one,
    )

    if cur is not None:
        cand.kind = cur.kind
        mm = rx.money_about.match(text, q, se)
        cand.about = mm.group("np") if mm else cur.label
        if cur.kind == "other" and cand.about != cur.label:
            cand.about = f"{cand.about} in {cur.label}"
        return cand, consumed

    # "3,000 of the 12,000 Kurdish fighters"
    om = rx.of_next.match(text, q, se)
    if om:
        cand.link_next = True

    # the noun phrase after the number
    head_kind = victim = None
    np_end = q
    verb_after_at = None
    about = None
    rm2 = None if om else rx.run.match(text, q, se)
    if rm2:
        head_kind, victim, np_end, verb_after_at, about = _run_analysis(
            rx, rm2.start("run"), rm2.group("run")
        )
        if head_kind is None and victim is None:
            np_end = q
        elif value != 1 and head_kind is not None and verb_after_at is None:
            # "43 rocket and drone attacks": a singular modifier, the head follows
            hw = rm2.group("run")[: np_end - rm2.start("run")].split()[-1]
            cm_ = rx.coord.match(text, np_end, se)
            if cm_ and not hw.lower().endswith(("s", "men", "people", "children", "police")):
                r3 = rx.run.match(text, cm_.end() - 1, se)
                if r3 and not r3.group("of").strip():
                    hk3, v3, e3, vat3, ab3 = _run_analysis(rx, r3.start("run"), r3.group("run"))
                    if hk3 is not None and hk3 != "noncount":
                        head_kind, victim, verb_after_at = hk3, victim or v3, vat3
                        about = " ".join(text[rm2.start("run") : e3].split()[-6:])
                        np_end = e3
    if year_like and head_kind is None:
        return None, consumed
    if head_kind == "noncount":
        return None, consumed
    cand.np_end = max(np_end, q)
    cand.head_kind = head_kind

    # a victim verb after the noun phrase: "4 people were killed", "2,000 fled"
    vpos = verb_after_at if verb_after_at is not None else cand.np_end
    pm0 = rx.aside.match(text, vpos, se)
    if pm0:  # "1,200 people, including 300 children, had been killed"
        vpos = pm0.end()
    if rm2 and head_kind is None and victim is None and len(rm2.group("run").split()) <= 3:
        vpos = rm2.end()  # an unlisted noun: "40 others were detained"
    tm = rx.them.match(text, vpos, se) if not rm2 else None
    if tm:  # "five of them were killed"
        vpos = tm.end()
        cand.of_them = True
    # a victim verb before the number: "killed 4", "executed around 255"
    lwin = text[max(ss, start - 60) : start]
    lw3 = _last_word(lwin)
    verb_kind = None
    if lw3 in rx.last_verb:
        vb = rx.verb_before.search(lwin)
        if vb:
            verb_kind = _lookup(rx.verb_kind, vb.group("v"))
            cand.left_victim = True
    vm = rx.verb_after.match(text, vpos, se) if verb_kind is None else None
    if vm and (
        any(w in rx.aux_words for w in vm.group("aux").lower().split())
        or vm.group("b") is not None
        or _norm(vm.group("v")) in rx.intransitive
    ):
        verb_kind = _lookup(rx.verb_kind, vm.group("v"))
        cand.verb_after = True
        cand.ev_end = vm.end("v")
    elif (
        verb_kind is None
        and head_kind not in ("weapons", "money_usd")
        and (head_kind or victim or rm2)
    ):
        # a passive further on in the clause: "two dozen people suspected of
        # links to the group were detained"
        fm = rx.far_passive.match(text, cand.np_end, se)
        if fm:
            verb_kind = _lookup(rx.verb_kind, fm.group("v"))
            cand.verb_after = True
            cand.ev_end = fm.end("v")
    # a counted noun before it: "the bodies of 20 men", "a force of 5,000 men",
    # "among the dead were 6 women", "the militia, numbering 5,000"
    if verb_kind is None:
        lo = None
        if lw3 in ("of", "the"):
            lo = rx.noun_of.search(lwin)
        elif lw3 in ("were", "was", "are", "is"):
            lo = rx.among.search(lwin)
        elif lw3 in ("numbering", "numbers", "numbered", "totalling", "totaling"):
            lo = rx.numbering.search(lwin)
        elif lw3 in ("included", "include", "includes", "including"):
            lo = rx.included.search(lwin)
        if lo:
            w = lo.group("n")
            lk = (_lookup(rx.verb_kind, w) or _lookup(rx.noun_kind, w)) if w else None
            if lk is None and lo.groupdict().get("size"):
                lk = "personnel"  # "a division that numbers 14,000 men"
            if lk in VICTIM_KINDS:
                verb_kind = lk
                cand.left_victim = True
            elif victim is None and (
                (lk == "personnel" and head_kind == "other")
                or (lk not in (None, "noncount") and head_kind is None and rm2 is None)
            ):
                head_kind = lk
    # a count subject before it: "the number of X stands at", "the death toll rose to"
    subj_about = None
    if head_kind is None and victim is None and verb_kind is None:
        win_start = max(ss, s - 160)
        csm = rx.count_subject.search(text[win_start:s])
        if csm:
            subj = _norm(csm.group("subj"))
            np = csm.group("np").strip()
            if subj in rx.noun_kind:  # "the death toll"
                head_kind = rx.noun_kind[subj]
                subj_about = "deaths" if head_kind == "killed" else subj
            elif np:  # "the number of X"
                head_np = np
                sm = rx.run.match(" " + np)
                if sm and not sm.group("of").strip():
                    head_np = sm.group("run")  # up to the first preposition
                hk, vk, _, vat, _ab = _run_analysis(rx, 0, head_np)
                if vat is not None:
                    vk = vk or _lookup(rx.verb_kind, head_np[vat:].split()[0])
                victim = vk
                if hk is not None and hk != "noncount":
                    head_kind = hk
                subj_about = " ".join(np.split()[:6])

    if (
        strong
        and head_kind not in ("personnel", "other")
        and not text[q - 7 : q].lower().endswith("strong")
    ):
        return None, consumed  # "a million-man march"
    if strong and head_kind == "other":
        head_kind = "personnel"
    if head_kind is None and victim is None and verb_kind is None and not cand.link_next:
        # a table row or a label: "Families displaced near Saadiya 3,200 Council",
        # "Killed: 30"
        lk, label, span = _label_kind(rx, text, ss, se, start, q)
        if lk in VICTIM_KINDS:
            victim = lk
        elif lk is not None:
            head_kind = lk
        if label:
            about = label
        cand.ev_span = span
    kind: str | None = None
    if head_kind in ("weapons", "money_usd"):
        kind = head_kind
    elif verb_kind is not None:
        kind = verb_kind
    elif victim is not None:
        kind = victim
    elif head_kind is not None:
        kind = head_kind
    elif strong:
        kind = "personnel"
    if (
        kind not in VICTIM_KINDS
        and words is not None
        and value < 10
        and rx.anaphoric.search(text[max(ss, start - 8) : start])
    ):
        return None, consumed  # "the two countries", "between the two forces"
    cand.victim_own = kind in VICTIM_KINDS
    cand.kind = kind
    if about is None and verb_kind is not None and rm2:
        # an unlisted noun after a victim verb: "arrested 45 suspects"
        about = " ".join(rm2.group("run").split()[:3])
    pm = None
    if subj_about is not None:
        about = subj_about
    elif about is not None:
        pm = rx.pp.match(text, cand.np_end, se)
    if about is None and strong:
        about = "forces"
    about_np = about
    if about_np is not None and pm and len(about_np.split()) + len(pm.group().split()) <= 7:
        about_np = " ".join((about_np + pm.group()).split())
    if kind in VICTIM_KINDS and verb_kind is not None:
        about = _with_label(rx, about, kind)
    if about is not None and pm and len(about.split()) + len(pm.group().split()) <= 7:
        about = " ".join((about + pm.group()).split())
    cand.about = about
    cand.about_np = about_np
    return cand, consumed


# --------------------------------------------------------------------------
# Evidence


_WINDOW = 400  # characters looked at on each side of a number, at most

_LEAD_CONJ = re.compile(
    r"(?:and|but|or|while|whereas|although|though|because|when|where)\s+", re.IGNORECASE
)
_RIGHT_BOUND = re.compile(r"\s(?:which|who|whom|whose)\s")
_BOUND = re.compile(r"[;“”\"]|\s[—–-]\s|—|:\s|,\s")


def _clause(rx: _Rx, text: str, ss: int, se: int, s: int, e: int) -> tuple[int, int]:
    """The clause of sentence ``[ss, se)`` around ``[s, e)``."""
    e = min(max(e, s), se)
    cs = ss
    for bm in _BOUND.finditer(text, ss, s):
        cs = bm.end()
    ce = se
    bm = _BOUND.search(text, e, se)
    if bm:
        ce = bm.start()
    rb = _RIGHT_BOUND.search(text, e, ce)
    if rb and len(text[cs : rb.start()].split()) >= 4:
        ce = rb.start()
    # parentheses bound the clause only when the number is inside them
    op = text.rfind("(", ss, s)
    if op >= 0 and text.find(")", op, s) < 0 and op + 1 > cs:
        cp = text.find(")", e, se)
        if cp >= 0:
            cs, ce = op + 1, min(ce, cp)
    # too short (a comma-fenced fragment): widen to the neighbouring clauses
    for _ in range(3):
        if len(text[cs:ce].split()) >= 4:
            break
        nb = _BOUND.search(text, ce + 1, se) if ce < se else None
        new_ce = nb.start() if nb else se
        if new_ce != ce:
            ce = new_ce
            continue
        prev = [b.end() for b in _BOUND.finditer(text, ss, max(ss, cs - 1))]
        new_cs = prev[-1] if prev else ss
        if new_cs == cs:
            break
        cs = new_cs
    # drop a leading attribution: "... announced that"
    rest = cs
    for rm in rx.reporting.finditer(text, cs, s):
        rest = rm.end()
    cs = rest
    # and coordinated clauses that do not hold the number
    for cm in rx.conj.finditer(text, cs, s):
        cs = cm.end()
    cm = rx.conj.search(text, e, ce)
    if cm and len(text[cs : cm.start()].split()) >= 4:
        ce = cm.start()
    while cs < ce and text[cs] in " \t\n\r'‘’\"“”(":
        cs += 1
    lead = _LEAD_CONJ.match(text, cs, s)
    if lead:
        cs = lead.end()
    while ce > cs and text[ce - 1] in " \t\n\r,;:—–-'‘\"“”(":
        ce -= 1
    if cs > s:
        cs = s
    if ce < e:
        ce = e
    return cs, ce


# --------------------------------------------------------------------------
# The stage


def _labels(rx: _Rx) -> set[str]:
    return {k.label for k in rx.data.kinds.values()}


def _with_label(rx: _Rx, about: str | None, kind: str) -> str:
    label = rx.data.kinds[kind].label
    if about is None:
        return label
    return about if label in about.lower() else f"{about} {label}"


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    from dossier.extract.sentences import split_sentences

    return split_sentences(text)


def _repeat_key(text: str, ss: int, se: int, c: _Cand) -> tuple[tuple[Any, ...], str]:
    """What makes a count a verbatim repeat of an earlier one: the same value and
    kind, with the same words around it, in a sentence that contains the earlier
    one's sentence or is contained by it (a headline printed twice)."""
    before = " ".join(text[ss : c.start].split()[-2:]).lower()
    after = " ".join(text[c.num_end : min(se, c.num_end + 60)].split()[:6]).lower()
    sent = " ".join(text[ss:se].split()).lower()
    return (c.value, c.kind, before, after), sent


def extract_numbers(text: str, sentences: Sequence[tuple[int, int]] | None = None) -> list[Number]:
    """Every quantity that counts people, forces, money, weapons or victims.

    Each :class:`~dossier.model.Number` has a value, a kind (one of
    :data:`dossier.model.NUMBER_KINDS`), ``about`` (a short phrase for what is
    counted), ``approximate`` and evidence: the clause of one sentence that
    holds the number, with ``evidence.text == text[start:end]``. ``sentences``
    are ``(start, end)`` spans; when None the text is split here. Numbers
    outside every span are ignored. ``attributed_to`` is left None.
    """
    return _extract(text, sentences, None)


def _master_matches(rx: _Rx, text: str) -> Iterator[re.Match[str]]:
    """``rx.master.finditer(text)``, trying the pattern only where a match can start."""
    if rx.master_starts is None:
        yield from rx.master.finditer(text)
        return
    search = rx.master_starts.search
    match = rx.master.match
    pos = 0
    while True:
        c = search(text, pos)
        if c is None:
            return
        m = match(text, c.start())
        if m is None:
            pos = c.end()  # no match starts inside the word (the look-behinds)
            continue
        yield m
        pos = m.end()


def _extract(
    text: str, sentences: Sequence[tuple[int, int]] | None, data_path: str | None
) -> list[Number]:
    rx = _compiled(data_path)
    spans = sorted(sentences) if sentences is not None else _sentence_spans(text)
    if not spans or not text:
        return []
    starts = [a for a, _ in spans]
    cands: list[_Cand] = []
    resume = 0
    for m in _master_matches(rx, text):
        if m.start() < resume:
            continue
        i = bisect.bisect_right(starts, m.start()) - 1
        if i < 0:
            continue
        ss, se = spans[i]
        if m.end() > se:
            continue
        # look no further than a window around the number, so that one huge
        # "sentence" (a table, a page without stops) costs linear time
        ws, we = max(ss, m.start() - _WINDOW), min(se, m.end() + _WINDOW)
        cand, consumed = _analyse(rx, text, m, ws, we, i)
        resume = consumed
        if cand is not None:
            cands.append(cand)

    # sentence-level links
    for j, c in enumerate(cands):
        nxt = cands[j + 1] if j + 1 < len(cands) else None
        if c.link_next and nxt is not None and nxt.sent == c.sent:
            # "Two of the 14 detainees died": the verb tells about the two
            if nxt.verb_after and nxt.kind in VICTIM_KINDS:
                if c.kind is None:
                    c.kind = nxt.kind
                    c.victim_own = True
                nxt.kind = nxt.head_kind
                nxt.victim_own = False
                nxt.about = nxt.about_np
            if c.kind is None or (c.kind not in VICTIM_KINDS and nxt.kind is not None):
                c.kind = nxt.kind
            c.head_kind = c.head_kind or nxt.head_kind
            if c.about is None or c.about in VICTIM_KINDS or c.about in _labels(rx):
                c.about = (
                    _with_label(rx, nxt.about_np, c.kind) if c.kind in VICTIM_KINDS else nxt.about
                )
            c.np_end = max(c.np_end, nxt.num_start)
    for j, c in enumerate(cands):
        if c.victim_own or c.kind not in (None, "personnel", "other") or j == 0:
            continue
        p = cands[j - 1]
        if p.sent != c.sent or p.kind not in VICTIM_KINDS:
            continue
        between = text[p.np_end : c.start]
        if ";" in between:
            continue
        cues = list(rx.inherit.finditer(between))
        if (cues and len(between) - cues[-1].end() <= 25) or (
            (p.inherited or p.left_victim) and _LIST_GAP_SHORT.fullmatch(between)
        ):
            c.kind = p.kind
            c.inherited = True
            c.about = _with_label(rx, c.about, c.kind)

    # "67 militias in the PMF, 9 of them designated": a part of the previous count
    for j, c in enumerate(cands):
        if c.of_them and c.kind is None and j > 0 and cands[j - 1].sent == c.sent:
            c.kind = cands[j - 1].kind
            c.about = cands[j - 1].about_np or cands[j - 1].about

    # "A dozen soldiers and two dozen police officers were wounded": a verb
    # after the last of coordinated counts applies to all of them
    for j in range(len(cands) - 2, -1, -1):
        c, n = cands[j], cands[j + 1]
        if c.victim_own or n.sent != c.sent or not n.verb_after or n.kind not in VICTIM_KINDS:
            continue
        if c.kind in ("weapons", "money_usd"):
            continue
        if _COORD_GAP.fullmatch(text[c.np_end : n.start]):
            c.kind = n.kind
            c.verb_after = True
            c.victim_own = True
            c.about = _with_label(rx, c.about, c.kind)

    out: list[Number] = []
    seen: dict[tuple[Any, ...], list[str]] = {}
    for c in cands:
        if c.kind is None:
            continue
        if c.is_one and c.kind not in VICTIM_KINDS:
            continue
        ss, se = spans[c.sent]
        ss, se = max(ss, c.start - _WINDOW), min(se, max(c.np_end, c.ev_end) + _WINDOW)
        key, sent = _repeat_key(text, ss, se, c)
        earlier = seen.setdefault(key, [])
        if any(sent in e or e in sent for e in earlier):
            continue
        earlier.append(sent)
        if c.ev_span is not None:
            cs, ce = c.ev_span
        else:
            cs, ce = _clause(rx, text, ss, se, c.start, max(c.np_end, c.ev_end))
        value = float(c.value)
        out.append(
            Number(
                value=int(value) if value.is_integer() else value,
                kind=c.kind,
                evidence=Evidence.of(text, cs, ce),
                about=c.about,
                approximate=c.approximate,
            )
        )
    return out
