"""Place extraction: every place a text names, resolved against the gazetteer.

One pass over the text builds a stream of normalised word keys (capitalised words,
name connectors, articles dropped; every other word or punctuation becomes a
``|`` barrier) with a map back to character offsets. The gazetteer's
Aho-Corasick automaton finds every indexed name in that stream at once; the
longest non-overlapping matches are the candidate mentions. Each is then judged
on the words around it:

* what kind of place the words say it is ("Diyala province", "the city of X",
  "X, Y and Z provinces", "the Sinjar and Qandil mountains");
* whether it is a place at all: a part of an actor's name ("Baghdad government",
  "Diyala Operations Command", the caller's ``blocked`` spans), a capital standing
  for its government (:func:`is_metonym`), a common word ("Hit", "Of") or a
  personal name ("Qasem", "Sadr") without a locative cue, a word inside a longer
  proper name ("Prime Minister Al-Abadi");
* which place it is: the countries and provinces the document names (and
  ``country_hint``), nearby places, coordinated lists ("Sistan, Azerbaijan, Shiraz
  and Esfahan"), then population.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import NamedTuple

from dossier.extract.regexes import first_char_guard
from dossier.geo.gazetteer import REGION3, GazEntry, Gazetteer, load_gazetteer
from dossier.geo.normalize import (
    ARTICLES,
    EZAFE,
    levenshtein,
    name_keys,
    spelling_distance,
    word_light,
    word_loose,
    word_medium,
)
from dossier.model import Mention, Place

__all__ = ["extract_places", "is_metonym"]


# patterns used per call, compiled once
_POSS_AFTER = re.compile(r"['’]s\s+([\w-]+)(?:\s+([\w-]+))?")
_WORD_AFTER = re.compile(r"\s+([A-Za-z]+)")
_AGAINST_END = first_char_guard(r"\bagainst\s+(?:the\s+)?$", re.I)
_AND_NAME_AFTER = re.compile(r"\s+(?:and|or)\s+[A-Z][\w’']*(?:['’]s)?(?=\s)")
_VERB_WORD = re.compile(r"[A-Za-z’'-]+")
_COMMA_START = re.compile(r"\s*,")
_MODIFIER_AFTER = re.compile(r"(?:\s+|-)([A-Za-z]+)")
_SENT_SPLIT = re.compile(r"[.!?\n]")
_LINE_WORD = re.compile(r"[A-Za-z’']+")
_NAME_WORD = re.compile(r"[^\W\d_]+(?:['’ʿʾ`][^\W\d_]+)*")


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


_DIRECTIONS = _wordset(
    "eastern western northern southern central upper lower greater east west north south"
)
_LOC_PREPS = _wordset(
    "in at near from to into outside around toward towards across throughout inside via "
    "through between within beyond entered reached around nearby"
)
_OF_PLACE_NOUNS = _wordset(
    "city cities town towns village villages suburb suburbs district districts neighbourhood "
    "neighborhood neighbourhoods neighborhoods area areas outskirts region province provinces "
    "governorate governorates north south east west northeast northwest southeast southwest "
    "km kilometres kilometers miles residents people battle liberation capture fall siege "
    "centre center heart part parts streets east west outskirt township camp"
)
_POP_NOUNS = _wordset(
    "city cities town towns village villages suburb suburbs township townships neighbourhood "
    "neighborhood neighbourhoods neighborhoods"
)
_DISTRICT_NOUNS = frozenset(("district", "districts", "subdistrict", "sub-district"))
_PROV_NOUNS = frozenset(("province", "provinces", "governorate", "governorates"))
_MOUNT_NOUNS = frozenset(("mountains", "mountain", "mountain range", "range", "hills"))
_SKIP_ADJ = _wordset(
    "the northern southern eastern western central north south east west northeast northwest "
    "southeast southwest iraqi iranian syrian kurdish turkish lebanese saudi jordanian israeli "
    "palestinian egyptian yemeni afghan pakistani russian american british french holy oil "
    "border strategic nearby restive besieged embattled mainly predominantly largely sunni "
    "shiite shia christian yazidi mixed key main whole entire"
)
# Words after a name that make it part of an organisation's or actor's name.
_ORG_HEADS = _wordset(
    """Government Regime Authorities Authority Operations Command Police Council Company
    Corporation University Brigade Brigades Division Army Forces Force Party Movement Front Post
    Times Journal Institute Center Centre Agency Bank Club Committee Ministry Tribune Herald Daily
    Airways Airlines Air TV Television Radio Media News Gazette Observer Chronicle Process Accords
    Agreement Protocol Declaration Regional Oil Province-based Group Organization Organisation
    Foundation Office Embassy Consulate Court Guard Guards Corps Battalion Regiment Unit Units
    Mobilization Network Federation Association Society League Union Alliance Coalition Assembly
    Parliament Cabinet Administration Directorate Commission Conference Summit Initiative Fund
    Electric Petroleum Gas Refinery Airport-based Stock Exchange Declaration Security Intelligence
    Revolutionary Islamic Studies Review Monitor Observatory"""
)
_ORG_HEADS_LOWER = frozenset(
    ("government", "regime", "authorities", "police", "officials", "administration", "leadership")
)
_HYPHEN_NOT_PLACE = re.compile(
    r"-(?:backed|led|sponsored|funded|allied|aligned|affiliated|linked|supported|friendly|"
    r"trained|armed|made|dominated|controlled|oriented|leaning|centric|style|type|class)\b",
    re.I,
)
_ALLOWED_PREV_CAP = _wordset(
    """the in at from to near outside across around inside into of on and or but while when
    after before since until as like for with without between through toward towards via within
    beyond over under both only even also then now meanwhile northern southern eastern western
    central north south east west greater old upper lower downtown iraqi iranian syrian kurdish
    turkish lebanese saudi jordanian israeli palestinian egyptian yemeni afghan pakistani russian
    american british french german islamic occupied liberated sunni shiite shia christian yazidi
    arab neighbouring neighboring mainly predominantly largely across where here there if
    although though despite during against by this that these those its their his her our
    with"""
)
_ALLOWED_NEXT_CAP = _wordset(
    """Province Governorate City District Region Mountains Mountain River Valley Plains Plain
    Desert Lake Sea Gulf Dam Airport Base Camp Bridge Road Highway Street Square Strait Island
    Peninsula Heights Sub-district Subdistrict Area Border Crossing Front And Or In On At From To
    For With Into After Before As By Is Was Has Will Says Said Near Outside Under Over Amid
    January February March April May June July August September October November December
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday"""
)
_SENT_END = re.compile(r"(?:^|[.!?:;\n\"“”‘(\[—–|*])\s*$")
_FUNCTION_WORDS = _wordset(
    """and or but nor in on at to for from with by of before after since until as is was are
    were has had have will would could should can may might must did does do said says also
    itself alone instead too again now then when while where which who that this through into
    over under about against between during without within because if so than yet last next
    ago today yesterday tomorrow"""
)
_LIST_GAP = re.compile(r"\s*(?:,|and|or|&|,\s*and|,\s*or)\s*\Z")

# ---------------------------------------------------------------- metonymy
_METONYM_VERBS = _wordset(
    """said says say announced announces warned warns accused accuses denied denies claimed
    claims insisted insists wants want wanted uses use used knows knew expects expected hopes
    hoped sees saw believes believed demanded demands rejected rejects condemned condemns supports
    supported backs backed sent sends threatened threatens urged urges responded responds agreed
    agrees refused refuses signed signs ordered orders decided decides plans planned seeks sought
    tried tries argues argued considers considered views viewed regards blamed blames called calls
    asked asks told tells offered offers vowed vows pledged pledges stressed stresses insisted
    welcomed welcomes praised praises criticised criticized criticises criticizes summoned
    summons recalled recalls imposed imposes launched launches approved approves opposed opposes
    fears feared needs needed aims aimed intends intended seems seemed appears appeared
    continues continued declined declines retaliated responded wanted denounced denounces
    dismissed dismisses confirmed confirms acknowledged acknowledges admitted admits"""
)
_AUX = _wordset(
    """has had have is was are were will would could should must may might can cannot does did
    do"""
)
_ADVERBS = _wordset(
    """also quite obviously reportedly apparently clearly now already still then thereupon
    never long always again just really allegedly officially firmly strongly repeatedly
    been being not"""
)
_METONYM_POSSESSED = _wordset(
    """interference role influence aim aims policy policies strategy support backing proxies
    allies mullahs regime government leadership rulers leaders officials decision decisions
    hope hopes plan plans scheme schemes intentions objectives ambitions response position stance
    control candidate ideological involvement interests meddling expansion behaviour behavior
    nuclear military agents forces militias relationship relations ties demands refusal approval
    blessing efforts attempt attempts message warning threat threats doomed specific absolute
    hand grip orders envoy ambassador diplomats ally proxy own official view views agenda
    insistence reluctance willingness decision-making throat patronage goals goal game gambit
    hegemony dominance domination designs pressure demand request"""
)
_METONYM_BEFORE = [
    first_char_guard(
        r"\b(?:backed|supported|funded|armed|sponsored|directed|controlled|run|ordered|instructed|"
        r"pressured|financed|trained|favou?red|opposed|criticised|criticized|condemned|welcomed|"
        r"blamed|accused|praised|rejected|recognised|recognized|sanctioned|approved|dominated|"
        r"influenced|manipulated|guided|equipped|paid|hired|endorsed) by\s+(?:the\s+)?$",
        re.I,
    ),
    first_char_guard(
        r"\b(?:orders|instructions|directives|pressure|support|funding|backing|approval|blessing|"
        r"diktat|dictates|permission|money|weapons|help|aid|guidance|objections|demands|"
        r"criticism|condemnation|warnings?|threats?|signals?|messages?) from\s+(?:the\s+)?$",
        re.I,
    ),
    first_char_guard(
        r"\b(?:loyal|close|allied|beholden|subservient|hostile|opposed|concessions?|message|"
        r"appeal|letter|ultimatum|allegiance|proxies|proxy|answerable|accountable|subordinate|"
        r"closer|aligned|reply|response|overtures?|offer) to\s+(?:the\s+)?$",
        re.I,
    ),
    first_char_guard(
        r"\b(?:warned|urged|pressed|told|asked|accused|blamed|criticised|criticized|condemned|"
        r"called on|lobbied|pressured|threatened|reassured|informed|thanked|convinced|persuaded|"
        r"forced|allowed|invited|sanctioned|punished|supported|backed|opposed|defied|challenged)"
        r"\s+(?:[A-Z][\w’']*\s+(?:and|or)\s+)?$"
    ),
    first_char_guard(
        r"\b(?:relations?|ties|talks|deal|rift|dispute|agreement) (?:between|with)\s+$", re.I
    ),
]
_ATTACK_WORDS = re.compile(
    r"\b(?:missiles?|rockets?|attacks?|offensive|strikes?|assaults?|march|advance|bombs?|"
    r"bombing|shelling|raids?|drive|push)\b",
    re.I,
)
_LOCATIVE_POSSESSED = _wordset(
    """suburbs suburb outskirts streets street neighbourhoods neighborhoods neighbourhood
    neighborhood districts district airport centre center residents people population citizens
    markets market hospitals hospital mosques mosque old city province university north south east
    west northern southern eastern western central downtown shrine shrines skyline walls gates
    prisons prison jails jail hotels hotel bridges bridge roads road river port harbour harbor
    inhabitants displaced refugees poor rich districts slums slum bazaar squares square
    cemetery cemeteries morgue morgues hospitals houses homes buildings"""
)


def is_metonym(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` (a capital or country name) stands for its
    government acting or speaking ("Tehran's interference", "Tehran uses", "Ankara
    said", "backed by Tehran", "Baghdad government") rather than for the place
    ("in Tehran", "to Baghdad", "Baghdad's suburbs")."""
    after = text[end : end + 80]
    before = text[max(0, start - 80) : start]
    if _HYPHEN_NOT_PLACE.match(after):
        return True
    m = _POSS_AFTER.match(after)
    if m:
        w = m.group(1)
        if w.lower() in _LOCATIVE_POSSESSED:
            return False
        if w[:1].isupper():
            nxt = w if m.group(2) is None else f"{w} {m.group(2)}"
            return not _starts_place(nxt)
        return True
    m = _WORD_AFTER.match(after)
    if m and m.group(1).lower() in _ORG_HEADS_LOWER | {"establishment", "mullahs", "clerics"}:
        return True
    for pat in _METONYM_BEFORE:
        if pat.search(before):
            return True
    if _AGAINST_END.search(before):
        sentence = _SENT_SPLIT.split(before)[-1]
        return not _ATTACK_WORDS.search(sentence)
    if _LOC_BEFORE.search(before):
        return False
    if _verb_follows(after):
        return True
    m = _AND_NAME_AFTER.match(after)
    return bool(m and _verb_follows(after[m.end() :]))


_LOC_BEFORE = first_char_guard(
    r"\b(?:in|at|near|from|to|into|inside|outside|across|around|toward|towards|through|via|"
    r"within|throughout|of)\s+(?:the\s+)?(?:[a-z]+ern\s+)?$",
    re.I,
)


def _verb_follows(after: str) -> bool:
    words = _VERB_WORD.findall(after[:60])
    i = 0
    while i < len(words) and words[i].lower() in _ADVERBS:
        i += 1
    if i >= len(words):
        return False
    w = words[i].lower()
    if w in _METONYM_VERBS:
        return True
    if w in _AUX:
        j = i + 1
        while j < len(words) and words[j].lower() in _ADVERBS:
            j += 1
        if j < len(words):
            w2 = words[j].lower()
            if w2 in _METONYM_VERBS or (w in ("has", "had") and w2 == "no"):
                return True
    return False


def _starts_place(words: str) -> bool:
    gaz = load_gazetteer()
    parts = words.split()
    for n in range(len(parts), 0, -1):
        cand = " ".join(parts[:n])
        for e in gaz.lookup(cand):
            if e.tier == 0 and e.kind != "country" and name_keys(e.name)[1] == name_keys(cand)[1]:
                return True
            if e.tier == 0 and e.kind != "country":
                return True
    return False


# ---------------------------------------------------------------- scanning
_UPPER = "A-Z\u00c0-\u00de\u0100-\u024f\u1e00-\u1eff"
_KEEP_LOWER = sorted(
    set(ARTICLES)
    | set(EZAFE)
    | {"of", "and", "de", "du", "la", "le", "del", "upon", "on"}
    | {"eastern", "western", "northern", "southern", "central", "upper", "lower", "greater"}
    | {"east", "west", "north", "south"},
    key=len,
    reverse=True,
)
_WORD = r"[^\W\d_]+(?:['’ʿʾ`][^\W\d_]+)*(?:['’]s\b)?"
# Only the words a place name can be made of: capitalised words, name connectors,
# articles, direction adjectives, and any word right after a hyphen ("al-ain").
_INTEREST = re.compile(
    r"U\.S\.A\.|U\.S\.|U\.K\.|U\.A\.E\.|(?<![^\W\d_'’])(?:(?=[" + _UPPER + r"])|(?<=-)|"
    r"(?=(?:" + "|".join(_KEEP_LOWER) + r")\b))" + _WORD
)
_GAP_OK = re.compile(r"[ \t\u00a0-]*(?:\r?\n)?[ \t\u00a0-]*\Z")
_CONNECTORS = frozenset(("of", "and", "de", "du", "la", "le", "del", "upon", "on"))
_ABBREV_TOKENS = frozenset(("US", "USA", "UK", "UAE", "KSA", "PRC", "DPRK"))


class _Tok(NamedTuple):
    """A word of the scan: a named tuple, built without running Python code (a text
    has thousands of them; see ``_new_tok``)."""

    start: int
    end: int
    word: str
    cap: bool
    poss: bool
    article: bool = False


_new_tok = partial(tuple.__new__, _Tok)  # _new_tok((start, end, word, cap, poss, article))


@dataclass(slots=True)
class _Cand:
    t0: int  # first token index
    t1: int  # last token index
    start: int
    end: int
    key: str
    hits: list[tuple[int, int]] = field(default_factory=list)  # (entry index, quality 0-2)
    light: str = ""
    medium: str = ""
    cue: str = ""  # "prov" | "pop" | "district" | "mount" | ""
    loc: bool = False
    sent_init: bool = False
    in_name: bool = False  # inside a longer proper name
    org: bool = False
    group: int = -1
    stop: str = ""  # person | english
    chosen: int = -1
    accepted: bool = False
    abbrev: int = -1
    text_cache: str = ""


_key_cache: dict[str, str] = {}


def _word_key(word: str) -> str:
    k = _key_cache.get(word)
    if k is None:
        light = word_light(word)
        k = word_loose(word_medium(light)) if light else ""
        if len(_key_cache) < 500_000:
            _key_cache[word] = k
    return k


def _scan(text: str, gaz: Gazetteer) -> tuple[list[_Tok], list[_Cand]]:
    toks: list[_Tok] = []
    parts: list[str] = []
    part_tok: list[int] = []
    add_tok = toks.append
    add_part = parts.append
    add_part_tok = part_tok.append
    new_tok = _new_tok
    prev_end = 0
    after_article = False
    gap_ok = _GAP_OK.match
    key_get = _key_cache.get
    articles = ARTICLES | EZAFE
    connectors = _CONNECTORS
    directions = _DIRECTIONS
    abbrev_tokens = _ABBREV_TOKENS
    for m in _INTEREST.finditer(text):
        s, e = m.span()
        w = m.group()
        poss = False
        if w[-1] == "s" and len(w) > 3 and w[-2] in "'’":
            w = w[:-2]
            e -= 2
            poss = True
        if (
            s != prev_end
            and not (s - prev_end == 1 and text[prev_end] == " ")
            and not gap_ok(text, prev_end, s)
        ):
            if parts and parts[-1] != "|":
                add_part("|")
                add_part_tok(-1)
            after_article = False
        prev_end = e
        cap = w[0].isupper()
        ti = len(toks)
        if not cap:
            if w in articles and not poss:
                nxt = text[e : e + 1]
                if nxt == "-" or (
                    nxt == " " and w in ("al", "el") and text[e + 1 : e + 2].isupper()
                ):
                    add_tok(new_tok((s, e, w, cap, poss, True)))
                    after_article = True
                    continue
            add_tok(new_tok((s, e, w, cap, poss, False)))
            if after_article:
                sym = _word_key(w) or "|"
            elif w in connectors or w in directions:
                sym = _word_key(w)
            else:
                sym = "|"
        else:
            if not poss and w.lower() in articles:
                nxt = text[e : e + 1]
                if nxt == "-" or (nxt == " " and text[e + 1 : e + 2].isupper()):
                    add_tok(new_tok((s, e, w, cap, poss, True)))
                    after_article = True
                    continue
            add_tok(new_tok((s, e, w, cap, poss, False)))
            if w in abbrev_tokens or w.startswith(("U.S", "U.K", "U.A")):
                sym = "|"
            else:
                sym = key_get(w) or _word_key(w) or "|"
        after_article = False
        if sym == "|":
            if parts and parts[-1] == "|":
                continue
            add_part("|")
            add_part_tok(-1)
        else:
            add_part(sym)
            add_part_tok(ti)
        if poss:  # a possessive ends a name
            add_part("|")
            add_part_tok(-1)

    offsets = []
    pos = 1
    for p in parts:
        offsets.append(pos)
        pos += len(p) + 1
    stream = " " + " ".join(parts) + " "
    off2part = {o: i for i, o in enumerate(offsets)}

    found: list[tuple[int, int, str]] = []
    for end, key in gaz.automaton.iter(stream):
        pi = off2part.get(end - len(key))  # the part where the key starts
        if pi is None:
            continue
        found.append((pi, pi + key.count(" "), key))
    # longest first, then leftmost; no overlaps
    found.sort(key=lambda x: (x[0] - x[1], x[0]))
    taken: set[int] = set()
    cands: list[_Cand] = []
    for pi, pj, key in found:
        if any(p in taken for p in range(pi, pj + 1)):
            continue
        t0, t1 = part_tok[pi], part_tok[pj]
        if t0 < 0 or t1 < 0:
            continue
        first_tok = toks[t0]
        if not first_tok.cap:
            if first_tok.word in _DIRECTIONS:
                if t1 == t0 or not toks[t0 + 1].cap:
                    continue
            elif not (t0 > 0 and toks[t0 - 1].article):
                continue
        if t0 == t1 and len(first_tok.word) <= 3 and first_tok.word.isupper():
            continue  # IS, UN, AL ...
        if t0 == t1 and len(first_tok.word) < 3:
            continue
        taken.update(range(pi, pj + 1))
        start = first_tok.start
        if t0 > 0 and toks[t0 - 1].article and toks[t0 - 1].end >= start - 1:
            start = toks[t0 - 1].start
        cands.append(_Cand(t0, t1, start, toks[t1].end, key))
    # abbreviations of countries ("US", "U.S.", "UK")
    abbrevs = gaz.abbrevs
    for ti in [ti for ti, t in enumerate(toks) if t.word in abbrevs and t.cap]:
        t = toks[ti]
        c = _Cand(ti, ti, t.start, t.end, "")
        c.abbrev = abbrevs[t.word]
        cands.append(c)
    cands.sort(key=lambda c: c.start)
    return toks, cands


# ---------------------------------------------------------------- judging
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’ʿʾ`][^\W\d_]+)*(?:['’]s\b)?|[.!?;:\n(\[\"“”)\]]")
_SENT_PUNCT = frozenset('.!?;:\n(["“”)]')


def _prev_words(text: str, start: int, n: int = 4) -> list[str]:
    """Lower-cased words before ``start`` within the sentence (nearest first);
    Arabic articles skipped. Words are read in the 80 characters before ``start``."""
    lo = max(0, start - 80)
    near = max(lo, start - 32)
    if near > lo:
        # first the nearest 32 characters: enough to end most reads. A word the window
        # cuts can only be its first item (the items after it are those of the whole
        # window), so the read is kept only if it ends before that item.
        items = _WORD_RE.findall(text, near, start)
        out: list[str] = []
        if _read_back(text, start, n, items[1:], out):
            return out
    out = []
    _read_back(text, start, n, _WORD_RE.findall(text, lo, start), out)
    return out


def _read_back(text: str, start: int, n: int, items: list[str], out: list[str]) -> bool:
    """:func:`_prev_words` over ``items`` (nearest last) into ``out``; True when the read
    ended (sentence punctuation or ``n`` words) before the items ran out."""
    for w in reversed(items):
        if w in _SENT_PUNCT:
            return True
        lw = w.lower()
        if lw in ARTICLES and not out and text[start - 1 : start] in "- ":
            continue
        out.append(lw)
        if len(out) >= n:
            return True
    return False


def _next_words(text: str, end: int, n: int = 3) -> list[str]:
    if text[end : end + 1] in ("'", "’"):
        return []
    chunk = text[end : end + 60]
    m = _COMMA_START.match(chunk)
    if m:
        return []
    out: list[str] = []
    for w in _WORD_RE.findall(chunk):
        if w in _SENT_PUNCT:
            break
        out.append(w)
        if len(out) >= n:
            break
    return out


def _title_line(text: str, pos: int) -> bool:
    ls = text.rfind("\n", 0, pos) + 1
    le = text.find("\n", pos)
    line = text[ls : le if le >= 0 else len(text)]
    if len(line) > 160 or ". " in line.strip():
        return False
    words = [w for w in _LINE_WORD.findall(line) if len(w) >= 4]
    if len(words) < 3:
        return False
    caps = sum(1 for w in words if w[0].isupper())
    return caps / len(words) >= 0.6


def _word_before(text: str, start: int) -> str:
    """The word just before ``start`` when only a space or hyphen (and an Arabic
    article) separates them; "" after a possessive or punctuation."""
    seg = text[max(0, start - 40) : start]
    if not seg or seg[-1] not in " -":
        return ""
    seg = seg.rstrip(" -")
    for art in (" al", " el", " Al", " El"):
        if seg.endswith(art):
            seg = seg[: -len(art)].rstrip(" -")
            break
    if not seg or not seg[-1].isalpha():
        return ""
    i = len(seg)
    while i > 0 and (seg[i - 1].isalpha() or seg[i - 1] in "'’"):
        i -= 1
    w = seg[i:]
    if w[-2:] in ("'s", "’s"):
        return ""
    return w


_NEXT_WORD = re.compile(r" ([^\W\d_]+)")


def _judge_context(c: _Cand, text: str) -> None:
    prev = _prev_words(text, c.start)
    nxt = _next_words(text, c.end)
    nxt_low = [w.lower() for w in nxt]
    p1 = prev[0] if prev else ""
    p2 = prev[1] if len(prev) > 1 else ""
    n1 = nxt_low[0] if nxt_low else ""
    # kind cues
    if n1 in _PROV_NOUNS or (p1 == "of" and p2 in _PROV_NOUNS):
        c.cue = "prov"
    elif n1 in _MOUNT_NOUNS or p1 == "mount":
        c.cue = "mount"
    elif n1 in _POP_NOUNS or (p1 == "of" and p2 in _POP_NOUNS):
        c.cue = "pop"
    elif n1 in _DISTRICT_NOUNS or (p1 == "of" and p2 in _DISTRICT_NOUNS):
        c.cue = "district"
    # locative cue
    i = 0
    while i < len(prev) and prev[i] in _SKIP_ADJ:
        i += 1
    pk = prev[i] if i < len(prev) else ""
    if pk in _LOC_PREPS or (pk == "of" and i + 1 < len(prev) and prev[i + 1] in _OF_PLACE_NOUNS):
        c.loc = True
    if c.cue:
        c.loc = True
    tail = text[c.end : c.end + 16]
    if tail.startswith("-based"):
        c.loc = True
    # sentence start
    c.sent_init = c.start == 0 or bool(_SENT_END.search(text[max(0, c.start - 3) : c.start]))
    # part of an organisation's / actor's name
    if nxt and text[c.end : c.end + 1] == " " and (nxt[0] in _ORG_HEADS or n1 in _ORG_HEADS_LOWER):
        c.org = True
    if _HYPHEN_NOT_PLACE.match(tail):
        c.org = True
    # inside a longer proper name: a capitalised neighbour that is no place word
    # (the word before is no evidence in a headline set in title case)
    w = _word_before(text, c.start)
    if (
        w
        and w[0].isupper()
        and w.lower() not in _ALLOWED_PREV_CAP
        and not _title_line(text, c.start)
    ):
        c.in_name = True
    m = _NEXT_WORD.match(text, c.end)
    if m and text[c.end - 1 : c.end] not in ("'", "’"):
        w = m.group(1)
        if w[0].isupper() and w not in _ALLOWED_NEXT_CAP and w.lower() not in ARTICLES:
            c.in_name = True


def _resolve_candidates(c: _Cand, gaz: Gazetteer) -> None:
    if c.abbrev >= 0:
        c.hits = [(c.abbrev, 2)]
        return
    surface_words = [w for w in _NAME_WORD.findall(c.text_cache)]
    light, medium, _ = name_keys(" ".join(surface_words))
    c.light, c.medium = light, medium
    best: dict[int, int] = {}
    for h in gaz.hits(c.key):
        e = gaz.entries[h.entry]
        if h.light == light:
            q = 2
        elif h.medium == medium:
            q = 1
        else:
            if e.kind == "country" or (e.country not in REGION3 and e.source == "geonames"):
                continue
            if len(medium.replace(" ", "")) < 5:
                continue
            if spelling_distance(h.medium, medium) > 0.34:
                continue
            # a nisba ("Sistani", "Baghdadi") is a person's name, not the place
            if medium.endswith("i") and (medium[:-1] == h.medium or medium[:-1] == h.medium[:-1]):
                continue
            q = 0
        if best.get(h.entry, -1) < q:
            best[h.entry] = q
    if best and max(best.values()) > 0:
        best = {k: v for k, v in best.items() if v > 0}
    c.hits = list(best.items())


def _distance_km(a: GazEntry, b: GazEntry) -> float:
    if a.lat is None or b.lat is None or a.lon is None or b.lon is None:
        return 1e9
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = (
        math.sin((la2 - la1) / 2) ** 2
        + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    )
    return 2 * 6371 * math.asin(min(1.0, math.sqrt(h)))


def extract_places(
    text: str, blocked: Sequence[tuple[int, int]] = (), country_hint: str | None = None
) -> list[Place]:
    """All places named in text, one Place per distinct place, each with .mentions
    (start, end, text, rule) and .aliases = the distinct surface spellings seen
    (the canonical name itself excluded). A match inside or overlapping a
    ``blocked`` span (an actor's name) is no place mention. ``country_hint`` (ISO
    alpha-3) is the document's country when known."""
    if not text:
        return []
    gaz = load_gazetteer()
    toks, cands = _scan(text, gaz)
    if not cands:
        return []
    blocked = sorted(blocked)
    # overlap test by bisection: the spans starting before a candidate's end, and
    # the furthest any of them reaches
    blocked_starts = [s for s, _ in blocked]
    blocked_reach: list[int] = []
    for _, e in blocked:
        blocked_reach.append(max(e, blocked_reach[-1]) if blocked_reach else e)
    cache = gaz.resolve_cache
    if len(cache) > 200_000:
        cache.clear()
    stop = gaz.stop
    never, persons, english = (
        stop.get("never", {}),
        stop.get("person_names", {}),
        stop.get("english_words", {}),
    )
    variants = stop.get("english_variants", {})

    live: list[_Cand] = []
    for c in cands:
        if blocked:
            k = bisect.bisect_left(blocked_starts, c.end)
            if k and blocked_reach[k - 1] > c.start:
                continue
        c.text_cache = text[c.start : c.end]
        mk = (c.key, c.text_cache)
        # the resolution depends on the key and the surface only: cached across documents
        hit = cache.get(mk) if c.abbrev < 0 else None
        if hit is not None:
            hits, c.light, c.medium = hit
            c.hits = list(hits)
        else:
            _resolve_candidates(c, gaz)
            if c.abbrev < 0:
                cache[mk] = (tuple(c.hits), c.light, c.medium)
        if not c.hits:
            continue
        _judge_context(c, text)
        if c.light in never or (c.t0 == c.t1 and c.light in variants):
            continue
        if c.light in persons:
            c.stop = "person"
        elif c.light in english:
            c.stop = "english"
        live.append(c)
    if not live:
        return []

    # coordinated lists: "Baghdad, Diyala and Salah ad-Din provinces"
    gid = 0
    for i, c in enumerate(live):
        if i and _LIST_GAP.match(text[live[i - 1].end : c.start]) and not live[i - 1].org:
            c.group = live[i - 1].group
        else:
            gid += 1
            c.group = gid
    groups: dict[int, list[_Cand]] = defaultdict(list)
    for c in live:
        groups[c.group].append(c)
    for members in groups.values():
        if len(members) < 2:
            continue
        last, first = members[-1], members[0]
        group_cue = last.cue if last.cue in ("prov", "mount") else ""
        if not group_cue and first.cue == "pop":
            group_cue = "pop"
        group_loc = any(m.loc for m in members)
        for m in members:
            if group_cue and not m.cue:
                m.cue = group_cue
            if group_loc:
                m.loc = True

    # document context: countries named, and unambiguous places' countries
    ctx: Counter[str] = Counter()
    if country_hint:
        ctx[country_hint] += 3
    for c in live:
        if max(q for _, q in c.hits) < 2:
            continue
        ents = [gaz.entries[i] for i, _ in c.hits]
        countries = {e.country for e in ents}
        if len(countries) == 1 and ents[0].country:
            top = max(ents, key=lambda e: e.tier == 0)
            if c.stop or c.in_name or c.org:
                continue
            ctx[top.country] += 2 if top.kind == "country" else 1 if top.tier == 0 else 0.5
    total = sum(ctx.values()) or 1.0
    anchor_ids = {
        c.hits[0][0]
        for c in live
        if len(c.hits) == 1
        and gaz.entries[c.hits[0][0]].kind not in ("country", "region")
        and not c.stop
    }
    anchors = [gaz.entries[i] for i in sorted(anchor_ids)]

    group_countries: dict[int, Counter[str]] = defaultdict(Counter)
    for c in live:
        ents = [gaz.entries[i] for i, _ in c.hits]
        if len({e.country for e in ents}) == 1 and ents[0].kind != "country":
            group_countries[c.group][ents[0].country] += 1

    near_cache: dict[int, bool] = {}
    for c in live:
        if len(c.hits) == 1 and c.cue != "mount":
            c.chosen = c.hits[0][0]
        else:
            c.chosen = _choose(c, gaz, ctx, total, anchors, group_countries, near_cache)

    # acceptance
    for c in live:
        c.accepted = _accept(c, gaz, ctx, total, text)
    # list propagation: a member of a list of accepted places is a place
    changed = True
    while changed:
        changed = False
        for members in groups.values():
            if len(members) < 2 or not any(m.accepted for m in members):
                continue
            for m in members:
                if m.accepted or m.chosen < 0 or m.org or m.stop in ("person",):
                    continue
                e = gaz.entries[m.chosen]
                if e.source == "geonames" and m.sent_init and m.stop == "english":
                    continue
                if e.tier <= 2 and (e.country in ctx or e.source != "geonames"):
                    m.accepted = True
                    changed = True

    live.extend(_recover(text, toks, cands, live, gaz, ctx))
    live.sort(key=lambda c: c.start)

    places: dict[str, Place] = {}
    order: list[str] = []
    unresolved = [c for c in live if c.chosen == -2]
    for c in live:
        if c.chosen == -2:
            continue
        if not c.accepted or c.chosen < 0:
            continue
        e = gaz.entries[c.chosen]
        if e.capital and e.kind != "country" and is_metonym(text, c.start, c.end):
            continue
        surface = text[c.start : c.end]
        rule = _rule(c, e)
        p = places.get(e.id)
        if p is None:
            p = Place(
                id=e.id,
                name=e.name,
                kind=e.kind,
                admin1=e.admin1 if e.kind != "country" else None,
                country=e.country,
                lat=e.lat,
                lon=e.lon,
                geonames_id=e.geonames_id,
            )
            places[e.id] = p
            order.append(e.id)
        p.mentions.append(Mention(c.start, c.end, surface, rule))
        if surface != e.name and surface not in p.aliases:
            p.aliases.append(surface)
    for c in unresolved:  # places the gazetteer lacks, named with a place-type cue
        _add_unresolved(places, order, c, text)
    return [places[i] for i in order]


_RECOVER_PRE = (", ", "and ", "or ", "of ", "al-", "el-", "& ", "Al-", "El-")
_RECOVER_POST = (",", " and ", " or ", " &", " al-", " el-")
_CAP_RUN = re.compile(
    r"(?:(?:al|el|Al|El)-)?[" + _UPPER + r"][^\W\d_]*(?:['’][^\W\d_]+)?"
    r"(?:[ -](?:(?:al|el|as|ad|ash|ar|at|az|an)-)?["
    + _UPPER
    + r"][^\W\d_]*(?:['’][^\W\d_]+)?){0,3}"
)
_TYPE_OF = re.compile(
    r"\b(?:the\s+)?(?:[a-z]+\s+)?(village|town|city|district|neighbourhood|neighborhood|"
    r"suburb|area|township|camp)\s+of\s+$"
)


def _recover(
    text: str,
    toks: list[_Tok],
    cands: list[_Cand],
    live: list[_Cand],
    gaz: Gazetteer,
    ctx: Counter[str],
) -> list[_Cand]:
    """Names the automaton did not find but the words around mark as places: a
    misspelt town in a list of towns ("Ramadi, Tikirit, Baiji"), or a village
    the gazetteer lacks after "the village of"."""
    accepted = sorted((c.start, c.end) for c in live if c.accepted)
    starts = [a for a, _ in accepted]
    stop = gaz.stop
    out: list[_Cand] = []
    total = sum(ctx.values()) or 1.0
    last_end = -1
    # capitalised words of four letters or more, not all capitals, not articles
    words = [
        t for t in toks if t.cap and not t.article and len(t.word) >= 4 and not t.word.isupper()
    ]
    for t in words:
        if t.start < last_end:
            continue
        # cheap filter: only a word after "of", a list separator or an article, or
        # before one, can be a list member or a typed name
        pre = text[max(0, t.start - 5) : t.start]
        if not pre.endswith(_RECOVER_PRE) and not text.startswith(_RECOVER_POST, t.end):
            continue
        k = bisect.bisect_right(starts, t.start) - 1
        if k >= 0 and accepted[k][1] > t.start:
            continue  # inside an accepted mention
        m = _CAP_RUN.match(text, t.start)
        if not m:
            continue
        start, end = t.start, m.end()
        if k + 1 < len(accepted) and accepted[k + 1][0] < end:
            continue
        if start >= 3 and text[start - 3 : start].lower() in ("al-", "el-"):
            start -= 3
        prev_end = accepted[k][1] if k >= 0 else -1
        next_start = accepted[k + 1][0] if k + 1 < len(accepted) else -1
        listed = (prev_end >= 0 and _LIST_GAP.match(text, prev_end, start) is not None) or (
            next_start >= 0 and _LIST_GAP.match(text, end, next_start) is not None
        )
        typed = None if listed else _TYPE_OF.search(text, max(0, start - 40), start)
        if not listed and not typed:
            continue
        surface = text[start:end]
        light, medium, _ = name_keys(surface)
        if not light or any(light in stop.get(k2, {}) for k2 in stop):
            continue
        cand = _Cand(-1, -1, start, end, "", text_cache=surface)
        cand.light, cand.medium = light, medium
        cand.accepted = True
        # a misspelling of a well-known place of the document's countries
        best = None
        if " " not in medium and len(medium) >= 5:
            for i in gaz.skeleton_hits(medium):
                e = gaz.entries[i]
                em = name_keys(e.name)[1].replace(" ", "")
                share = ctx.get(e.country or "", 0) / total
                if share >= 0.2 and levenshtein(em, medium) <= max(1, len(medium) // 4):
                    best = i
                    break
        if best is not None:
            cand.chosen = best
            cand.hits = [(best, 0)]
            cand.cue = "typo"
        elif (
            typed
            and surface[:1].isupper()
            or (typed and surface.lower().startswith(("al-", "el-")))
        ):
            cand.chosen = -2
            cand.cue = typed.group(1)
        else:
            continue
        last_end = end
        out.append(cand)
    return out


def _add_unresolved(places: dict[str, Place], order: list[str], c: _Cand, text: str) -> None:
    """A place the gazetteer lacks: named, typed and placed in the country and
    province of the nearest resolved place of its sentence; no coordinates."""
    slug = re.sub(r"[^a-z0-9]+", "-", c.light).strip("-")
    pid = f"unresolved:{slug}"
    kind = {"village": "village", "town": "town", "city": "city", "township": "town"}.get(
        c.cue,
        "district" if c.cue in ("district", "neighbourhood", "neighborhood", "suburb") else "site",
    )
    country = admin1 = None
    best_d = 10**9
    sent_start = max(text.rfind(".", 0, c.start), text.rfind("\n", 0, c.start))
    sent_end_i = min(
        [i for i in (text.find(".", c.end), text.find("\n", c.end)) if i >= 0] or [len(text)]
    )
    for p in places.values():
        if p.kind == "country" or p.country is None or p.id.startswith("unresolved:"):
            continue
        for m in p.mentions:
            if sent_start <= m.start <= sent_end_i:
                d = abs(m.start - c.start)
                if d < best_d:
                    best_d, country, admin1 = d, p.country, p.admin1
    p = places.get(pid)
    if p is None:
        p = Place(id=pid, name=c.text_cache, kind=kind, admin1=admin1, country=country)
        places[pid] = p
        order.append(pid)
    p.mentions.append(Mention(c.start, c.end, c.text_cache, f"unresolved+{c.cue}"))
    if c.text_cache != p.name and c.text_cache not in p.aliases:
        p.aliases.append(c.text_cache)


def _rule(c: _Cand, e: GazEntry) -> str:
    if c.abbrev >= 0:
        return "abbrev"
    q = max((q for i, q in c.hits if i == c.chosen), default=0)
    base = {2: "gaz-exact", 1: "gaz-spelling", 0: "gaz-fuzzy"}[q]
    if c.cue == "typo":
        return "gaz-typo+list"
    return f"{base}+{c.cue}" if c.cue else base


def _choose(
    c: _Cand,
    gaz: Gazetteer,
    ctx: Counter[str],
    total: float,
    anchors: list[GazEntry],
    group_countries: dict[int, Counter[str]],
    near_cache: dict[int, bool],
) -> int:
    hits = c.hits
    ents = {i: gaz.entries[i] for i, _ in hits}
    # the mountains of a "Sinjar and Qandil mountains" list
    if c.cue == "mount":
        for i, e in ents.items():
            if e.kind == "region" and "ountain" in e.name:
                return i
        for h in gaz.hits(name_keys(f"{c.text_cache} Mountains")[2]):
            return h.entry
    has_country = any(e.kind == "country" for e in ents.values())
    same_group = group_countries.get(c.group, Counter())
    best, best_score = -1, -1e9
    for i, q in hits:
        e = ents[i]
        if e.kind == "country":
            s = 3.0
        elif e.source == "admin1":
            s = 2.5 if e.tier == 0 else 1.5
        elif e.source == "data":
            s = 2.6
        else:
            s = 0.5 * math.log10(e.population + 10) + (
                0.6 if e.tier == 0 and e.population == 0 else 0
            )
        s += (1.0, 0.6, 0.0)[2 - q]
        if e.country:
            s += 3.0 * ctx.get(e.country, 0) / total
            if e.country in REGION3:
                s += 0.5
            if same_group.get(e.country):
                s += 1.5
        if anchors and e.kind not in ("country", "region", "province"):
            near = near_cache.get(i)
            if near is None:
                near = near_cache[i] = any(0 < _distance_km(e, a) < 300 for a in anchors)
            if near:
                s += 1.0
        if c.cue == "prov":
            s += 4.0 if e.kind == "province" else -2.0
        elif c.cue in ("pop", "district"):
            s += 2.0 if e.kind in ("city", "town", "village", "district") else -4.0
        elif e.kind == "province":
            # a governorate named like its capital is the city unless the text says province
            if any(
                o.kind in ("city", "town") and o.country == e.country and o.admin1 == e.admin1
                for o in ents.values()
            ):
                s -= 5.0
            elif any(o.kind != "province" and o.tier == 0 for o in ents.values()):
                s -= 1.0
        # "Azerbaijan": the country, unless listed with another country's places
        if (
            has_country
            and e.kind != "country"
            and not (e.country and same_group.get(e.country))
            and c.cue != "prov"
        ):
            s -= 4.0
        if s > best_score:
            best, best_score = i, s
    return best


def _accept(c: _Cand, gaz: Gazetteer, ctx: Counter[str], total: float, text: str) -> bool:
    if c.chosen < 0 or c.org:
        return False
    e = gaz.entries[c.chosen]
    q = max((q for i, q in c.hits if i == c.chosen), default=0)
    strong = c.cue in ("prov", "pop", "district", "mount")
    if c.abbrev >= 0:
        # "US" as a modifier ("US forces", "U.S. officials", "US-led") is the actor
        m = _MODIFIER_AFTER.match(text[c.end : c.end + 30])
        return not (m and m.group(1).lower() not in _FUNCTION_WORDS)
    if c.stop == "person" and not strong:
        return False
    if e.kind == "country":
        return not c.in_name or c.loc
    if c.in_name and not strong:
        return False
    if c.stop == "english" and e.source == "geonames" and (not c.loc or c.sent_init):
        return False
    if q == 0 and not ((c.loc or strong) and (e.tier == 0 or e.source != "geonames")):
        return False
    word = text[c.start : c.end]
    if c.t0 == c.t1 and word.isupper() and (q < 2 or e.tier > 0):
        return False  # an upper-case word (a credit line, an acronym) only when exact
    share = ctx.get(e.country or "", 0) / total
    if q < 2 and ctx and e.country not in ctx and e.source == "geonames":
        return False  # a respelling that lands in a country the text is not about
    if e.tier == 0:
        return True
    if e.tier == 1:
        return c.loc or strong or share >= 0.2
    return (c.loc or strong) and share > 0
