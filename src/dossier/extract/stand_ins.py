"""Mentions that stand for an actor in event roles, found only for the event stage.

Reporting often names an actor without its name: "Iranian officials" and "the
Iraqis" speak or act for their state, "Turkish warplanes" are Turkey's armed
forces, "this militia" points back to the armed group just named, "supporters of
Muqtada al-Sadr" act as the movement he leads, and "warned Baghdad" addresses the
government whose capital Baghdad is. These stand-ins fill event roles; they do not
change the actor list a document's extraction prints.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from dossier.extract.actors import Hit
from dossier.extract.regexes import first_char_guard as _first_char_guard
from dossier.extract.regexes import trie

__all__ = [
    "demonyms",
    "led_by",
    "seat_of_government",
    "with_derived_hits",
]

# "Iranian officials", "the Turkish government": the state speaks or acts through them
_OFFICIALS_AFTER = re.compile(
    r"\s+(?:officials?|leaders|leadership|authorities|government|regime|diplomats?|"
    r"ministers|spokesm[ae]n)\b"
)
# "Turkish warplanes", "US drones", "Iranian artillery": a state's arms
_ARMS_AFTER = re.compile(
    r"(?:\s+(?:[A-Z0-9][\w-]*\s+){0,3})?\s*(?:warplanes?|war planes?|jets?|fighter jets?|aircraft|"
    r"planes|drones?|helicopters?|gunships?|bombers?|artillery|tanks|warships?|navy|air force|"
    r"special forces|commandos|paratroopers|marines)\b"
)
_NAME_CHAR = re.compile(r"[\w.-]")


@lru_cache(maxsize=1)
def demonyms() -> tuple[re.Pattern[str], dict[str, Any]]:
    """Demonyms ("Turkish", "American") and the state each stands for, from the relation rules."""
    from dossier.extract.relations import default_rules
    from dossier.knowledge.loader import get_kb

    kb = get_kb()
    rules = default_rules()
    table = {}
    for dem, aid in rules.demonyms.items():
        aid = rules.state_stand_in.get(aid, aid)
        if aid in kb.actors:
            table[dem] = kb.actors[aid]
    alternation = "|".join(re.escape(d) for d in sorted(table, key=len, reverse=True))
    return re.compile(rf"(?<![\w.-])({alternation})(?![\w-])"), table


# the kinds of event whose unnamed doer or target is the one of the event just told


@lru_cache(maxsize=1)
def _anaphora_rules() -> tuple[re.Pattern[str] | None, dict[str, frozenset[str]]]:
    """'the militia', 'this group' and the actor kinds each points back to (actor_rules.yaml)."""
    from dossier.extract.actors import load_actor_rules

    table = {k.lower(): frozenset(v) for k, v in load_actor_rules().anaphora.items()}
    if not table:
        return None, table
    if all(k.isascii() for k in table):
        # as a character trie: the same matches as the alternation longest first (the
        # phrases that fit at one place are prefixes of one another, and the trie tries
        # the longer first), but much faster to fail
        alternation = trie(sorted(table))
    else:
        alternation = "|".join(re.escape(k) for k in sorted(table, key=len, reverse=True))
    return _first_char_guard(rf"\b(?:{alternation})\b(?!\s+of\b)", re.I), table


def _anaphora_hits(text: str, hits: Sequence[Hit]) -> list[Hit]:
    """'This militia was once ...', 'the group claimed ...': the last actor of a fitting kind.

    Only for the event stage, and only looking back 600 characters: a short
    reference points to an actor the reader has just met.
    """
    regex, table = _anaphora_rules()
    if regex is None:
        return []
    named = sorted((h for h in hits if not h.generic), key=lambda h: h.start)
    starts = [h.start for h in named]
    out = []
    for m in regex.finditer(text):
        kinds = table[m.group(0).lower()]
        i = bisect_left(starts, m.start())
        if i < len(named) and named[i].start < m.end():
            continue  # part of a name
        for h in reversed(named[max(0, i - 8) : i]):
            if m.start() - h.end > 600:
                break
            if h.kind in kinds and h.end <= m.start():
                out.append(Hit(m.start(), m.end(), h.key, h.name, h.kind, h.country, "anaphora"))
                break
    return out


def led_by(h: Hit) -> Hit | None:
    """The organisation a person leads (first listed in the knowledge base), at h's span."""
    from dossier.knowledge.loader import get_kb

    kb = get_kb()
    person = kb.actors.get(h.key)
    led = (person.affiliations.get("leads") or []) if person is not None else []
    org = kb.actors.get(led[0]) if led else None
    if org is None:
        return None
    return Hit(h.start, h.end, org.id, org.name, org.kind, org.country, "leader's followers")


def with_derived_hits(text: str, hits: Sequence[Hit]) -> list[Hit]:
    """The actor mentions plus those only the event stage reads: officials, arms, anaphora."""
    official = _official_hits(text, hits)
    arms = [h for h in official if h.rule == "demonym-arms"]
    kept = [h for h in hits if not any(a.start <= h.start and h.end <= a.end for a in arms)]
    return kept + official + _anaphora_hits(text, hits)


@lru_cache(maxsize=64)
def _armed_forces_of(demonym: str) -> Any:
    """The knowledge base's armed forces for a demonym ("Turkish" -> Turkish Armed Forces)."""
    from dossier.knowledge.loader import get_kb

    kb = get_kb()
    for phrase in (f"{demonym} forces", f"{demonym} military", f"{demonym} armed forces"):
        for actor, _ in kb.resolve(phrase):
            if actor.kind == "armed_group":
                return actor
    return None


@lru_cache(maxsize=1)
def _demonym_plurals() -> re.Pattern[str]:
    """'the Iraqis', 'the Americans': demonyms in -i and -an with a plural s."""
    _, table = demonyms()
    plural = [d for d in table if d.endswith(("i", "an")) and d.isalpha()]
    # a character trie: the same matches as the alternation longest first, faster to fail
    return re.compile(rf"\b[Tt]he\s+({trie(sorted(plural)) or '(?!)'})s\b")


@lru_cache(maxsize=2)
def _demonym_finder(names: tuple[str, ...]) -> re.Pattern[str]:
    """The demonym regex without its lookbehind, as a character trie (fast to skip)."""
    return re.compile(rf"({trie(names)})(?![\w-])")


def _demonym_matches(text: str, names: tuple[str, ...]) -> list[re.Match[str]]:
    """The matches of the :func:`demonyms` regex in ``text``, found faster.

    The same matches: the leftmost place where a demonym (the longest that fits)
    stands, not right after a word character, dot or hyphen; a place right after
    one is passed over one character at a time, as the lookbehind would.
    """
    finder = _demonym_finder(names)
    out = []
    pos = 0
    while (m := finder.search(text, pos)) is not None:
        if m.start() and _NAME_CHAR.match(text, m.start() - 1):
            pos = m.start() + 1
            continue
        out.append(m)
        pos = m.end()
    return out


def seat_of_government(place_id: str, s: int, e: int) -> Hit | None:
    """A Hit for the state whose capital ``place_id`` is (with the relation rules' stand-in)."""
    from dossier.geo.gazetteer import load_gazetteer

    entry = load_gazetteer().get(place_id)
    if entry is None or not entry.capital or entry.kind == "country":
        return None
    actor = _state_of(entry.country)
    if actor is None:
        return None
    return Hit(s, e, actor.id, actor.name, actor.kind, actor.country, "capital")


@lru_cache(maxsize=256)
def _state_of(country: str | None) -> Any:
    """The knowledge base's state actor for an ISO alpha-3 code (or its stand-in)."""
    from dossier.extract.relations import default_rules
    from dossier.knowledge.loader import get_kb

    kb = get_kb()
    stand_in = default_rules().state_stand_in
    for actor in kb.actors.values():
        if actor.kind == "state" and actor.country == country:
            return kb.actors.get(stand_in.get(actor.id, actor.id), actor)
    return None


def _official_hits(text: str, hits: Sequence[Hit]) -> list[Hit]:
    """'Iranian officials', 'the Turkish government': the state, as an actor of events.

    Only for the event stage: the named-actor list is not changed, but a clause whose
    subject is "Iranian leaders" gets Iran as its doer, and "they" after "Iranian
    officials said" stands for Iran.
    """
    regex, table = demonyms()
    if not table:
        return []
    spans = [(h.start, h.end) for h in hits]
    out = []
    for m in _demonym_plurals().finditer(text):
        # "training to the Iraqis", "talks with the Americans": the state
        if not any(a < m.end(1) + 1 and m.start(1) < b for a, b in spans):
            a = table[m.group(1)]
            out.append(
                Hit(m.start(1), m.end(1) + 1, a.id, a.name, a.kind, a.country, "demonym-people")
            )
    for m in _demonym_matches(text, tuple(table)):
        tail = _OFFICIALS_AFTER.match(text, m.end())
        arms = None if tail is not None else _ARMS_AFTER.match(text, m.end())
        # "US jets": the state's own mention ("US") is taken over by its arms
        if arms is not None and not any(
            a < arms.end() and m.start() < b and not (m.start() <= a and b <= m.end())
            for a, b in spans
        ):
            # "Turkish warplanes struck ...": the state's armed forces, where the knowledge
            # base knows them as "<Demonym> forces" or "<Demonym> military", else the state
            forces = _armed_forces_of(m.group(1))
            a = forces or table[m.group(1)]
            out.append(Hit(m.start(), arms.end(), a.id, a.name, a.kind, a.country, "demonym-arms"))
            continue
        if tail is None or any(a < tail.end() and m.start() < b for a, b in spans):
            continue
        a = table[m.group(1)]
        out.append(Hit(m.start(), tail.end(), a.id, a.name, a.kind, a.country, "demonym-officials"))
    return out
