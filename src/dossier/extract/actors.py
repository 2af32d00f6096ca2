"""Actors: who is named in a text, resolved to one record whatever the spelling.

Three sources of actor mentions, in order of trust:

1. the knowledge base: every alias key goes into one Aho-Corasick automaton and
   the text's token keys (see :mod:`dossier.normalize`) are scanned in one pass;
   acronyms are looked up token by token, case-sensitively;
2. rules for actors the knowledge base lacks (``data/actor_rules.yaml``):
   people by title ("Brigadier General X"), by role apposition ("X, the
   commander of Y") or as speakers ("X told"), organisations by head word
   ("... Operations Command", "... Brigades");
3. short forms that point back within the document: a person's surname after
   the full name ("Abadi"), an acronym defined in parentheses ("(ABC)").

Generic acting groups ("gunmen", "civilians") are found and typed, marked
``generic`` and left out of the named-actor list that the extraction prints.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import compress
from operator import itemgetter
from pathlib import Path

import ahocorasick
import yaml
from spacy.lang.en.stop_words import STOP_WORDS

from dossier.extract.regexes import trie
from dossier.knowledge.loader import AliasEntry, KBError, KnowledgeBase
from dossier.model import ACTOR_KINDS, Actor, Mention
from dossier.normalize import ARTICLE_MAX_LEN, Token, is_article, token_key, tokenize

RULES_FILE = Path(__file__).parent / "data" / "actor_rules.yaml"
_SEPARATOR = "|"
# Capitalised words that cannot be inside a name (sentence openers and the like).
_FUNCTION = frozenset(
    [
        "the",
        "a",
        "an",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "in",
        "on",
        "at",
        "as",
        "by",
        "for",
        "from",
        "of",
        "to",
        "with",
        "but",
        "and",
        "or",
        "if",
        "when",
        "while",
        "after",
        "before",
        "since",
        "during",
        "under",
        "over",
        "according",
        "meanwhile",
        "however",
        "although",
        "though",
        "yet",
        "also",
        "he",
        "she",
        "they",
        "we",
        "i",
        "you",
        "his",
        "her",
        "their",
        "our",
        "my",
        "your",
        "there",
        "here",
        "what",
        "which",
        "who",
        "why",
        "how",
        "where",
        "some",
        "many",
        "most",
        "all",
        "several",
        "other",
        "another",
        "each",
        "every",
        "no",
        "not",
    ]
)
# words that may open an apposition before its role: "X, himself a commander"
_APPOSITION_ADVERBS = frozenset(
    {"himself", "herself", "also", "now", "formerly", "once", "still", "then", "currently"}
)
_OWNER_GAP = re.compile(r"(?:['’]s)?\s{1,2}")
_GAP_OK = re.compile(r"^[ \t\-]*\n?[ \t]*$")
# the same, for ``match(text, start, end)`` on the gap in place (no slice)
_GAP_OK_AT = re.compile(r"[ \t\-]*\n?[ \t]*$")
_TEXT = itemgetter(2)  # a Token's text


# patterns used per call, compiled once
_ACRONYM_DEF = re.compile(r"\s*\(([A-Z][A-Za-z]{1,7})\)")
_SPACES = re.compile(r"\s+")


@dataclass(slots=True)
class ActorRules:
    person_titles: list[list[str]]  # each title as its tokens
    person_roles: set[str]
    speech_verbs: set[str]
    org_heads: dict[str, str]
    org_connectors: set[str]
    not_names: set[str]
    generic: dict[str, tuple[str, str]]  # lower-case phrase -> (label, kind)
    anaphora: dict[str, list[str]]
    locative_before: set[str]


def load_actor_rules(path: Path = RULES_FILE) -> ActorRules:
    """Read and check the actor rules file; errors name the file and field."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as e:
        raise KBError(path, f"cannot read rules: {e}") from None
    if not isinstance(data, dict):
        raise KBError(path, "must be a mapping")

    def words(fld: str) -> list[str]:
        v = data.get(fld)
        if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
            raise KBError(path, "must be a list of strings", fld=fld)
        return v

    heads = data.get("org_heads")
    if not isinstance(heads, dict):
        raise KBError(path, "must be a mapping of head word to kind", fld="org_heads")
    for h, kind in heads.items():
        if kind not in ACTOR_KINDS:
            raise KBError(path, f"unknown kind {kind!r}", entry=str(h), fld="org_heads")
    generic: dict[str, tuple[str, str]] = {}
    for label, spec in (data.get("generic_actors") or {}).items():
        if not isinstance(spec, dict) or spec.get("kind") not in ACTOR_KINDS:
            raise KBError(path, "needs a valid 'kind'", entry=str(label), fld="generic_actors")
        for w in spec.get("words") or []:
            generic[str(w).lower()] = (str(label), spec["kind"])
    return ActorRules(
        person_titles=[t.split() for t in words("person_titles")],
        person_roles={w.lower() for w in words("person_roles")},
        speech_verbs=set(words("speech_verbs")),
        org_heads={str(k): v for k, v in heads.items()},
        org_connectors={w.lower() for w in words("org_connectors")},
        not_names=set(words("not_names")),
        generic=generic,
        anaphora={str(k): list(v) for k, v in (data.get("anaphora") or {}).items()},
        locative_before={w.lower() for w in words("locative_before")},
    )


@dataclass(slots=True)
class Hit:
    """One actor mention before grouping: span, who, and by which rule."""

    start: int
    end: int
    key: str  # kb id, or "x:<name key>" for actors outside the knowledge base
    name: str
    kind: str
    country: str | None
    rule: str
    tok_first: int = 0
    tok_last: int = 0
    generic: bool = False
    metonym: bool = False


@dataclass(slots=True)
class ActorResult:
    actors: list[Actor]
    hits: list[Hit] = field(default_factory=list)

    def blocked_spans(self) -> list[tuple[int, int]]:
        return [(h.start, h.end) for h in self.hits if not h.generic]


class ActorMatcher:
    """Finds actor mentions; build once per knowledge base, reuse for every text."""

    def __init__(self, kb: KnowledgeBase, rules: ActorRules | None = None):
        self.kb = kb
        self.rules = rules or load_actor_rules()
        self.automaton = ahocorasick.Automaton()
        for key in kb.keys:
            self.automaton.add_word(f" {key} ", key)
        if kb.keys:
            self.automaton.make_automaton()
        self._titles = {}
        for t in self.rules.person_titles:
            self._titles.setdefault(t[0], []).append(t)
        # longest first, sorted once (a stable sort: the order of equal lengths is kept)
        self._titles_sorted = {
            w: sorted(ts, key=len, reverse=True) for w, ts in self._titles.items()
        }
        # a token that may be an organisation's head word, with or without "'s"
        heads = self.rules.org_heads
        self._head_forms = {f for h in heads for f in (h, h + "'s", h + "’s")}
        # the generic phrases as a character trie: the same matches as an alternation
        # longest first (the words at one position are prefixes of each other, and the
        # trie tries the longer first), but much faster to fail
        generic = trie(self.rules.generic)
        first = "".join(sorted({w[:1].lower() for w in self.rules.generic} - {""}))
        # a look-ahead on the first letter lets the engine skip most positions quickly
        ahead = rf"(?=[{re.escape(first + first.upper())}])" if first.isalpha() else ""
        self._generic_re = re.compile(rf"\b{ahead}({generic})\b", re.IGNORECASE)
        # on ASCII text, the same search case-sensitively on the lower-cased text
        # (same offsets, same word boundaries) is faster still
        self._generic_lower = (
            re.compile(rf"\b({generic})\b")
            if all(w.isascii() and w == w.lower() for w in self.rules.generic)
            else None
        )
        self._name_tok: dict[str, bool] = {}
        # every token text that can stand for an acronym: "UN", "UN's", "U.N." (a token
        # holds dots only as a dotted acronym); other tokens are not looked at
        self._acronym_forms = frozenset(
            form for a in kb.acronyms for form in (a, a + "'s", a + "’s", ".".join(a) + ".")
        )

    # ------------------------------------------------------------- scanning
    def _joined(self, text: str, toks: list[Token]) -> tuple[str, dict[int, int]]:
        """Token keys joined by spaces, with '|' where punctuation breaks a name."""
        parts: list[str] = [""]
        starts: dict[int, int] = {}
        pos = 1
        prev_end = None
        gap_ok = _GAP_OK_AT.match
        short = ARTICLE_MAX_LEN
        for i, t in enumerate(toks):
            if prev_end is not None:
                s = t.start
                # fast path: the usual single space (or nothing) between two words
                if not (
                    s == prev_end or (s - prev_end == 1 and text[prev_end] == " ")
                ) and not gap_ok(text, prev_end, s):
                    parts.append(_SEPARATOR)
                    pos += 2
            prev_end = t.end
            key = t.key
            if not key or (len(t.text) <= short and is_article(toks, i)):
                continue
            starts[pos] = i
            parts.append(key)
            pos += len(key) + 1
        parts.append("")
        return " ".join(parts), starts

    def _kb_hits(self, text: str, toks: list[Token]) -> list[Hit]:
        hits: list[Hit] = []
        if self.kb.keys:
            joined, starts = self._joined(text, toks)
            for end_idx, key in self.automaton.iter(joined):
                start_pos = end_idx - len(key) - 1 + 1  # position of first key char
                first = starts.get(start_pos)
                if first is None:
                    continue
                n_words = key.count(" ") + 1
                last, seen = first, 1
                while seen < n_words:
                    last += 1
                    if not is_article(toks, last) and toks[last].key:
                        seen += 1
                cap_tok = (
                    toks[first + 1]
                    if toks[first].text.lower() == "the" and first < last
                    else toks[first]
                )
                entry = self._pick(self.kb.keys[key], cap_tok)
                if entry is None:
                    continue
                if entry.needs_article and not (first > 0 and is_article(toks, first - 1)):
                    continue  # "Mesopotamia Monitor" is not "Al-Monitor"
                s = toks[first].start
                if first > 0 and is_article(toks, first - 1) and toks[first - 1].end >= s - 1:
                    s = toks[first - 1].start
                hits.append(self._hit(entry, s, toks[last].end, text, first, last))
        acronyms = self.kb.acronyms
        forms = self._acronym_forms
        for i in compress(range(len(toks)), map(forms.__contains__, map(_TEXT, toks))):
            t = toks[i]
            if t.text[0].islower():
                continue  # never upper case
            bare = t.text.replace(".", "")
            if bare.endswith(("'s", "’s")):
                bare = bare[:-2]
            entries = acronyms.get(bare)
            if entries and bare.isupper():
                end = t.end - 2 if t.text.endswith(("'s", "’s")) else t.end
                hits.append(self._hit(entries[0], t.start, end, text, i, i))
        return hits

    def _pick(self, entries: list[AliasEntry], first_tok: Token) -> AliasEntry | None:
        upper = first_tok.text[:1].isupper()
        for e in entries:
            if e.capitalised and not upper:
                continue
            return e
        return None

    def _hit(self, entry: AliasEntry, s: int, e: int, text: str, first: int, last: int) -> Hit:
        a = self.kb.actors[entry.actor_id]
        surface = text[s:e]
        if surface.endswith(("'s", "’s")):
            e -= 2
        return Hit(
            s,
            e,
            a.id,
            a.name,
            a.kind,
            a.country,
            f"kb-{entry.rule}",
            first,
            last,
            metonym=entry.rule == "metonym",
        )

    # ------------------------------------------------------------- rules
    def _is_name_tok(self, t: Token) -> bool:
        return self._is_name_word(t.text)

    def _is_name_word(self, w: str) -> bool:
        v = self._name_tok.get(w)
        if v is None:
            v = (
                w[:1].isupper()
                and w not in self.rules.not_names
                and not w.isupper()
                and w.isalpha() is not False
            ) or w.lower() in ("al", "el", "bin", "ibn", "abu", "abd", "bint")
            if len(self._name_tok) < 200_000:
                self._name_tok[w] = v
        return v

    def _name_after(self, toks: list[Token], i: int, max_len: int = 4) -> int:
        """Index past a run of name tokens starting at i (i if none)."""
        j = i
        while j < len(toks) and j - i < max_len and self._is_name_tok(toks[j]):
            if j > i and toks[j].start - toks[j - 1].end > 1:
                break
            j += 1
        while j > i and toks[j - 1].text.lower() in ("al", "el", "bin", "ibn", "abu", "abd"):
            j -= 1
        return j

    def _title_hits(self, text: str, toks: list[Token], taken: list[bool]) -> list[Hit]:
        """People named after a title: \"Brigadier General Ali Hassan\"."""
        hits: list[Hit] = []
        n = len(toks)
        titles = self._titles_sorted
        texts = list(map(_TEXT, toks))
        resume = 0  # after a title and its name, look on from the name's end
        for i in list(compress(range(n), map(titles.__contains__, texts))):
            if i < resume:
                continue
            # titles: "Brigadier General Ali Hassan"
            for title in titles[texts[i]]:
                k = len(title)
                if i + k >= n or texts[i : i + k] != title:
                    continue
                j = self._name_after(toks, i + k)
                # "Tarmiyah General Hospital", "the General Command": an institution, not a person
                names = texts[i + k : j]
                if any(w in self.rules.org_heads or w in _INSTITUTIONS for w in names):
                    break
                if j > i + k and not any(taken[i + k : j]):
                    hits.append(self._new_person(text, toks, i + k, j, "title"))
                    resume = j
                break
        return hits

    def _other_hits(self, text: str, toks: list[Token], taken: list[bool]) -> list[Hit]:
        """Speakers, appositions ("Ali Hassan told", "Ali Hassan, the commander of") and orgs."""
        hits: list[Hit] = []
        n = len(toks)
        # which tokens may be in a name: looked up in one pass, computed where new
        flags = list(map(self._name_tok.get, map(_TEXT, toks)))
        if None in flags:  # words not seen before (rare once the table is filled)
            for k in [k for k, v in enumerate(flags) if v is None]:
                flags[k] = self._is_name_word(toks[k].text)
        resume = 0  # look on from the end of the last name run
        for i in [i for i in compress(range(n), flags) if not taken[i]]:
            if i < resume or toks[i].text.lower() in ("al", "el"):
                continue
            j = self._name_after(toks, i, 3)
            first = toks[i].text.lower()
            plausible = (
                first not in STOP_WORDS
                and not first.endswith("ly")
                and toks[i].text not in self.rules.not_names
            )
            plausible = plausible and not any(
                t.text in _INSTITUTIONS or t.text in self.rules.org_heads for t in toks[i:j]
            )  # "Tarmiyah General Hospital said": a place speaking, not a person
            if plausible and j - i >= 2 and not any(taken[i:j]) and j < n:
                nxt = toks[j]
                gap = text[toks[j - 1].end : nxt.start]
                role = nxt.text.lower()
                k = j  # "X, himself a senior IRGC member": the role after the adverb
                if gap.strip() == "," and role in _APPOSITION_ADVERBS and j + 1 < n:
                    k = j + 1
                    role = toks[k].text.lower()
                if gap.strip() == "" and nxt.text in self.rules.speech_verbs:
                    hits.append(self._new_person(text, toks, i, j, "speaker"))
                elif gap.strip() == "," and (
                    role in self.rules.person_roles
                    or role in ("the", "a", "an")
                    and k + 1 < n
                    and toks[k + 1].text.lower() in self.rules.person_roles
                ):
                    hits.append(self._new_person(text, toks, i, j, "apposition"))
            resume = max(j, i + 1)
        return hits

    def _new_person(self, text: str, toks: list[Token], i: int, j: int, rule: str) -> Hit:
        s, e = toks[i].start, toks[j - 1].end
        if text[s:e].endswith(("'s", "’s")):
            e -= 2
        key = " ".join(t.key for k, t in enumerate(toks[i:j], i) if not is_article(toks, k))
        return Hit(s, e, f"x:{key}", _clean(text[s:e]), "person", None, f"person-{rule}", i, j - 1)

    def _org_hits(self, text: str, toks: list[Token], taken: list[bool]) -> list[Hit]:
        hits = []
        heads = self.rules.org_heads
        conn = self.rules.org_connectors
        n = len(toks)
        forms = self._head_forms
        for h in list(compress(range(n), map(forms.__contains__, map(_TEXT, toks)))):
            head = toks[h].text
            if head.endswith(("'s", "’s")):
                head = head[:-2]
            if head not in heads or taken[h]:
                continue
            # walk left over capitalised words and connectors
            i = h
            while i - 1 >= 0:
                p = toks[i - 1]
                if text[p.end : toks[i].start].strip(" -") != "":
                    break
                if (
                    p.text[:1].isupper()
                    and p.text.lower() not in _FUNCTION
                    or p.text.lower() in ("al", "el")
                    or p.text.lower() in conn
                    and i - 2 >= 0
                    and toks[i - 2].text[:1].isupper()
                ):
                    i -= 1
                else:
                    break
            while i < h and (toks[i].text.lower() in conn or toks[i].text.lower() in _FUNCTION):
                i += 1
            # walk right over "of the Islamic Revolution"
            j = h + 1
            if (
                j + 1 < n
                and toks[j].text == "of"
                and text[toks[h].end : toks[j].start].strip() == ""
            ):
                k = j + 1
                if toks[k].text.lower() == "the":
                    k += 1
                m = k
                while (
                    m < n
                    and toks[m].text[:1].isupper()
                    and toks[m].text.lower() not in _FUNCTION
                    and m - k < 4
                ):
                    if text[toks[m - 1].end : toks[m].start].strip(" -") != "":
                        break
                    m += 1
                if m > k:
                    j = m
            if h - i < 1 or any(taken[i:j]):
                continue
            if not all(x.text[:1].isupper() or x.text.lower() in conn for x in toks[i:j]):
                continue
            s, e = toks[i].start, toks[j - 1].end
            if text[s:e].endswith(("'s", "’s")):
                e -= 2
            key = " ".join(t.key for t in toks[i:j] if t.text.lower() not in conn)
            hits.append(
                Hit(
                    s,
                    e,
                    f"x:{key}",
                    _clean(text[s:e]),
                    _org_kind(text[s:e], heads[head]),
                    None,
                    "org-head",
                    i,
                    j - 1,
                )
            )
        return hits

    def _generic_hits(self, text: str, taken_spans: list[tuple[int, int]]) -> list[Hit]:
        hits = []
        ends = {b for _, b in taken_spans}
        # overlap test by bisection: the spans starting before a match's end, and the
        # furthest any of them reaches
        spans = sorted(taken_spans)
        span_starts = [a for a, _ in spans]
        reach: list[int] = []
        for _, b in spans:
            reach.append(max(b, reach[-1]) if reach else b)
        if self._generic_lower is not None and text.isascii():
            found = self._generic_lower.finditer(text.lower())
        else:
            found = self._generic_re.finditer(text)
        for m in found:
            s, e = m.span()
            k = bisect_left(span_starts, e)
            if k and reach[k - 1] > s:
                continue  # inside or across a named actor's span
            # "Islamic State fighters", "Badr's militiamen": the named actor acts
            if any((s - k) in ends and _OWNER_GAP.fullmatch(text[s - k : s]) for k in range(1, 5)):
                continue
            label, kind = self.rules.generic[m.group(1).lower()]
            hits.append(Hit(s, e, f"g:{label}", label, kind, None, "generic", generic=True))
        return hits

    # ------------------------------------------------------------- context
    def _agentive(self, text: str, toks: list[Token], first: int) -> bool:
        """Is the mention at token ``first`` used as an actor, not a location?"""
        k = first - 1
        while k >= 0 and (toks[k].text.lower() in ("and", "or", "the") or is_article(toks, k)):
            k -= 1
            # step over a list of names: "in Iraq and Syria"
            while (
                k >= 0
                and toks[k].text[:1].isupper()
                and toks[k].text.lower() not in self.rules.locative_before
            ):
                k -= 1
        return not (k >= 0 and toks[k].text.lower() in self.rules.locative_before)

    # ------------------------------------------------------------- main
    def find(self, text: str, toks: list[Token] | None = None) -> ActorResult:
        toks = toks if toks is not None else tokenize(text)
        kb_hits = self._kb_hits(text, toks)
        kb_hits = _resolve_overlaps(kb_hits)
        kept: list[Hit] = []
        for h in kb_hits:
            if h.kind == "state" or h.metonym:
                surface = text[h.start : h.end]
                proper = all(w[:1].isupper() or w in ("of", "the") for w in surface.split())
                if proper and not self._agentive(text, toks, h.tok_first):
                    continue
                h.metonym = h.metonym or proper
            if (
                h.tok_first == h.tok_last
                and h.kind != "person"
                and _PLACE_NOUN_AFTER.match(text, h.end)
            ):
                continue  # "the Fatah bridge", "Badr street": a place named after the actor
            kept.append(h)
        taken = [False] * len(toks)

        def mark(new: list[Hit]) -> list[Hit]:
            for h in new:
                for k in range(h.tok_first, h.tok_last + 1):
                    taken[k] = True
            return new

        hits = mark(kept)
        hits += mark(_resolve_overlaps(self._title_hits(text, toks, taken)))
        hits += mark(self._short_forms(text, toks, hits))
        hits += mark(_resolve_overlaps(self._org_hits(text, toks, taken)))
        hits += mark(_resolve_overlaps(self._other_hits(text, toks, taken)))
        hits += self._short_forms(text, toks, hits)
        hits += self._generic_hits(text, [(h.start, h.end) for h in hits])
        hits.sort(key=lambda h: h.start)
        return ActorResult(_group(hits), hits)

    def _short_forms(self, text: str, toks: list[Token], hits: list[Hit]) -> list[Hit]:
        """Surnames after full names, acronyms defined in parentheses."""
        surnames: dict[str, Hit] = {}
        acronyms: dict[str, Hit] = {}
        for h in sorted(hits, key=lambda h: h.start):
            if h.kind == "person" and h.tok_last > h.tok_first:
                last = toks[h.tok_last]
                between = toks[h.tok_first : h.tok_last]
                # "Supreme Leader of Iran" names a person, but "Iran" alone is not his surname
                if any(
                    t.text[:1].islower() and t.text.lower() not in ("al", "el", "bin", "ibn")
                    for t in between
                ):
                    continue
                if last.key in self.kb.keys and all(
                    self.kb.actors[e.actor_id].kind != "person" for e in self.kb.keys[last.key]
                ):
                    continue
                surnames.setdefault(last.key, h)
            nxt = text[h.end : h.end + 12]
            m = _ACRONYM_DEF.match(nxt)
            if m and m.group(1).upper() == m.group(1) and h.kind != "person":
                acronyms.setdefault(m.group(1), h)
        if not surnames and not acronyms:
            return []
        covered = [False] * len(toks)
        for h in hits:
            for k in range(h.tok_first, h.tok_last + 1):
                covered[k] = True
        out = []
        # only a token spelt like a defined acronym or keyed like a surname can be one
        forms = {f for a in acronyms for f in (a, a + "'s", a + "’s")}
        for i in [i for i, t in enumerate(toks) if t.key in surnames or t.text in forms]:
            t = toks[i]
            if covered[i]:
                continue
            word = t.text[:-2] if t.text.endswith(("'s", "’s")) else t.text
            src = acronyms.get(word)
            rule = "acronym-defined"
            if src is None and word[:1].isupper() and not word.isupper():
                src = surnames.get(t.key)
                rule = "surname"
            if src is None or t.start < src.start:
                continue
            s = t.start
            if i > 0 and is_article(toks, i - 1) and not covered[i - 1]:
                s = toks[i - 1].start
            out.append(
                Hit(s, t.start + len(word), src.key, src.name, src.kind, src.country, rule, i, i)
            )
        return out


_PLACE_NOUN_AFTER = re.compile(
    r"\s+(?:bridge|road|street|highway|crossing|checkpoint|roundabout|square|district|"
    r"neighbourhood|neighborhood|quarter|camp|village|dam|airport|base)\b"
)
_INSTITUTIONS = frozenset(
    [
        "Hospital",
        "Hospitals",
        "Clinic",
        "University",
        "College",
        "School",
        "Mosque",
        "Church",
        "Shrine",
        "Market",
        "Square",
        "Street",
        "Road",
        "Bridge",
        "Airport",
        "Base",
        "Camp",
        "Prison",
        "Staff",
        "Headquarters",
        "Secretariat",
        "Hall",
        "Palace",
    ]
)
_MEDIA_WORDS = re.compile(r"\b(?:News|Press|Media|Television|TV|Radio|Broadcasting)\b")


def _org_kind(name: str, by_head: str) -> str:
    """'Crescent News Agency' is an outlet, whatever its head word says."""
    return "media" if _MEDIA_WORDS.search(name) else by_head


def _clean(s: str) -> str:
    return _SPACES.sub(" ", s).strip()


def _resolve_overlaps(hits: list[Hit]) -> list[Hit]:
    """Keep the longest hit where hits overlap (leftmost first on ties)."""
    hits = sorted(hits, key=lambda h: (-(h.end - h.start), h.start))
    if any(h.end <= h.start for h in hits):  # an empty span: the plain pairwise test
        kept: list[Hit] = []
        for h in hits:
            if any(h.start < k.end and k.start < h.end for k in kept):
                continue
            kept.append(h)
        return sorted(kept, key=lambda h: h.start)
    # the kept spans do not overlap, so in order of start they are in order of end too:
    # a new span overlaps one iff the last kept span starting before its end reaches
    # past its start
    kept = []
    starts: list[int] = []
    ends: list[int] = []
    for h in hits:
        i = bisect_left(starts, h.end)
        if i and ends[i - 1] > h.start:
            continue
        kept.insert(i, h)
        starts.insert(i, h.start)
        ends.insert(i, h.end)
    return kept


def _group(hits: Sequence[Hit]) -> list[Actor]:
    """One Actor per distinct key, in order of first mention."""
    actors: dict[str, Actor] = {}
    for h in hits:
        a = actors.get(h.key)
        if a is None:
            a = actors[h.key] = Actor(
                id=h.key if not h.key.startswith(("x:", "g:")) else h.key,
                name=h.name,
                kind=h.kind,
                country=h.country,
                kb_id=None if h.key.startswith(("x:", "g:")) else h.key,
                generic=h.generic,
            )
        a.mentions.append(Mention(h.start, h.end, "", h.rule))
        if h.key.startswith("x:") and len(h.name) > len(a.name) and h.rule != "surname":
            a.name = h.name
    return list(actors.values())


def fill_surfaces(actors: list[Actor], text: str) -> None:
    """Mention texts and the aliases seen (surface spellings other than the name)."""
    for a in actors:
        seen: list[str] = []
        for m in a.mentions:
            m.text = text[m.start : m.end]
            surface = _clean(m.text)
            if surface != a.name and surface not in seen:
                seen.append(surface)
        a.aliases = seen


def find_actors(text: str, kb: KnowledgeBase, matcher: ActorMatcher | None = None) -> ActorResult:
    """All actor mentions in text, grouped by actor, with surfaces filled in."""
    matcher = matcher or ActorMatcher(kb)
    result = matcher.find(text)
    fill_surfaces(result.actors, text)
    return result


__all__ = [
    "ActorMatcher",
    "ActorResult",
    "ActorRules",
    "Hit",
    "find_actors",
    "load_actor_rules",
    "token_key",
]
