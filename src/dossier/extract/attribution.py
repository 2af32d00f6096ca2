"""Attribution and status: WHO SAYS SO, and how sure the text is.

:func:`attribute` gives every sentence the source the text credits for it:

* reporting verbs with their speaker on the left ("Amnesty International
  said", "Iran's Defence Minister Dehqan has insisted", "X, a commander of Y,
  told AFP" credits X, not AFP) or, after a comma or a closing quote, on the
  right ("…,” said X");
* phrases followed by their source ("according to X", "quoted by X", "a report
  by X"), nested credits ("X quoted Y as saying" gives the chain [X, Y]; "Y said,
  according to a X report" too), statements and interviews ("in a statement,
  X …", "in an interview with X");
* speakers that are not named actors: "a spokesman for X" and "sources close to
  X" credit X, "US sources" or "the Western press" are credited as written, a
  capitalised name the actor stage missed ("the Foreign Policy website") is
  taken as it stands, and "one fighter with X said" credits no one new;
* reported speech that runs on: an opening quote mark continues its speaker
  over sentences and paragraphs until it closes (the speaker found before the
  quote or after it: "“…,” he said"); "He added", "the statement said", "They
  quoted" resolve to the last person or source named; a sentence that only
  credits ("X's sources report:") hands its source to what follows.

Everything else is the author's own voice (``source=None``).

Besides the fields the event stage reads, an :class:`Attribution` carries the
source's actor kind, whether the source is a party to the conflict
(``partisan``) and ``credited``, the source as the text credits it when that is
more than the actor's name ("DEBKAfile's military sources", "sources close to
X"); ``source`` stays the canonical actor name. When an event *is* the
statement (its trigger is the attribution's cue: "X warned", "X accused Y"),
the text reports that act in the outer voice: ``chain[-2]``, or the author's
voice when the chain has one element.

:func:`status_for` tells asserted, claimed, denied, planned and hypothetical
apart for an event's evidence span, from hedges and modals in the span and from
who the source is: a party to the conflict (an armed group, a party, a state or
a government body, or a person speaking for one) makes a claim; media, NGOs and
the UN report. An actor's statement about its own act is not a claim.

The cue words live in ``data/attribution.yaml``; :func:`load_attribution_data`
checks the file and raises :class:`~dossier.knowledge.loader.KBError` naming
file, entry and field. The text is scanned once with one compiled expression
for cues and one for quote marks; each cue then looks at a few words around it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from dossier.extract.actors import Hit
from dossier.extract.regexes import first_char_guard as _first_char_guard
from dossier.extract.regexes import plain_case, trie
from dossier.knowledge.loader import KBError
from dossier.model import ACTOR_KINDS
from dossier.normalize import name_key

DATA_PATH = Path(__file__).parent / "data" / "attribution.yaml"
STATUS_CLASSES = ("denied", "negated", "conditional", "planned", "hypothetical", "claimed")

__all__ = [
    "DATA_PATH",
    "Attribution",
    "AttributionData",
    "attribute",
    "load_attribution_data",
    "source_at",
    "status_for",
]


# patterns used per call, compiled once
_SPACES = re.compile(r"\s+")
_COMMA = re.compile(r",")
_IN_PHRASE_END = re.compile(r"\bin\s+(?:[\w'’-]+\s+){0,4}$", re.IGNORECASE)
_AS_SAYING = re.compile(r"\bas\s+(?:saying|telling|stating|writing|having\s+said|adding)\b")
_BY_OR_TO_BE = re.compile(r"\s+(?:by\b|to\s+(?:be|have)\b)")
_SEGMENT_CUT = re.compile(r",|\s[–-]\s")
_NP_RIGHT_END = re.compile(r"[,.;:!?“”\"()…—]|\s[–-]\s|\bthat\b|\bas\b")
_TRAILING_SPEAKER = re.compile(r",\s+((?:the\s+)?[\w'’-]+(?:\s+[\w'’-]+){0,3})\s*$")
_TITLE_ABBREV = re.compile(
    r"\b(?:Dr|Gen|Brig|Col|Lt|Maj|Capt|Mr|Mrs|Ms|Prof|Sgt|Rev|Sen|Rep|Gov|Adm|St)$"
)


@dataclass(slots=True)
class Attribution:
    start: int  # span of text this attribution covers (a sentence or a part of one)
    end: int
    source: str | None  # canonical name of who the text credits; None = the author's own voice
    cue: str | None  # the cue text, e.g. "according to", "said", "quoted by"
    cue_start: int | None
    cue_end: int | None
    chain: list[str]  # nested sources, outermost first; source is the last one
    rule: str  # which pattern decided it
    source_kind: str | None = None  # actor kind of the source, when known
    partisan: bool | None = None  # is the source a party to the conflict? None = unknown
    credited: str | None = None  # the source as the text credits it: "DEBKAfile's military sources"


# --------------------------------------------------------------------------
# The data file


@dataclass(slots=True, frozen=True)
class AttributionData:
    speech_verbs: frozenset[str]
    noun_like_verbs: frozenset[str]
    noun_before: frozenset[str]
    inverted_verbs: frozenset[str]
    participles: frozenset[str]
    credit_before: frozenset[str]
    quote_verbs: frozenset[str]
    as_saying: frozenset[str]
    interview: frozenset[str]
    statement_markers: frozenset[str]
    speaker_nouns: frozenset[str]
    individual_nouns: frozenset[str]
    unnamed_sources: frozenset[str]
    anaphora_person: frozenset[str]
    anaphora_other: dict[str, frozenset[str]]  # head word -> actor kinds ("any")
    intro_words: frozenset[str]
    media_nouns: frozenset[str]
    partisan_kinds: frozenset[str]
    neutral_kinds: frozenset[str]
    neutral_roles: frozenset[str]
    partisan_roles: frozenset[str]
    person_default_partisan: bool
    outlet_sources_carry: bool
    status_phrases: dict[str, tuple[str, ...]]
    status_patterns: dict[str, tuple[str, ...]]
    act_verbs: tuple[str, ...]


_LIST_FIELDS = (
    "speech_verbs",
    "noun_like_verbs",
    "noun_before",
    "inverted_verbs",
    "participles",
    "credit_before",
    "quote_verbs",
    "as_saying",
    "interview",
    "statement_markers",
    "speaker_nouns",
    "individual_nouns",
    "unnamed_sources",
    "intro_words",
    "media_nouns",
    "partisan_kinds",
    "neutral_kinds",
    "neutral_roles",
    "partisan_roles",
)


def _norm_phrase(p: str) -> str:
    return " ".join(p.replace("’", "'").lower().split())


def load_attribution_data(path: str | Path | None = None) -> AttributionData:
    """Read and check ``attribution.yaml``; errors name the file, entry and field."""
    path = Path(path) if path is not None else DATA_PATH
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = f" (line {mark.line + 1})" if mark else ""
        raise KBError(path, f"not valid YAML{line}: {getattr(e, 'problem', e)}") from None
    except (OSError, UnicodeDecodeError) as e:
        raise KBError(path, f"cannot read: {e}") from None
    if not isinstance(data, dict):
        raise KBError(path, "must be a mapping of field to value")
    if not isinstance(data.get("source"), str) or not data["source"].strip():
        raise KBError(path, "needs a 'source' note saying where its words come from", fld="source")

    def strings(value: Any, entry: str, fld: str) -> tuple[str, ...]:
        if not isinstance(value, list) or not value:
            raise KBError(path, "must be a non-empty list of strings", entry, fld)
        out = []
        for i, v in enumerate(value):
            if not isinstance(v, str) or not v.strip():
                raise KBError(
                    path, f"item #{i + 1} must be a non-empty string, got {v!r}", entry, fld
                )
            out.append(_norm_phrase(v))
        return tuple(out)

    lists: dict[str, frozenset[str]] = {}
    for fld in _LIST_FIELDS:
        if fld not in data:
            raise KBError(path, "is required", fld, fld)
        lists[fld] = frozenset(strings(data[fld], fld, fld))
    for fld in ("partisan_kinds", "neutral_kinds"):
        for k in lists[fld]:
            if k not in ACTOR_KINDS:
                raise KBError(path, f"unknown actor kind {k!r}", k, fld)
    ana = data.get("anaphora")
    if not isinstance(ana, dict) or set(ana) != {"person", "other"}:
        raise KBError(
            path, "must be a mapping with 'person' and 'other' lists", "anaphora", "anaphora"
        )
    ana_person = frozenset(strings(ana["person"], "person", "anaphora"))
    if not isinstance(ana["other"], dict) or not ana["other"]:
        raise KBError(path, "'other' must map a head word to actor kinds", "other", "anaphora")
    ana_other: dict[str, frozenset[str]] = {}
    for head, kinds in ana["other"].items():
        ks = strings(kinds, str(head), "anaphora")
        for k in ks:
            if k != "any" and k not in ACTOR_KINDS:
                raise KBError(path, f"unknown actor kind {k!r}", str(head), "anaphora")
        ana_other[_norm_phrase(str(head))] = frozenset(ks)
    flags = {}
    for fld in ("person_default_partisan", "outlet_sources_carry"):
        if not isinstance(data.get(fld), bool):
            raise KBError(path, "must be true or false", fld, fld)
        flags[fld] = data[fld]

    status = data.get("status")
    if not isinstance(status, dict):
        raise KBError(path, "must be a mapping of status class to cues", "status", "status")
    unknown = set(status) - set(STATUS_CLASSES) - {"act_verbs"}
    if unknown:
        raise KBError(
            path,
            f"unknown status class(es): {', '.join(sorted(unknown))}",
            sorted(unknown)[0],
            "status",
        )
    phrases: dict[str, tuple[str, ...]] = {}
    patterns: dict[str, tuple[str, ...]] = {}
    for cls in STATUS_CLASSES:
        spec = status.get(cls)
        if not isinstance(spec, dict):
            raise KBError(
                path, "must be a mapping with 'phrases' (and optionally 'patterns')", cls, "status"
            )
        extra = set(spec) - {"phrases", "patterns"}
        if extra:
            raise KBError(
                path, f"unknown key(s): {', '.join(sorted(extra))}", cls, sorted(extra)[0]
            )
        phrases[cls] = strings(spec.get("phrases"), cls, "phrases")
        pats = spec.get("patterns") or []
        if not isinstance(pats, list):
            raise KBError(path, "must be a list of regular expressions", cls, "patterns")
        for p in pats:
            if not isinstance(p, str) or not p:
                raise KBError(path, f"must be a non-empty string, got {p!r}", cls, "patterns")
            try:
                re.compile(p)
            except re.error as e:
                raise KBError(path, f"bad regular expression {p!r}: {e}", cls, "patterns") from None
        patterns[cls] = tuple(pats)
    acts = strings(status.get("act_verbs"), "act_verbs", "status")
    return AttributionData(
        **lists,
        anaphora_person=ana_person,
        anaphora_other=ana_other,
        **flags,
        status_phrases=phrases,
        status_patterns=patterns,
        act_verbs=acts,
    )


# --------------------------------------------------------------------------
# Compiled expressions


def _phrase_re(p: str) -> str:
    parts = [re.escape(w).replace("'", "['’]") for w in p.split()]
    return r"\s+".join(parts)


def _alt(phrases: Sequence[str]) -> str:
    return "|".join(_phrase_re(p) for p in sorted(set(phrases), key=lambda s: (-len(s), s)))


def _trie_alt(phrases: Sequence[str]) -> str:
    """:func:`_alt` compiled as a character trie: the same matches, much faster to fail.

    Two phrases that match at one position are prefixes of one another (no text
    character matches two different characters of the phrases, checked below),
    and the trie tries the longer first, as the alternation does by sorting
    longest first.
    """
    chars = {c for p in phrases for c in p}
    for a in chars:
        for b in chars:
            if a != b and re.fullmatch(re.escape(a), b, re.IGNORECASE):
                return _alt(phrases)  # "ſ" and "s": keep the plain alternation
    return trie(phrases, flexible_space=True, any_apostrophe=True)


@dataclass(slots=True)
class _Rx:
    d: AttributionData
    cue: re.Pattern[str]
    roles: dict[str, frozenset[str]]
    status: re.Pattern[str]
    status_ci: re.Pattern[str]
    acts: re.Pattern[str]
    status_class: dict[str, str]  # status phrase -> class
    # the same three searches, case-sensitive, for a lower-cased text (None: not exact)
    cue_low: re.Pattern[str] | None = None
    status_ci_low: re.Pattern[str] | None = None
    acts_low: re.Pattern[str] | None = None


def _lower_ok(phrases: Sequence[str]) -> bool:
    """Is a case-insensitive search for these phrases in a :func:`_plain_case` text the
    same as a case-sensitive one in its lower-cased copy? (Lower-case phrases, and no
    non-ASCII character in them that an ASCII one matches, as "ſ" matches "s".)"""
    for p in phrases:
        if p != p.lower():
            return False
        for c in p:
            if not c.isascii() and any(
                re.fullmatch(re.escape(c), chr(a), re.IGNORECASE) for a in range(128)
            ):
                return False
    return True


_plain_case = plain_case  # see :func:`dossier.extract.regexes.plain_case`


_LOWERED: list[tuple[str, str | None]] = [("", "")]


def _lowered(text: str) -> str | None:
    """``text.lower()`` when :func:`_plain_case`, else None; kept for the latest text."""
    last = _LOWERED[0]  # one read: another thread may replace it meanwhile
    if last[0] is text:
        return last[1]
    low = text.lower() if _plain_case(text) else None
    _LOWERED[0] = (text, low)
    return low


_ROLE_FIELDS = (
    "speech_verbs",
    "participles",
    "inverted_verbs",
    "credit_before",
    "quote_verbs",
    "as_saying",
    "interview",
    "statement_markers",
)


def _compile(d: AttributionData) -> _Rx:
    roles: dict[str, set[str]] = {}
    for fld in _ROLE_FIELDS:
        for p in getattr(d, fld):
            roles.setdefault(p, set()).add(fld)
    cue_src = r"(?<![\w'’-])(?:" + _trie_alt(list(roles)) + r")(?![\w-])"
    cue = re.compile(cue_src, re.IGNORECASE)
    groups_cs = []
    status_class: dict[str, str] = {}
    for cls in STATUS_CLASSES:
        for p in d.status_phrases[cls]:
            status_class.setdefault(p, cls)
        if d.status_patterns[cls]:
            groups_cs.append(
                f"(?P<{cls}>" + "|".join(f"(?:{p})" for p in d.status_patterns[cls]) + ")"
            )
    # one alternation, longest phrase first, so "could not be verified" beats "could"
    status_src = r"(?<![\w'’-])(?:" + _trie_alt(list(status_class)) + r")(?![\w'’-])"
    status_ci = re.compile(status_src, re.IGNORECASE)
    status_cs = _first_char_guard("|".join(groups_cs) if groups_cs else r"(?!x)x")
    acts_src = r"(?<![\w-])(?:" + _trie_alt(d.act_verbs) + r")(?![\w-])"
    acts = re.compile(acts_src, re.IGNORECASE)
    return _Rx(
        d,
        cue,
        {k: frozenset(v) for k, v in roles.items()},
        status_cs,
        status_ci,
        acts,
        status_class,
        re.compile(cue_src) if _lower_ok(list(roles)) else None,
        re.compile(status_src) if _lower_ok(list(status_class)) else None,
        re.compile(acts_src) if _lower_ok(d.act_verbs) else None,
    )


@lru_cache(maxsize=4)
def _compiled(path: str | None = None) -> _Rx:
    return _compile(load_attribution_data(path))


# --------------------------------------------------------------------------
# Grammar words (not cues): the few function words the rules look at.


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_PREPS = _set(
    "of for with from to in at on by near against under within inside outside among toward "
    "towards into over about between behind alongside across"
)
_DETS = _set("the a an this that these those some one two several its his her their our")
_RELATIVE = _set("which who whom whose where when while as although though because if")
_BE = _set("is are was were be been being")
_SKIP_BEFORE_VERB = _set(
    "has have had also later earlier previously recently once again further then "
    "reportedly allegedly repeatedly strongly clearly publicly formally officially now "
    "already did does do would will just first last week month night morning evening "
    "yesterday today on monday tuesday wednesday thursday friday saturday sunday "
    "separately"
)
_SUBORDINATORS = _set(
    "as because since when although though if unless until before after once whether"
)
_DEMONYMS = _set(
    "Sunni Shia Shiite Shi'ite Shi’ite Arab Western Eastern Iraqi Israeli Saudi Yemeni "
    "Pakistani Afghan Kuwaiti Qatari Omani Emirati Bahraini Somali Bangladeshi Thai Kurd "
    "Turkmen Yazidi Druze Alawite Islamist Jihadi Jihadist Allied Coalition American African "
    "Mexican Moroccan"
)
_LOCATIVE = _set("in at near inside outside across within")
_NAME_JOINERS = _set("of for and the on de al el bin")
_LEADING = _set(
    "but and so yet however meanwhile also then now still indeed moreover furthermore "
    "similarly likewise thus hence separately later earlier instead"
)
_SUBJECT_BOUND = re.compile(
    r"[;:“”\"(—]|\bthat\b|(?:,\s*|\s+)(?:while|whereas|but)\b|\b(?:"
    + "|".join(sorted(_SUBORDINATORS))
    + r")\b(?!\s+(?:well|such|part|many|much|long|soon|far|a\s+result)\b)",
    re.IGNORECASE,
)
_ROLE_LEFT_BOUND = re.compile(r"[.,;:!?\n“”\"()]|\b(?:said|told|says|according\s+to|by)\b")
_ROLE_RIGHT = re.compile(r"\s*,\s*|\s+(?:of|from|for|with|at)\s+")
_ROLE_RIGHT_END = re.compile(r"[,.;:!?\n“”\"()—–]|\s(?:said|says|told|who|which|that)\b")
_MID_CAP = re.compile(r"[a-z,;]\s+([A-Z][^\W_]+)")
_WORD = re.compile(r"[^\W_]+(?:['’\-.][^\W_]+)*(?:['’]s)?\.?")
_QUOTE = re.compile(r"[“”\"«»„]")
_OPEN_GLYPHS = "“«„"
_CLOSE_GLYPHS = "”»"
_PARA = re.compile(r"\n[ \t]*\n")
_LIST_ITEM = re.compile(r"\s*(?:\d{1,2}[.)]|[-*•–])\s")
_MARKER_ONLY = re.compile(r"\s*(?:\d{1,2}|[a-zA-Z])[.)]\s*$|\s*[-*•–]\s*$")
_CONNECTOR = re.compile(r"(?:,\s*|\s+)(?:while|whereas|but)\b|;|,\s*and\s+(?=[A-Z])")
_TERMINAL_CHARS = frozenset('.!?:;…"”’)]')


def _terminal(t: str) -> bool:
    """Does ``t`` end in terminal punctuation (white space after it aside)? The same
    as a search for ``[.!?:;…"”’)\\]]\\s*$``, without the regex."""
    last = t.rstrip()[-1:]
    return last != "" and last in _TERMINAL_CHARS


_ORG_HEADS = frozenset(
    [
        "council",
        "ministry",
        "committee",
        "office",
        "police",
        "army",
        "government",
        "command",
        "authorities",
        "authority",
        "commission",
        "directorate",
        "department",
        "agency",
        "administration",
        "parliament",
        "court",
        "mission",
    ]
)


@dataclass(slots=True)
class _Src:
    name: str | None  # None: an unnamed individual, who credits no one
    key: str | None = None
    kind: str | None = None
    partisan: bool | None = None
    weak: bool = False  # an anonymous source, outranked by a named credit
    credited: str | None = None  # as the text credits it, when not just the name

    @property
    def named(self) -> bool:
        return self.name is not None


@dataclass(slots=True)
class _Credit:
    cue_s: int
    cue_e: int
    src: _Src | None  # None: a cue without a source (only a marker)
    rule: str
    anchor: int  # where the credited clause starts (for splitting)
    outer: list[_Src] = field(default_factory=list)  # sources it is nested in
    weak: bool = False
    unnamed: _Src | None = None  # an unnamed speaker ("one fighter"), who credits no one


@dataclass(slots=True)
class _Unit:
    start: int
    end: int
    sents: list[int]
    para: int
    list_item: bool


@dataclass(slots=True)
class _Quote:
    start: int
    end: int
    speaker: _Src | None = None
    credit: _Credit | None = None


_CLAUSE_NEXT = re.compile(
    r"\s*(?:$|[,.:;!?“”\"—–-]|(?:that|the|a|an|it|they|he|she|we|its|their|his|her|this|these|those|"
    r"some|more|at|about|around|nearly|over)\b|[A-Z0-9])"
)


def _clause_next(text: str, pos: int) -> bool:
    """Can what follows a verb-or-noun word be what a reporting verb introduces?"""
    return _CLAUSE_NEXT.match(text, pos) is not None


def _adjectival(w: str) -> bool:
    """A capitalised modifier, not a name: "Paris-based", "Iranian", "Shiite"."""
    w = _strip_poss(w)
    if "-" in w and w.rsplit("-", 1)[1][:1].islower():
        return True
    return w.endswith(("ian", "ean", "ese", "ish")) or w in _DEMONYMS


def _is_cap(w: str) -> bool:
    return w[:1].isupper()


def _strip_poss(w: str) -> str:
    return w[:-2] if w.endswith(("'s", "’s")) else w


# --------------------------------------------------------------------------
# attribute()


class _Analyzer:
    def __init__(
        self, text: str, sentences: Sequence[tuple[int, int]], hits: Sequence[Hit], rx: _Rx
    ):
        self.text = text
        self.sents = [(int(s), int(e)) for s, e in sentences]
        self.rx = rx
        self.d = rx.d
        self.hits = sorted((h for h in hits if not h.generic), key=lambda h: (h.start, -h.end))
        self.hit_starts = [h.start for h in self.hits]
        end = self.sents[-1][1] if self.sents else 0
        self.para_starts = [0] + [m.end() for m in _PARA.finditer(text, 0, end)]
        self.quotes = self._quote_spans(end)
        self.quote_starts = [q.start for q in self.quotes]
        low = _lowered(text) if rx.cue_low is not None else None
        if low is not None:  # the same matches, found faster (the phrase is lower case)
            found = rx.cue_low.finditer(low, 0, end)  # type: ignore[union-attr]
        else:
            found = rx.cue.finditer(text, 0, end)
        self.cues = [(m.start(), m.end(), _norm_phrase(m.group())) for m in found]
        self.cue_starts = [c[0] for c in self.cues]
        self.units = self._units()
        self.last_src: _Src | None = None
        self.last_src_pos = -1
        self.kb = None
        self._kb_loaded = False
        self._by_token: dict[str, list[Hit]] | None = None
        self._caps: set[str] | None = None

    # ------------------------------------------------------------ layout
    def _para(self, pos: int) -> int:
        return bisect.bisect_right(self.para_starts, pos) - 1

    def _units(self) -> list[_Unit]:
        units: list[_Unit] = []
        for i, (s, e) in enumerate(self.sents):
            if units:
                u = units[-1]
                prev = self.text[u.start : u.end]
                nxt = self.text[s : s + 1]
                if (nxt.islower() and not _terminal(prev)) or _MARKER_ONLY.match(prev):
                    u.end = e
                    u.sents.append(i)
                    continue
            line_start = self.text.rfind("\n", 0, s) + 1
            item = (
                bool(_LIST_ITEM.match(self.text, line_start))
                and self.text[line_start:s].strip() == ""
            )
            units.append(_Unit(s, e, [i], self._para(s), item))
        return units

    def _quote_spans(self, end: int) -> list[_Quote]:
        text = self.text
        marks = []  # (pos, is_open, para, para_initial)
        for m in _QUOTE.finditer(text, 0, end):
            p = m.start()
            before = text[p - 1] if p > 0 else " "
            after = text[p + 1] if p + 1 < len(text) else " "
            opening_ctx = before.isspace() or before in "([{—–-"
            closing_ctx = (after.isspace() or after in ".,;:!?)]}…—–-") and not before.isspace()
            if opening_ctx and not after.isspace():
                is_open = True
            elif closing_ctx:
                is_open = False
            else:
                g = m.group()
                is_open = g in _OPEN_GLYPHS or (g not in _CLOSE_GLYPHS and opening_ctx)
            para = self._para(p)
            initial = text[self.para_starts[para] : p].strip() == ""
            if not initial:
                ls = text.rfind("\n", 0, p) + 1
                initial = _LIST_ITEM.match(text, ls) is not None and not text[ls:p].strip(
                    " \t-*•–0123456789.)"
                )
            marks.append((p, is_open, para, initial))
        spans: list[_Quote] = []
        i, n = 0, len(marks)
        while i < n:
            p, is_open, para, _ = marks[i]
            if not is_open:
                i += 1
                continue
            cur, j, close = para, i + 1, None
            while j < n:
                q, q_open, q_para, q_initial = marks[j]
                if q_para != cur and (q_para - cur > 3 or (q_open and not q_initial)):
                    break
                if not q_open:
                    close = q + 1
                    j += 1
                    break
                cur = q_para
                j += 1
            if close is None:
                nxt = self.para_starts[cur + 1] if cur + 1 < len(self.para_starts) else end
                close = nxt
            spans.append(_Quote(p, close))
            i = j
        return spans

    def _quote_at(self, pos: int) -> _Quote | None:
        k = bisect.bisect_right(self.quote_starts, pos) - 1
        if k >= 0 and self.quotes[k].start <= pos < self.quotes[k].end:
            return self.quotes[k]
        return None

    def _in_quote(self, pos: int) -> bool:
        return self._quote_at(pos) is not None

    # ------------------------------------------------------------ words and hits
    def _words(self, s: int, e: int) -> list[tuple[int, int, str]]:
        return [(m.start(), m.end(), m.group()) for m in _WORD.finditer(self.text, s, e)]

    def _hits_in(self, s: int, e: int) -> list[Hit]:
        k = bisect.bisect_left(self.hit_starts, s)
        out = []
        while k < len(self.hits) and self.hits[k].start < e:
            h = self.hits[k]
            if h.end <= e:
                out.append(h)
            k += 1
        return out

    def _kb(self) -> Any:
        if not self._kb_loaded:
            self._kb_loaded = True
            try:
                from dossier.knowledge.loader import get_kb

                self.kb = get_kb()
            except (KBError, OSError):
                self.kb = None
        return self.kb

    def _src_of_hit(self, h: Hit) -> _Src:
        return _Src(h.name, h.key, h.kind, self._partisan(h))

    def _partisan(self, h: Hit) -> bool | None:
        d = self.d
        if h.kind in d.partisan_kinds:
            return True
        if h.kind in d.neutral_kinds:
            return False
        if h.kind != "person":
            return None
        kb = self._kb()
        a = kb.actors.get(h.key) if kb is not None else None
        if a is not None and a.affiliations:
            kinds = {
                kb.actors[t].kind for ts in a.affiliations.values() for t in ts if t in kb.actors
            }
            if kinds & d.neutral_kinds:
                return False
            if kinds & d.partisan_kinds:
                return True
        return self._role_partisan(h.start, h.end)

    def _role_partisan(self, s: int, e: int) -> bool:
        """A person's side from the title before the name and the apposition after it:
        "Iran's Defence Minister X", "X, a commander of Y", "X of the Y", "X, a reporter for Y"."""
        d, text = self.d, self.text
        left = text[max(0, s - 80) : s]
        bounds = [m.end() for m in _ROLE_LEFT_BOUND.finditer(left)]
        ls = s - len(left) + (bounds[-1] if bounds else 0)
        le = e
        r = _ROLE_RIGHT.match(text, e)
        if r is not None:
            stop = _ROLE_RIGHT_END.search(text, r.end(), min(len(text), r.end() + 100))
            le = stop.start() if stop else min(len(text), r.end() + 100)
        words = [_strip_poss(w).lower() for ws, _, w in self._words(ls, le) if not s <= ws < e]
        around = [h for h in self._hits_in(ls, le) if h.end <= s or h.start >= e]
        if any(w in d.neutral_roles for w in words) or any(
            h.kind in d.neutral_kinds for h in around
        ):
            return False  # "X, a reporter for Radio Y"
        if any(w in d.partisan_roles for w in words) or any(
            h.kind in d.partisan_kinds for h in around
        ):
            return True  # "X, a commander of the Vale Force"
        return d.person_default_partisan

    # ------------------------------------------------------------ noun phrases
    def _np(self, s: int, e: int) -> _Src | bool:
        """The source a noun phrase names: a named _Src, an unnamed one (``_Src(None)``: "one
        fighter", "the army" with nothing to point back to) or False when it names no speaker."""
        d = self.d
        words = self._words(s, e)
        while words and words[-1][2].lower().rstrip(".") in _SKIP_BEFORE_VERB:
            words.pop()
        while len(words) > 1 and words[0][2].lower() in _LEADING:
            words.pop(0)  # "But the Resistance has stated"
        if not words:
            return False
        s = words[0][0]
        e = words[-1][1]
        first = words[0][2].lower()
        if first in _RELATIVE or first == "that":
            return False
        if (
            not _is_cap(words[0][2])
            and first.endswith(("ed", "ing"))
            and first not in d.anaphora_person
        ):
            return False  # "supported by a bevy of generals", "citing ..."
        hits = self._hits_in(s, e)
        cands: list[tuple[Hit, str | None]] = []  # (hit, governing noun if in a PP)
        prev_pp = False
        prev_end = s
        for h in hits:
            if self.text[h.end : h.end + 1] == "-":
                continue  # "Lebanon-based", "Iran-backed": a modifier, not the speaker
            between = self._words(prev_end, h.start)
            bw = [w for _, _, w in between if w.lower() not in ("the", "a", "an")]
            while bw and _is_cap(bw[-1]) and bw[-1].lower() not in _PREPS:
                bw.pop()  # titles before a name: "close to Ayatollah Ali Khamenei"
            bw = [w.lower() for w in bw]
            gov = None
            in_pp = False
            if bw and bw[-1] in _LOCATIVE:
                in_pp, gov = True, "?"  # "sources in Washington": where, not who
            elif bw and bw[-1] in _PREPS:
                in_pp = True
                k = len(bw) - 2
                if k >= 0 and bw[k] == "close" and bw[-1] == "to":
                    k -= 1
                gov = bw[k] if k >= 0 else None
            elif bw and bw[-1] in ("and", "or") and prev_pp:
                in_pp = True
                gov = cands[-1][1] if cands else None
            cands.append((h, (gov or "?") if in_pp else None))
            prev_pp = in_pp
            prev_end = h.end
        head_words = [w for _, _, w in words]
        lowered = [_strip_poss(w).lower() for w in head_words]
        # a named person at the head ("Iran's Defence Minister Dehqan")
        for h, gov in cands:
            if gov is None and h.kind == "person":
                return self._src_of_hit(h)
        # "a spokesman for X", "sources close to X"; "one fighter with X" credits no one
        for h, gov in cands:
            if gov is None:
                continue
            g = _strip_poss(gov)
            if g in d.individual_nouns:
                return _Src(None, partisan=g in d.partisan_roles or h.kind in d.partisan_kinds)
            if g in d.speaker_nouns or g in d.unnamed_sources:
                if g in ("source", "sources") and h.kind not in d.neutral_kinds:
                    src = self._src_of_hit(h)
                    src.weak = True
                    src.credited = f"{self._clean(s, h.start)} {h.name}"  # "sources close to X"
                    return src
                if g in d.unnamed_sources and g not in d.speaker_nouns:
                    break
                return self._src_of_hit(h)
        heads = [h for h, gov in cands if gov is None]
        if heads:
            pick = None
            for h in heads:
                tail = self.text[h.end : h.end + 2]
                if tail in ("'s", "’s") or self.text[h.end : h.end + 1] in "'’":
                    continue
                pick = h
            if pick is None:
                pick = heads[-1]
            after = self._words(pick.end, e)
            after_w = [_strip_poss(w).lower() for _, _, w in after]
            if (
                after_w
                and after_w[-1] in ("sources", "source")
                and pick.kind not in d.neutral_kinds
                and self.text[pick.end : pick.end + 2] not in ("'s", "’s")
            ):
                return _Src(self._clean(s, e), None, None, None, weak=True)
            if after_w and after_w[-1] in d.individual_nouns and "spokesman" not in after_w:
                return _Src(
                    None, partisan=after_w[-1] in d.partisan_roles or pick.kind in d.partisan_kinds
                )
            src = self._src_of_hit(pick)
            if after_w and after_w[-1] in ("sources", "source") and after[0][0] <= pick.end + 3:
                # "DEBKAfile's military sources": the outlet, credited as written
                src.credited = f"{pick.name}'s {self._clean(after[0][0], e)}".replace(
                    "'s s ", "'s "
                )
            return src
        # no actor named: pronouns, "the group", unnamed sources, a bare name
        pp = next((i for i, w in enumerate(lowered) if i and w in _PREPS), len(lowered))
        head = lowered[pp - 1].rstrip(".")
        det = lowered[0]
        proper = [w for w in head_words[1:] if _is_cap(w) and not _adjectival(w)]
        if len(lowered) <= 4 and not proper:
            if len(lowered) <= 2 and det in ("he", "she", "they", "it", "we"):
                return self._resolve(s, det)  # "He added", "they said"
            anaphoric = head in d.anaphora_person or head in d.anaphora_other
            if det in ("the", "this", "that") and len(lowered) >= 2 and anaphoric:
                r = self._resolve(s, head)  # "the group", "the defence minister"
                if (r is None or not r.named) and head in _ORG_HEADS and det == "the":
                    # "the provincial council said" with no council named before: credited as written
                    return _Src(self._clean(s, e), None, None, None, weak=True)
                return r
            if det in ("their", "its") and (head in d.speaker_nouns or head in d.unnamed_sources):
                return self._resolve_group(s)  # "their commanders", "its spokesman"
        if det == "our" and (head in d.unnamed_sources or head in d.speaker_nouns):
            src = self._resolve_media(s)  # "Our military sources": the outlet's own
            if isinstance(src, _Src):
                src.credited = (
                    f"{src.name}'s {self._clean(words[1][0], e)}" if len(words) > 1 else None
                )
            return src
        if head in d.speaker_nouns or head in d.unnamed_sources:
            # "Iranian leaders", "Iraqi officials": the state the adjective names
            state = self._demonym_state(head_words[:-1])
            if state is not None:
                if head in ("source", "sources", "media", "press"):
                    return _Src(self._clean(s, e), None, None, None, weak=True)
                return state
        singular = det in ("a", "an", "one", "the") and not head.endswith("s")
        if head in d.individual_nouns and (singular or head not in d.unnamed_sources):
            return _Src(None, partisan=head in d.partisan_roles)
        if head in d.unnamed_sources or " ".join(lowered[-2:]) in d.unnamed_sources:
            side = any(h.kind in d.partisan_kinds for h in hits)
            return _Src(self._clean(s, e), None, None, side or None, weak=True)
        if (
            det in ("a", "an", "one")
            and not proper
            and (head in d.partisan_roles or head in d.neutral_roles)
        ):
            # "a Lebanon-based Shia cleric said": credited as written
            return _Src(self._clean(s, e), None, "person", head in d.partisan_roles, weak=True)
        name = self._bare_name(words, e)
        if name is not None:
            return name
        return False

    def _demonym_state(self, words: list[str]) -> _Src | None:
        kb = self._kb()
        if kb is None:
            return None
        for w in words:
            if not (_is_cap(w) and _adjectival(w)):
                continue
            w = _strip_poss(w)
            # "Iraqi" -> Iraq, "Iranian" -> Iran, "Syrian" -> Syria, "Turkish" -> Turkey, ...
            for cand in (w, w[:-1], w[:-3], w[:-3] + "ey", w[:-3] + "on", w + "istan", w[:-2]):
                if len(cand) < 3:
                    continue
                for a, _ in kb.resolve(cand):
                    if a.kind == "state":
                        return _Src(a.name, a.id, a.kind, a.kind in self.d.partisan_kinds)
        return None

    def _clean(self, s: int, e: int) -> str:
        words = self._words(s, e)
        while words and words[0][2].lower() in _DETS:
            words.pop(0)
        if not words:
            return ""
        return _SPACES.sub(" ", self.text[words[0][0] : words[-1][1]]).strip(" ,")

    def _bare_name(self, words: list[tuple[int, int, str]], e: int) -> _Src | None:
        """A capitalised name the actor stage missed: "the Foreign Policy website"."""
        d = self.d
        run: list[tuple[int, int, str]] = []
        for i, (ws, we, w) in enumerate(words):
            low = w.lower()
            if (
                _is_cap(w)
                and low not in _DETS
                and low not in d.intro_words
                and not (not run and _adjectival(w))
            ):
                run.append((ws, we, w))
            elif run and low in _NAME_JOINERS and i + 1 < len(words) and _is_cap(words[i + 1][2]):
                run.append((ws, we, w))  # "Syrian Observatory for Human Rights"
            elif run:
                break
            elif low not in _DETS and not _adjectival(w):
                return None
        if not run:
            return None
        rest = [w.lower() for _, _, w in words[words.index(run[-1]) + 1 :]]
        media = bool(rest) and any(r in d.media_nouns for r in rest)
        s0, e0 = run[0][0], run[-1][1]
        name = _SPACES.sub(" ", self.text[s0:e0])
        name = _strip_poss(name)
        key = name_key(name)
        if not key:
            return None
        sentence_initial = self.text[max(0, s0 - 2) : s0].strip() in ("", ".", "”", '"')
        sentence_initial = sentence_initial or self._line_start(s0)
        # an actor named earlier ("the Resistance" after "the Iranian Resistance")
        toks = set(key.split())
        for h in reversed(self._hits_with(key.split()[-1], s0)):
            if toks <= self._hit_key(h):
                return self._src_of_hit(h)
        kb = self._kb()
        if kb is not None:
            for a, _ in kb.resolve(name):
                return _Src(a.name, a.id, a.kind, self._kind_partisan(a.kind, s0, e0))
        if len(run) == 1 and sentence_initial and not media and run[0][2] not in self._mid_caps():
            return None  # "Militias said": a capitalised common noun, not written so elsewhere
        kind = "media" if media else ("person" if 2 <= len(run) <= 4 else "other")
        return _Src(name, "x:" + key, kind, self._kind_partisan(kind, s0, e0))

    def _hit_key(self, h: Hit) -> set[str]:
        return set(name_key(self.text[h.start : h.end]).split())

    def _hits_with(self, token_key: str, before: int) -> list[Hit]:
        """Named hits before ``before`` whose surface has the given token key (indexed once)."""
        if self._by_token is None:
            self._by_token = {}
            for h in self.hits:
                for t in self._hit_key(h):
                    self._by_token.setdefault(t, []).append(h)
        found = self._by_token.get(token_key, [])
        return found[: bisect.bisect_left([h.start for h in found], before)]

    def _mid_caps(self) -> set[str]:
        """Capitalised words that the text also writes inside a sentence (names, not openers)."""
        if self._caps is None:
            self._caps = {m.group(1) for m in _MID_CAP.finditer(self.text)}
        return self._caps

    def _line_start(self, pos: int) -> bool:
        ls = self.text.rfind("\n", 0, pos) + 1
        return self.text[ls:pos].strip() == ""

    def _kind_partisan(self, kind: str, s: int, e: int) -> bool | None:
        if kind in self.d.partisan_kinds:
            return True
        if kind in self.d.neutral_kinds:
            return False
        if kind == "person":
            return self._role_partisan(s, e)
        return None

    # ------------------------------------------------------------ anaphora
    def _resolve(self, pos: int, head: str) -> _Src:
        """An earlier source or actor that a pronoun or "the group" can point back to."""
        d = self.d
        if head in d.anaphora_person:
            # the subject (first person named) of the latest sentence that names a person
            best: Hit | None = None
            k = bisect.bisect_right(self._unit_starts, pos) - 1
            for ui in range(k, max(-1, k - 6), -1):
                u = self.units[ui]
                people = [
                    h
                    for h in self._hits_in(u.start, min(u.end, pos))
                    if h.kind == "person" and not self._in_quote(h.start)
                ]
                if people:
                    best = people[0]
                    break
            last = self.last_src
            later = best is None or self.last_src_pos > best.start
            if last is not None and last.kind == "person" and last.named and later:
                return last
            return self._src_of_hit(best) if best is not None else _Src(None)
        kinds = d.anaphora_other.get(head, frozenset({"any"}))

        def fits(kind: str | None, name: str | None) -> bool:
            if "any" in kinds:
                return True
            return kind in kinds or (name is not None and head in name.lower().split())

        last = self.last_src
        recent = self.last_src_pos >= self._unit_floor(pos, 10)
        speaks_for = last is not None and (last.kind != "person" or head in ("they", "we"))
        if last is not None and last.named and recent and speaks_for and fits(last.kind, last.name):
            return last
        for h in reversed(self._hits_in(self._unit_floor(pos, 3), pos)):
            if h.kind == "person" or self._in_quote(h.start) or self.text[h.end : h.end + 1] == "-":
                continue
            if fits(h.kind, h.name):
                return self._src_of_hit(h)
        return _Src(None)

    def _resolve_group(self, pos: int) -> _Src:
        """The group a possessive points back to: "their commanders", "its spokesman"."""
        k = bisect.bisect_right(self._unit_starts, pos) - 1
        for ui in (k, k - 1):
            if ui < 0:
                continue
            u = self.units[ui]
            # the subject of the sentence before is the likeliest antecedent
            for h in self._hits_in(u.start, min(u.end, pos)):
                if h.kind == "person" or self._in_quote(h.start):
                    continue
                if self.text[h.end : h.end + 2] in ("'s", "’s"):
                    continue
                return self._src_of_hit(h)
        return self._resolve(pos, "it")

    def _resolve_media(self, pos: int) -> _Src | bool:
        for h in reversed(self._hits_in(0, pos)):
            if h.kind == "media":
                return self._src_of_hit(h)
        return False

    def _unit_floor(self, pos: int, back: int) -> int:
        k = bisect.bisect_right(self._unit_starts, pos) - 1
        return self.units[max(0, k - back)].start if self.units else 0

    # ------------------------------------------------------------ cues
    def _subject(self, u: _Unit, verb_s: int) -> tuple[_Src | bool, int]:
        """The speaker on the left of a reporting verb, and where its clause starts."""
        text = self.text
        bound = u.start
        seg = text[u.start : verb_s]
        sub = False
        for m in _SUBJECT_BOUND.finditer(seg):
            bound = u.start + m.end()
            sub = m.group().strip().lower() in _SUBORDINATORS and "," not in seg[m.end() :]
        if sub:
            return False, bound  # "just as ISIS has announced its caliphate": not a credit
        # comma (and dash) separated segments, right to left: "X, the commander of Y, said"
        cuts = [bound] + [bound + m.end() for m in _SEGMENT_CUT.finditer(text[bound:verb_s])]
        ends = [c - 1 for c in cuts[1:]] + [verb_s]
        segs = [(a, b) for a, b in zip(cuts, ends, strict=True) if text[a:b].strip()]
        for k in range(len(segs) - 1, max(-1, len(segs) - 4), -1):
            a, b = segs[k]
            words = self._words(a, b)
            if not words:
                continue
            first = words[0][2].lower()
            if first in ("which", "who", "whom", "whose") and "," not in text[b:verb_s]:
                return False, a  # "Iran, which has long said ...": a relative clause
            if first in self.d.intro_words and k < len(segs) - 1:
                break  # "In a speech in October," "Friday,": no speaker further left
            r = self._np(a, b)
            if r is False:
                continue
            if k > 0 and self._appositive(words):
                # an apposition: "X, the commander of Y, said" -> X
                pa, pb = segs[k - 1]
                pw = self._words(pa, pb)
                if pw and pw[0][2].lower() not in self.d.intro_words:
                    pr = self._np(pa, pb)
                    if isinstance(pr, _Src) and pr.named:
                        return pr, pa
            return r, a
        return False, bound

    def _appositive(self, words: list[tuple[int, int, str]]) -> bool:
        d = self.d
        lw = [_strip_poss(w).lower() for _, _, w in words]
        if lw[0] in ("a", "an", "the"):
            return any(
                w in d.partisan_roles or w in d.neutral_roles or w in d.speaker_nouns
                for w in lw[1:5]
            )
        return not _is_cap(words[0][2]) and (
            lw[0] in d.partisan_roles or lw[0] in d.neutral_roles or lw[0] in d.speaker_nouns
        )

    def _np_right(self, s: int, limit: int) -> tuple[_Src | None | bool, int]:
        text = self.text
        e = limit
        for m in _NP_RIGHT_END.finditer(text, s, limit):
            if m.group() == "." and _TITLE_ABBREV.search(text, max(s, m.start() - 6), m.start()):
                continue  # "said Dr. Shirin Faraj": the title's full stop ends nothing
            e = m.start()
            break
        # "according to Amnesty International's report" -> up to the noun phrase end
        return self._np(s, e), e

    def _credit_for(self, u: _Unit, cs: int, ce: int, phrase: str) -> _Credit | None:
        rx, d, text = self.rx, self.d, self.text
        roles = rx.roles.get(phrase, frozenset())
        if "as_saying" in roles and len(roles) == 1:
            return None
        prev_words = self._words(max(u.start, cs - 40), cs)
        prev = prev_words[-1][2].lower() if prev_words else ""
        if "credit_before" in roles:
            described = prev in _BE or prev in ("often", "widely", "frequently", "also")
            if described and phrase.startswith(("quoted", "cited", "as quoted", "as cited")):
                return None  # "X is often quoted by Y as ...": a description
            r, _ = self._np_right(ce, u.end)
            if r is False:
                return _Credit(cs, ce, None, "according-unnamed", cs, weak=True)
            src = r if isinstance(r, _Src) and r.named else None
            return _Credit(
                cs,
                ce,
                src,
                "according" if "according" in phrase else "credit-by",
                cs,
                weak=src is None or src.weak,
            )
        if "interview" in roles:
            r, _ = self._np_right(ce, u.end)
            if isinstance(r, _Src) and r.named and r.kind not in d.neutral_kinds:
                return _Credit(cs, ce, r, "interview", cs)
            return None
        before = text[u.start : cs]
        if "quote_verbs" in roles:
            m = _AS_SAYING.search(text[ce : u.end])
            if m and m.start() < 160:
                inner, _ = self._np_right(ce, ce + m.start())
                if phrase in ("quoting", "citing"):
                    outer, anchor = self._main_subject(u, cs)
                else:
                    outer, anchor = self._subject(u, cs)
                outer_src = outer if isinstance(outer, _Src) and outer.named else None
                if isinstance(inner, _Src) and inner.named:
                    return _Credit(
                        cs,
                        ce,
                        inner,
                        "quoted-as-saying",
                        anchor,
                        outer=[outer_src] if outer_src else [],
                    )
                return _Credit(cs, ce, outer_src, "quoted-as-saying", anchor)
        if (
            "statement_markers" in roles
            and "speech_verbs" not in roles
            or ("statement_markers" in roles and prev in d.noun_before)
        ):
            return self._statement(u, cs, ce)
        if "participles" in roles:
            lead = text[max(u.start, cs - 12) : cs].rstrip()
            if not (
                lead.endswith((",", "—", "–", "-")) or prev in ("and", "while", "before", "after")
            ):
                return None  # "the prior warning", "is saying": not a clause of its own
            r, anchor = self._main_subject(u, cs)
            if isinstance(r, _Src):
                return _Credit(cs, ce, r if r.named else None, "participle", anchor, weak=True)
            return None
        if "speech_verbs" in roles or "inverted_verbs" in roles:
            if phrase in d.noun_like_verbs and (
                prev in d.noun_before or not prev or not _clause_next(text, ce)
            ):
                if "statement_markers" in roles:
                    return self._statement(u, cs, ce)  # "X's report lists ..."
                return None  # "the reports", "Gulf states funded ..."
            if prev in _BE or prev in ("to", "not", "never", "n't"):
                return None  # passive, infinitive or negated: "it was reported", "did not say"
            if _BY_OR_TO_BE.match(text[ce : ce + 12]):
                return None  # "reported by X" (a credit phrase), "said to be" (a hedge)
            lead = before.rstrip()
            if "inverted_verbs" in roles and lead[-1:] in (",", "”", '"', "’", "'"):
                r, _ = self._np_right(ce, u.end)
                if r is not False:
                    src = r if isinstance(r, _Src) and r.named else None
                    return _Credit(
                        cs,
                        ce,
                        src,
                        "inverted",
                        u.start,
                        weak=src is None,
                        unnamed=r if isinstance(r, _Src) and not r.named else None,
                    )
            tail = _TRAILING_SPEAKER.search(text, u.start, cs)
            if tail is not None and not text[ce : u.end].strip(" .\n\t\"”'’"):
                # "Thousands flee villages near Saadiya, council says": the speaker is
                # the phrase before the verb, not the subject of the whole sentence
                r, anchor = self._np(tail.start(1), tail.end(1)), tail.start(1)
            else:
                r, anchor = self._subject(u, cs)
            if r is False:
                return None
            src = r if isinstance(r, _Src) and r.named else None
            rule = "verb-anaphora" if src is not None and src is self.last_src else "verb"
            return _Credit(
                cs,
                ce,
                src,
                rule,
                anchor,
                weak=src is None or src.weak,
                unnamed=r if isinstance(r, _Src) and not r.named else None,
            )
        return None

    def _main_subject(self, u: _Unit, pos: int) -> tuple[_Src | None | bool, int]:
        """The subject of the sentence a participle hangs on."""
        text = self.text
        segs = []
        a = u.start
        for m in _COMMA.finditer(text[u.start : pos]):
            segs.append((a, u.start + m.start()))
            a = u.start + m.end()
        segs.append((a, pos))
        for a, b in segs[:3]:
            words = self._words(a, b)
            if not words or words[0][2].lower() in self.d.intro_words:
                continue
            # the subject is the noun phrase before the first verb-looking word
            stop = b
            for ws, _, w in words[1:]:
                if w.islower() and (w in _BE or w in ("has", "have", "had") or w.endswith("ed")):
                    stop = ws
                    break
            r = self._np(a, stop)
            if r is not False:
                return r, a
        return False, u.start

    def _statement(self, u: _Unit, cs: int, ce: int) -> _Credit | None:
        text = self.text
        left = text[max(u.start, cs - 60) : cs]
        m = _IN_PHRASE_END.search(left)
        if not m:
            # "X's statement": a possessive right before the noun
            words = self._words(max(u.start, cs - 60), cs)
            hits = self._hits_in(max(u.start, cs - 60), cs)
            if hits and words and text[hits[-1].end : hits[-1].end + 2] in ("'s", "’s"):
                gap = self._words(hits[-1].end + 2, cs)
                if len(gap) <= 2:
                    return _Credit(
                        cs, ce, self._src_of_hit(hits[-1]), "possessive", u.start, weak=True
                    )
            return None
        ms = cs - len(left) + m.start()
        inner = self._words(ms, cs)
        for h in self._hits_in(ms, cs):
            if text[h.end : h.end + 2] in ("'s", "’s"):
                return _Credit(ms, ce, self._src_of_hit(h), "statement", u.start, weak=True)
        owner = [w.lower() for _, _, w in inner]
        if any(w in ("its", "their", "his", "her") for w in owner):
            r = self._resolve(ms, "it" if "its" in owner or "their" in owner else "he")
            src = r if isinstance(r, _Src) and r.named else None
            return _Credit(ms, ce, src, "statement", u.start, weak=True)
        # "In a statement, X condemned ..." -> the first actor after the comma
        c = text.find(",", ce, u.end)
        if c >= 0 and c - ce < 80:
            for h in self._hits_in(c, min(u.end, c + 80)):
                return _Credit(ms, ce, self._src_of_hit(h), "statement", u.start, weak=True)
        return _Credit(ms, ce, None, "statement", u.start, weak=True)

    # ------------------------------------------------------------ main
    def _explicit(self, u: _Unit) -> list[_Credit]:
        k = bisect.bisect_left(self.cue_starts, u.start)
        out: list[_Credit] = []
        while k < len(self.cues) and self.cues[k][0] < u.end:
            cs, ce, phrase = self.cues[k]
            k += 1
            if ce > u.end:
                continue
            c = self._credit_for(u, cs, ce, phrase)
            if c is not None:
                out.append(c)
                if c.src is not None and c.src.named and not c.weak:
                    self._note(c.src, cs)
        return out

    def _note(self, src: _Src, pos: int) -> None:
        if pos >= self.last_src_pos:
            self.last_src = src
            self.last_src_pos = pos

    def run(self) -> list[Attribution]:
        self._unit_starts = [u.start for u in self.units]
        explicit = [self._explicit(u) for u in self.units]
        self._speakers(explicit)
        out: list[Attribution] = []
        # a source handed on by "X said:" (to what follows and its list items) or by a
        # sentence that only credits ("X's sources report.") to the next sentence
        carry: tuple[_Src, _Credit, bool] | None = None
        fresh = False
        ambient: tuple[_Src, _Credit] | None = None
        for ui, u in enumerate(self.units):
            creds = [
                c for c in explicit[ui] if c.src is not None or not c.weak or c.unnamed is not None
            ]
            parts = self._parts(u, creds)
            if parts:
                for s, e, c, src in parts:
                    for si in u.sents:
                        ss, se = self.sents[si]
                        a, b = max(s, ss), min(e, se)
                        if a < b:
                            out.append(self._make(a, b, src, c, c.rule))
                carry = None
                _, _, c, src = parts[-1]
                own = src is not None and src.kind == "media" and "sources" in (src.credited or "")
                if own and self.d.outlet_sources_carry:
                    ambient = (src, c)  # the outlet reports from its own sources
                if src is not None and src.named:
                    colon = self.text[u.start : u.end].rstrip().endswith(":")
                    if colon or self._cue_only(u, c):
                        carry, fresh = (src, c, colon), True
                continue
            q = self._covering_quote(u)
            if q is not None and q.speaker is not None:
                src, cred, rule = q.speaker, q.credit, "quote"
                self._note(q.speaker, u.start)
                carry = None
            elif carry is not None and (fresh or (carry[2] and u.list_item)):
                src, cred, rule = carry[0], carry[1], "carried"
                fresh = False
                if not carry[2]:
                    carry = None
            elif ambient is not None and not self._heading(u):
                src, cred, rule = ambient[0], ambient[1], "outlet-sources"
                carry = None
            else:
                src, cred, rule = None, None, "author"
                carry = None
            if self._heading(u):
                ambient = None
            for si in u.sents:
                ss, se = self.sents[si]
                out.append(self._make(ss, se, src, cred, rule))
        return out

    def _heading(self, u: _Unit) -> bool:
        """A title, date line or separator: where one article of a compilation ends."""
        t = self.text[u.start : u.end].strip()
        return not _terminal(t) and len(t.split()) <= 16 and not u.list_item

    def _cue_only(self, u: _Unit, c: _Credit) -> bool:
        """Does the sentence only credit a source ("X's military sources report.")?"""
        rest = self.text[c.cue_e : u.end].strip(" .:–-\n")
        if rest:
            return False
        words = self._words(u.start, c.anchor)
        return all(
            w.lower().rstrip(".") in self.d.intro_words or not w.isalpha() or _is_cap(w)
            for _, _, w in words
        )

    def _covering_quote(self, u: _Unit) -> _Quote | None:
        k = bisect.bisect_right(self.quote_starts, u.end) - 1
        while k >= 0:
            q = self.quotes[k]
            if q.end > u.start and q.start < u.end and q.speaker is not None:
                # the quote must cover most of the sentence
                inside = min(q.end, u.end) - max(q.start, u.start)
                if inside * 2 >= (u.end - u.start) or q.start <= u.start:
                    return q
            if q.end <= u.start:
                break  # quotations do not overlap: the earlier ones end earlier still
            k -= 1
        return None

    def _speakers(self, explicit: list[list[_Credit]]) -> None:
        """Who speaks each quotation: the cue before it, or the one right after it."""
        unit_of = [u.start for u in self.units]
        prev: _Quote | None = None
        for q in self.quotes:
            ui = bisect.bisect_right(unit_of, q.start) - 1
            if ui < 0:
                continue
            best: _Credit | None = None
            for c in explicit[ui]:
                if c.cue_e <= q.start and c.src is not None:
                    best = c  # the last credit before the opening mark
            if best is None:
                uj = bisect.bisect_right(unit_of, max(q.start, q.end - 1)) - 1
                for c in explicit[uj] if uj >= 0 else []:
                    if c.cue_s >= q.end - 1 and c.cue_s - q.end < 80 and c.src is not None:
                        best = c
                        break
            if best is None:
                for c in explicit[ui]:
                    if c.src is not None and not (q.start <= c.cue_s < q.end):
                        best = c
                        break
            if best is not None:
                q.speaker = best.src
                q.credit = best
            elif prev is not None and prev.speaker is not None:
                # a quotation right after a quoted one, in the same paragraph or opening the
                # next: the same speaker ("“A,” X said. “B.”")
                pp, qp = self._para(prev.end - 1), self._para(q.start)
                gap = self.text[prev.end : q.start]
                same = qp == pp and len(gap) < 200 and not _QUOTE.search(gap)
                if same or (
                    qp - pp == 1 and self.text[self.para_starts[qp] : q.start].strip() == ""
                ):
                    q.speaker, q.credit = prev.speaker, prev.credit
            prev = q

    def _parts(self, u: _Unit, creds: list[_Credit]) -> list[tuple[int, int, _Credit, _Src | None]]:
        """The unit's spans and who each is credited to."""
        if not creds:
            return []
        region: dict[int, int] = {}
        for c in creds:
            region[id(c)] = u.start
            # nested in a quotation spoken by someone else: "X said: “… Y unveiled …"
            q = self._quote_at(c.cue_s)
            if q is None or q.speaker is None or q.credit is c or c.src is None:
                continue
            if q.speaker.name != c.src.name:
                c.outer = [q.speaker, *c.outer]
                if q.start >= u.start:
                    region[id(c)] = q.start
        for c in creds:
            if c.unnamed is not None and c.unnamed.partisan:
                q = self._quote_at(c.cue_s) or self._covering_quote(u)
                if (
                    q is not None
                    and q.speaker is not None
                    and q.speaker.named
                    and not q.speaker.partisan
                ):
                    # "…,’ said one fighter with X": the outlet relays a party's account
                    sp = q.speaker
                    c.src = _Src(sp.name, sp.key, sp.kind, True, sp.weak)
                    c.weak = False
                    region[id(c)] = max(u.start, q.start)
        named = [c for c in creds if c.src is not None]
        if not named:
            c = creds[0]
            q = self._covering_quote(u)
            if q is not None and q.speaker is not None:
                return [(u.start, u.end, q.credit or c, q.speaker)]
            if c.rule in ("inverted", "verb", "quoted-as-saying"):
                # an unnamed speaker ("one fighter said"): the text credits no one by name
                return [(u.start, u.end, c, None)]
            return []
        # a weak credit gives way to a named one in the same clause
        strong = [c for c in named if not c.weak]
        keep = []
        for c in named:
            if c.weak and any(
                self._connector_between(min(c.cue_e, o.cue_e), max(c.cue_s, o.cue_s)) is None
                for o in strong
            ):
                continue
            keep.append(c)
        # a credit phrase and a verb in one clause: "Y said, according to X" -> [X, Y]
        by = [c for c in keep if c.rule in ("according", "credit-by")]
        verbs = [c for c in keep if c.rule not in ("according", "credit-by")]
        for v in verbs:
            for b in by:
                if b.src is None or v.src is None or b not in keep:
                    continue
                if b.src.name != v.src.name and v.src.weak:
                    keep.remove(v) if v in keep else None
                    break
                if self._connector_between(min(b.cue_e, v.cue_e), max(b.cue_s, v.anchor)) is None:
                    if b.src.name != v.src.name:
                        v.outer = [*v.outer, b.src]
                    keep.remove(b)
        keep.sort(key=lambda c: (region[id(c)], c.cue_s))
        # split where the source changes across a clause boundary
        parts: list[tuple[int, int, _Credit, _Src | None]] = []
        cur = keep[0]
        start = u.start
        for c in keep[1:]:
            if (
                c.src is not None
                and cur.src is not None
                and c.src.name == cur.src.name
                and c.src.partisan == cur.src.partisan
            ):
                continue
            if region[id(c)] > u.start:
                cut: int | None = region[id(c)]
            else:
                cut = self._connector_between(cur.cue_e, max(c.anchor, cur.cue_e))
                if cut is None:
                    cut = self._connector_between(cur.cue_e, c.cue_s)
            if cut is None or cut <= start:
                continue
            parts.append((start, cut, cur, cur.src))
            start, cur = cut, c
        parts.append((start, u.end, cur, cur.src))
        return parts

    def _connector_between(self, a: int, b: int) -> int | None:
        if b <= a:
            return None
        last = None
        for m in _CONNECTOR.finditer(self.text, a, b):
            last = m.start()
        return last

    def _make(self, s: int, e: int, src: _Src | None, c: _Credit | None, rule: str) -> Attribution:
        if src is None or not src.named:
            if c is None:
                return Attribution(s, e, None, None, None, None, [], rule)
            return Attribution(
                s, e, None, self.text[c.cue_s : c.cue_e], c.cue_s, c.cue_e, [], rule + "-unnamed"
            )
        chain: list[str] = []
        for o in c.outer if c is not None else []:
            if (
                o is not None
                and o.name
                and (not chain or chain[-1] != o.name)
                and o.name != src.name
            ):
                chain.append(o.name)
        chain.append(src.name)  # type: ignore[arg-type]
        cue = self.text[c.cue_s : c.cue_e] if c is not None else None
        return Attribution(
            s,
            e,
            src.name,
            cue,
            c.cue_s if c else None,
            c.cue_e if c else None,
            chain,
            rule,
            src.kind,
            src.partisan,
            src.credited or src.name,
        )


def attribute(
    text: str, sentences: Sequence[tuple[int, int]], hits: Sequence[Hit]
) -> list[Attribution]:
    """One Attribution per sentence (in order; some sentences may be split into parts when a
    clause boundary changes the source). Reported speech and quotations that run over several
    sentences and paragraphs keep their source: an opening quote mark without a closing one in
    the same sentence continues the quoted speaker; a paragraph that starts with a quote
    continues the speaker of a following "he said"; "The group also said…", "He added…", "the
    statement said" resolve to the last named source; "It said"/"The statement added" continue.
    """
    if not sentences:
        return []
    return _Analyzer(text, sentences, hits, _compiled()).run()


def source_at(attributions: Sequence[Attribution], pos: int) -> Attribution | None:
    """The attribution whose span holds ``pos`` (or the last one starting before it)."""
    best = None
    for a in attributions:
        if a.start <= pos < a.end:
            return a
        if a.start <= pos:
            best = a
    return best


# --------------------------------------------------------------------------
# status_for()


def _same_actor(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    if name_key(a) == name_key(b):
        return True
    try:
        from dossier.knowledge.loader import get_kb

        kb = get_kb()
    except (KBError, OSError):
        return False
    ia = {x.id for x, _ in kb.resolve(a)}
    return bool(ia) and bool(ia & {x.id for x, _ in kb.resolve(b)})


def _named_before(text: str, start: int, pos: int, actor: str | None) -> bool:
    """Is ``actor`` (or one of its knowledge-base names) named in text[start:pos]?"""
    if not actor or pos <= start:
        return False
    keys = set(name_key(text[start:pos]).split())
    names = [actor]
    try:
        from dossier.knowledge.loader import get_kb

        for a, _ in get_kb().resolve(actor):
            names += a.aliases + a.metonyms + a.acronyms
    except (KBError, OSError):
        pass
    for n in names:
        k = name_key(n).split()
        if k and k[-1] in keys:
            return True
    return False


def _source_partisan(attribution: Attribution, rx: _Rx) -> bool:
    if attribution.partisan is not None:
        return attribution.partisan
    kind = attribution.source_kind
    if kind is None and attribution.source:
        try:
            from dossier.knowledge.loader import get_kb

            found = get_kb().resolve(attribution.source)
        except (KBError, OSError):
            found = []
        kind = found[0][0].kind if found else None
    if kind in rx.d.partisan_kinds:
        return True
    if kind == "person":
        return rx.d.person_default_partisan
    return False


# the status cues of the latest text's spans: the events of one sentence share a span
_STATUS_SEEN: list[tuple[str, dict[tuple[int, int], dict[str, tuple[int, str]]]]] = [("", {})]


def _status_cues(rx: _Rx, text: str, start: int, end: int) -> dict[str, tuple[int, str]]:
    """The first cue of each status class in text[start:end]: class -> (offset, cue)."""
    seen = _STATUS_SEEN[0]  # one read: another thread may replace it meanwhile
    if seen[0] is not text:
        seen = (text, {})
        _STATUS_SEEN[0] = seen
    cached = seen[1].get((start, end))
    if cached is not None:
        return cached
    found: dict[str, tuple[int, str]] = {}
    low = _lowered(text) if rx.status_ci_low is not None else None
    if low is not None:  # the same matches in the lower-cased text; the cue as written
        for m in rx.status_ci_low.finditer(low, start, end):  # type: ignore[union-attr]
            cls = rx.status_class.get(_norm_phrase(m.group()))
            if cls and cls not in found:
                found[cls] = (m.start(), text[m.start() : m.end()])
    else:
        for m in rx.status_ci.finditer(text, start, end):
            cls = rx.status_class.get(_norm_phrase(m.group()))
            if cls and cls not in found:
                found[cls] = (m.start(), m.group())
    for m in rx.status.finditer(text, start, end):
        cls = m.lastgroup
        if cls and (cls not in found or m.start() < found[cls][0]):
            found[cls] = (m.start(), m.group())
    if len(seen[1]) < 10_000:
        seen[1][(start, end)] = found
    return found


def status_for(
    text: str,
    start: int,
    end: int,
    attribution: Attribution | None,
    actor1: str | None = None,
    actor1_kind: str | None = None,
    own_deed: bool = False,
) -> tuple[str, str | None]:
    """(status, cue) for an event stated in text[start:end]: 'denied' (denied, rejected claims,
    dismissed reports, "did not", "never", refuted), 'planned' (plans to, will, is expected to,
    intends, is set to, announced it would, upcoming), 'hypothetical' (if, would, could, may,
    might, threatened to, unless, in case), 'claimed' (reportedly, allegedly, unconfirmed,
    claimed, is said to, purportedly, rumoured; or the source is a party to the conflict), else
    'asserted'. The cue is the word(s) that set it (None for asserted).

    ``own_deed``: the event is a deed, not a speech act (an attack, aid, a deployment).
    A party to the conflict telling of its own deed ("Iranian officials said they
    trained the militias") is then 'claimed' too; its own statement, threat or demand
    stays 'asserted': that it was made is the fact.
    """
    rx = _compiled()
    found = dict(_status_cues(rx, text, start, end))
    if "conditional" in found:
        # "threatened to attack if they did not leave": a negation inside the condition
        # is part of the condition, not a denial of the event
        cond_at = found["conditional"][0]
        for cls in ("negated", "denied"):
            if cls in found and found[cls][0] > cond_at:
                del found[cls]
    speaker_is_actor = attribution is not None and _same_actor(actor1, attribution.source)
    low = _lowered(text) if rx.acts_low is not None else None
    if low is not None:
        act = rx.acts_low.search(low, start, end)  # type: ignore[union-attr]
    else:
        act = rx.acts.search(text, start, end)
    if act is not None and (speaker_is_actor or _named_before(text, start, act.start(), actor1)):
        # the actor's own verbal act: what it threatens, pledges or demands is part of the act
        for cls in ("conditional", "planned", "hypothetical"):
            if cls in found and found[cls][0] > act.start():
                del found[cls]
    for cls, status in (
        ("denied", "denied"),
        ("conditional", "hypothetical"),
        ("negated", "denied"),
        ("planned", "planned"),
        ("hypothetical", "hypothetical"),
        ("claimed", "claimed"),
    ):
        if cls in found:
            return status, found[cls][1]
    partisan = attribution is not None and attribution.source and (own_deed or not speaker_is_actor)
    if partisan and _source_partisan(attribution, rx):  # type: ignore[arg-type]
        return "claimed", attribution.cue  # type: ignore[union-attr]
    return "asserted", None
