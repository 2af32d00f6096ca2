"""Relations between actors: who commands, leads, backs, arms or opposes whom.

Only what the text states counts. The stage works sentence by sentence over the
actor mentions found earlier, and every relation keeps the span that states it
(never more than one sentence). Four sources, all driven by
``data/relations.yaml``:

1. **patterns between two actors** of a sentence: the text between them must
   match a pattern entirely ("X, the commander of Y", "Y-backed X", "X, linked
   to Y", "Y's proxy X"), optionally with a condition on the text just before
   the first or just after the second actor;
2. **patterns before, after or inside one actor's mention, or anywhere in the
   sentence**, where the other party is a demonym or a name the knowledge base
   resolves ("Russian President X", "X, an official of the Islamic Republic"),
   the actor's own country ("President X", "the opposition group X"), a
   collective of armed groups that the knowledge base knows ("militias backed
   by Y", "Y and its linked militias", "the Iran-backed groups"), or the first
   actor of the sentence ("fighting alongside Y");
3. **the knowledge base's affiliations, where the text supports them**: the two
   actors are next to each other with a relational cue word between them, in a
   possessive ("Y's X") or side by side ("IRGC Quds Force"), or the mention
   itself names the affiliated actor ("Iran-backed militias"). Two actors that
   merely appear in the same document never yield a relation;
4. **lists and examples**: a relation stated for the first member of a list
   ("A, B and C") holds for every member, and examples introduced by "such as"
   inherit the relations stated for the group they illustrate.

Relations are deduplicated per (subject, predicate, object) within a document;
the first evidence is kept.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from dossier.extract.actors import Hit
from dossier.extract.regexes import plain_case
from dossier.knowledge.loader import KBActor, KBError, KnowledgeBase
from dossier.model import RELATION_PREDICATES, Evidence, Relation

RULES_FILE = Path(__file__).parent / "data" / "relations.yaml"

PATTERN_TYPES = ("pair", "prefix", "suffix", "surface", "sentence")
KINDS = ("person", "org", "group", "armed", "unit", "any")
ROLE_MODES = ("def", "pre", "indef")
_SUBJECTS = {
    "pair": ("left", "right", "chain"),
    "prefix": ("hit", "other"),
    "suffix": ("hit", "other"),
    "surface": ("hit", "other"),
    "sentence": ("coll", "actor"),
}
_OTHERS = ("actor", "first", "country")
_PLACEHOLDERS = ("ROLE", "HEADROLE", "MOD", "ADJ", "RANK", "TITLE", "DEMONYM", "COLL", "NAME")
_WINDOW = 160  # characters of context looked at before or after a mention
_MAX_GAP = 240  # a longer gap between two actors is never one relation
_KB_GAP = 100  # longest gap over which a cue word lets a KB affiliation count


# ---------------------------------------------------------------- the rules file
# patterns used per call, compiled once
_SPACES = re.compile(r"\s+")
_CLOSE_PAREN = re.compile(r"\s*\)")


# what may follow a list member: punctuation, a conjunction or the end of the text
_FINAL_CONJUNCT = re.compile(r"\b(?:and|or)\b")
_LIST_MEMBER_END = re.compile(r"\s*(?:[,.;:)\]”\"]|and\b|or\b|as\s+well\s+as\b|$)")


@dataclass(slots=True)
class Pattern:
    id: str
    type: str
    regex: re.Pattern[str]
    predicate: str  # a predicate, or "@role"
    subject: str
    mode: str = "def"
    other: str = "actor"
    left: str = "any"
    right: str = "any"
    hit: str = "any"
    before: re.Pattern[str] | None = None
    after: re.Pattern[str] | None = None
    not_after: re.Pattern[str] | None = None
    reach: int = 1
    lists: str = "both"  # which side's list members share the relation: both | right | left | none
    # words one of which every match of ``regex`` holds (see :func:`required_words`)
    required: tuple[str, ...] | None = None
    # the search for ``required`` (compiled once, not looked up on every test)
    _required_rx: re.Pattern[str] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        self._required_rx = _words_rx(self.required) if self.required is not None else None

    def may_hold(self, low: str | None, start: int, end: int) -> bool:
        """:func:`_may_hold` for this pattern's required words."""
        rx = self._required_rx
        return low is None or rx is None or rx.search(low, start, end) is not None


@dataclass(slots=True)
class RelationRules:
    demonyms: dict[str, str]
    state_stand_in: dict[str, str]
    roles: dict[str, dict[str, str]]
    head_roles: set[str]
    collective_heads: set[str]
    unit_heads: set[str]
    actor_heads: re.Pattern[str]
    patterns: list[Pattern]
    # predicate -> the cue words that let a knowledge-base relation with it count
    kb_cues: dict[str, re.Pattern[str]]
    list_gap: re.Pattern[str]
    appositive_gap: re.Pattern[str]
    subunit_after: re.Pattern[str]
    example_gap: re.Pattern[str]
    det_before: re.Pattern[str]
    possessive_gap: re.Pattern[str]
    side_by_side_gap: re.Pattern[str]
    path: str = ""
    by_type: dict[str, list[Pattern]] = field(default_factory=dict)
    max_reach: int = 1
    # (distance, left kinds, right kinds) -> the pair patterns that may apply, in order
    _pair_cache: dict[tuple[int, tuple[bool, ...], tuple[bool, ...]], list[Pattern]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    # pattern type -> a search for any word some pattern of that type requires
    _required_any: dict[str, re.Pattern[str] | None] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        self.by_type = {t: [p for p in self.patterns if p.type == t] for t in PATTERN_TYPES}
        self.max_reach = max((p.reach for p in self.by_type["pair"]), default=1)
        for t, ps in self.by_type.items():
            words = sorted({w for p in ps if p.required for w in p.required})
            self._required_any[t] = _words_rx(tuple(words)) if words else None

    def may_any_hold(self, kind: str, low: str | None, start: int, end: int) -> bool:
        """Can text[start:end] hold a required word of any ``kind`` pattern? When not,
        no pattern of that type that requires words can match there (one search for
        the span instead of one per pattern; most spans hold none)."""
        rx = self._required_any.get(kind)
        return low is None or rx is None or rx.search(low, start, end) is not None

    def pair_patterns(
        self, distance: int, left: tuple[bool, ...], right: tuple[bool, ...]
    ) -> list[Pattern]:
        """The pair patterns, in file order, that reach ``distance`` actors and accept a
        left and a right actor of the given kinds (``is_kind`` for each of ``KINDS``).

        Few distinct combinations occur, so each is filtered once and kept.
        """
        key = (distance, left, right)
        found = self._pair_cache.get(key)
        if found is None:
            lk, rk = dict(zip(KINDS, left, strict=True)), dict(zip(KINDS, right, strict=True))
            found = [
                p
                for p in self.by_type["pair"]
                if p.reach >= distance and lk.get(p.left, False) and rk.get(p.right, False)
            ]
            self._pair_cache[key] = found
        return found


def _alternation(words: list[str], case_sensitive: bool = False) -> str:
    """One regex for a word list, as a trie so that each position is tried cheaply.

    Spaces in a phrase match any run of white space; the longest form wins.
    """
    trie: dict[str, Any] = {}
    for w in words:
        w = " ".join(w.split())
        if not w:
            continue
        node = trie
        for ch in w if case_sensitive else w.lower():
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        alts = []
        for ch in sorted(k for k in node if k):
            head = r"\s+" if ch == " " else re.escape(ch)
            alts.append(head + emit(node[ch]))
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    alt = emit(trie) or r"(?!x)x"
    return f"(?-i:{alt})" if case_sensitive else f"(?:{alt})"


# ---------------------------------------------------------------- required words
_LIT_CAP = 64  # most strings a finite piece of a pattern may stand for


def _finite(items: Any) -> set[str] | None:
    """The strings a parsed regex sequence can match, when few and fixed; else None."""
    out = {""}
    for op, av in items:
        name = str(op)
        if name == "LITERAL":
            alts = {chr(av)}
        elif name in ("AT", "ASSERT", "ASSERT_NOT"):
            alts = {""}  # zero-width
        elif name == "IN":
            if not all(str(o) == "LITERAL" for o, _ in av):
                return None
            alts = {chr(c) for _, c in av}
        elif name == "SUBPATTERN":
            alts = _finite(av[-1])
        elif name == "BRANCH":
            alts = set()
            for branch in av[1]:
                sub = _finite(branch)
                if sub is None:
                    return None
                alts |= sub
        elif name in ("MAX_REPEAT", "MIN_REPEAT") and av[0] == 0 and av[1] == 1:
            sub = _finite(av[2])
            alts = None if sub is None else sub | {""}
        else:
            return None
        if alts is None or len(out) * len(alts) > _LIT_CAP:
            return None
        out = {a + b for a in out for b in alts}
    return out


def _required(items: Any) -> set[str] | None:
    """Strings one of which every match of a parsed regex sequence contains, or None.

    A run of fixed pieces stands for the strings it can match; a group, a branch
    whose every alternative has such strings, or a piece repeated at least once
    passes on its own. Of the candidates the one with the longest shortest string
    is kept.
    """
    cands: list[set[str]] = []
    run: set[str] = {""}
    for op, av in list(items) + [(None, None)]:
        name = str(op)
        piece = None if op is None else _finite([(op, av)])
        if piece is not None and len(run) * len(piece) <= _LIT_CAP:
            run = {a + b for a in run for b in piece}
            continue
        if "" not in run:
            cands.append(run)
        run = {""} if piece is None else piece
        if op is None or piece is not None:
            continue
        sub: set[str] | None = None
        if name == "SUBPATTERN":
            sub = _required(av[-1])
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") and av[0] >= 1:
            sub = _required(av[2])
        elif name == "BRANCH":
            sub = set()
            for branch in av[1]:
                b = _required(branch)
                if b is None:
                    sub = None
                    break
                sub |= b
        if sub:
            cands.append(sub)
    cands = [c for c in cands if c and "" not in c]
    if not cands:
        return None
    return max(cands, key=lambda c: (min(len(x) for x in c), -len(c)))


def required_words(rx: re.Pattern[str]) -> tuple[str, ...] | None:
    """Lower-case ASCII strings one of which every match of ``rx`` holds (compared
    case-insensitively), for a quick test before the pattern; None when there is
    no useful set."""
    try:
        from re import _parser  # type: ignore[attr-defined]

        req = _required(_parser.parse(rx.pattern, rx.flags))
    except Exception:  # an unexpected parse tree: no shortcut
        return None
    if not req or min(len(x) for x in req) < 3 or not all(x.isascii() for x in req):
        return None
    return tuple(sorted({x.lower() for x in req}))


@lru_cache(maxsize=256)
def _words_rx(words: tuple[str, ...]) -> re.Pattern[str]:
    """A case-sensitive search for any of ``words`` (a trie, literal spaces)."""
    trie: dict[str, Any] = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        alts = [re.escape(ch) + emit(node[ch]) for ch in sorted(k for k in node if k)]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return re.compile(emit(trie))


_plain_case = plain_case  # see :func:`dossier.extract.regexes.plain_case`


def _may_hold(low: str | None, words: tuple[str, ...] | None, start: int, end: int) -> bool:
    """Can text[start:end] hold a match of a pattern whose matches all hold one of
    ``words``? (True when unknown: no lower-cased text or no words.)"""
    if low is None or words is None:
        return True
    return _words_rx(words).search(low, start, end) is not None


def _norm_role(s: str) -> str:
    return re.sub(r"\s+", " ", s.strip().lower())


def load_relation_rules(path: Path = RULES_FILE) -> RelationRules:
    """Read and check the relations file; errors name the file, entry and field."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as e:
        raise KBError(path, f"cannot read relation patterns: {e}") from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = f" (line {mark.line + 1})" if mark else ""
        raise KBError(path, f"not valid YAML{line}: {getattr(e, 'problem', e)}") from None
    if not isinstance(data, dict):
        raise KBError(path, "must be a mapping")

    def words(fld: str) -> list[str]:
        v = data.get(fld)
        if not isinstance(v, list) or not v or not all(isinstance(x, str) and x.strip() for x in v):
            raise KBError(path, "must be a non-empty list of strings", fld=fld)
        return [x.strip() for x in v]

    def mapping(fld: str) -> dict[str, str]:
        v = data.get(fld)
        if v is None:
            return {}
        if not isinstance(v, dict):
            raise KBError(path, "must be a mapping of strings", fld=fld)
        for k, x in v.items():
            if not isinstance(x, str) or not x.strip():
                raise KBError(path, "must map to a knowledge-base id", entry=str(k), fld=fld)
        return {str(k).strip(): x.strip() for k, x in v.items()}

    def regex_field(fld: str) -> re.Pattern[str]:
        v = data.get(fld)
        if not isinstance(v, str) or not v:
            raise KBError(path, "must be a regular expression", fld=fld)
        try:
            return re.compile(v, re.IGNORECASE)
        except re.error as e:
            raise KBError(path, f"bad regular expression: {e}", fld=fld) from None

    demonyms = mapping("demonyms")
    if not demonyms:
        raise KBError(path, "must be a non-empty mapping of demonym to id", fld="demonyms")
    stand_in = mapping("state_stand_in")

    roles_raw = data.get("roles")
    if not isinstance(roles_raw, dict) or not roles_raw:
        raise KBError(path, "must be a mapping of role word to predicate(s)", fld="roles")
    roles: dict[str, dict[str, str]] = {}
    for word, spec in roles_raw.items():
        if isinstance(spec, str):
            spec = dict.fromkeys(ROLE_MODES, spec)
        if not isinstance(spec, dict) or set(spec) - set(ROLE_MODES) or not spec:
            raise KBError(
                path,
                "must be a predicate or a mapping with def/pre/indef",
                entry=str(word),
                fld="roles",
            )
        for mode, pred in spec.items():
            if pred not in RELATION_PREDICATES:
                raise KBError(
                    path, f"unknown predicate {pred!r} for {mode!r}", entry=str(word), fld="roles"
                )
        full = {m: spec.get(m) or spec.get("def") or next(iter(spec.values())) for m in ROLE_MODES}
        roles[_norm_role(str(word))] = full

    head_roles = {_norm_role(w) for w in words("head_roles")}
    for w in head_roles:
        if w not in roles:
            raise KBError(path, "head role is not in 'roles'", entry=w, fld="head_roles")
    modifiers = words("modifiers")
    titles = words("titles")
    collectives = words("collectives")
    collective_heads = {w.lower() for w in words("collective_heads")}
    unit_heads = set(words("unit_heads"))
    actor_heads = re.compile(r"\s+" + _alternation(words("actor_heads")) + r"\b", re.IGNORECASE)
    cues_raw = data.get("kb_cues")
    if not isinstance(cues_raw, dict) or not cues_raw:
        raise KBError(path, "must be a mapping of predicate to cue words", fld="kb_cues")
    kb_cues: dict[str, re.Pattern[str]] = {}
    for pred, cue_words in cues_raw.items():
        if pred not in RELATION_PREDICATES:
            raise KBError(path, f"unknown predicate {pred!r}", entry=str(pred), fld="kb_cues")
        if not isinstance(cue_words, list) or not all(
            isinstance(w, str) and w.strip() for w in cue_words
        ):
            raise KBError(path, "must be a list of words", entry=str(pred), fld="kb_cues")
        kb_cues[pred] = re.compile(r"\b" + _alternation(cue_words) + r"\b", re.IGNORECASE)

    subst = {
        "ROLE": _alternation(list(roles)),
        "HEADROLE": _alternation(list(head_roles)),
        "MOD": _alternation(modifiers),
        "TITLE": _alternation(titles),
        "DEMONYM": _alternation(list(demonyms), case_sensitive=True),
        "COLL": _alternation(collectives),
        "RANK": _alternation(words("rank_modifiers")),
        "ADJ": "(?:"
        + _alternation(modifiers)
        + "|"
        + _alternation(list(demonyms), case_sensitive=True)
        + r"|(?!(?:of|the|an?|and|or|in|to|for|with|by|on|at|from|who|which|that|whose|is|was|are|were)\b)"
        + r"[a-z][\w-]*)",
        "NAME": r"(?-i:[A-Z](?:\w|\.(?=\w)|['’](?!s\b))*(?:(?:[ -]|\s+of\s+(?:the\s+)?)(?:al-|el-)?[A-Z](?:\w|\.(?=\w)|['’](?!s\b))*){0,4})",
    }

    def expand(src: str, entry: str, fld: str) -> re.Pattern[str]:
        if not isinstance(src, str) or not src:
            raise KBError(path, "must be a regular expression", entry=entry, fld=fld)
        out = src
        for name in _PLACEHOLDERS:
            out = out.replace("{" + name + "}", subst[name])
        leftover = re.search(r"\{[A-Z]+\}", out)
        if leftover:
            raise KBError(path, f"unknown placeholder {leftover.group(0)}", entry=entry, fld=fld)
        try:
            return re.compile(out, re.IGNORECASE)
        except re.error as e:
            raise KBError(path, f"bad regular expression: {e}", entry=entry, fld=fld) from None

    raw_patterns = data.get("patterns")
    if not isinstance(raw_patterns, list) or not raw_patterns:
        raise KBError(path, "must be a non-empty list of patterns", fld="patterns")
    patterns: list[Pattern] = []
    seen: set[str] = set()
    allowed = {
        "id",
        "type",
        "regex",
        "predicate",
        "subject",
        "mode",
        "other",
        "left",
        "right",
        "hit",
        "before",
        "after",
        "not_after",
        "reach",
        "lists",
        "note",
    }
    for i, raw in enumerate(raw_patterns):
        label = f"#{i + 1}"
        if not isinstance(raw, dict):
            raise KBError(path, "each pattern must be a mapping", entry=label, fld="patterns")
        label = str(raw.get("id") or label)
        unknown = set(raw) - allowed
        if unknown:
            raise KBError(
                path,
                f"unknown field(s): {', '.join(sorted(unknown))}",
                entry=label,
                fld=sorted(unknown)[0],
            )
        if not isinstance(raw.get("id"), str) or not raw["id"].strip():
            raise KBError(path, "is required and must be a non-empty string", entry=label, fld="id")
        if label in seen:
            raise KBError(path, "duplicate pattern id", entry=label, fld="id")
        seen.add(label)
        ptype = raw.get("type")
        if ptype not in PATTERN_TYPES:
            raise KBError(
                path,
                f"must be one of {', '.join(PATTERN_TYPES)}; got {ptype!r}",
                entry=label,
                fld="type",
            )
        pred = raw.get("predicate")
        if pred != "@role" and pred not in RELATION_PREDICATES:
            raise KBError(
                path,
                f"must be '@role' or one of {', '.join(RELATION_PREDICATES)}; got {pred!r}",
                entry=label,
                fld="predicate",
            )
        subject = raw.get("subject")
        if subject not in _SUBJECTS[ptype]:
            raise KBError(
                path,
                f"must be one of {', '.join(_SUBJECTS[ptype])} for a {ptype} pattern; got {subject!r}",
                entry=label,
                fld="subject",
            )
        mode = raw.get("mode", "def")
        if mode not in ROLE_MODES:
            raise KBError(path, f"must be one of {', '.join(ROLE_MODES)}", entry=label, fld="mode")
        other = raw.get("other", "actor")
        if other not in _OTHERS:
            raise KBError(path, f"must be one of {', '.join(_OTHERS)}", entry=label, fld="other")
        for k in ("left", "right", "hit"):
            if raw.get(k, "any") not in KINDS:
                raise KBError(path, f"must be one of {', '.join(KINDS)}", entry=label, fld=k)
        reach = raw.get("reach", 1)
        if not isinstance(reach, int) or isinstance(reach, bool) or not 1 <= reach <= 4:
            raise KBError(path, "must be a whole number from 1 to 4", entry=label, fld="reach")
        lists = raw.get("lists", "both")
        if lists not in ("both", "left", "right", "none"):
            raise KBError(path, "must be one of both, left, right, none", entry=label, fld="lists")
        rx = expand(raw.get("regex"), label, "regex")
        groups = set(rx.groupindex)
        if ptype == "sentence" and not {"actor", "coll"} <= groups:
            raise KBError(
                path,
                "a sentence pattern needs named groups 'actor' and 'coll'",
                entry=label,
                fld="regex",
            )
        if (
            ptype in ("prefix", "suffix", "surface")
            and other == "actor"
            and not groups & {"actor", "actor2", "coll"}
        ):
            raise KBError(
                path,
                "needs a named group 'actor' or 'coll', or other: first | country",
                entry=label,
                fld="regex",
            )
        if (
            pred == "@role"
            and "role" not in groups
            and "(?P<role>" not in (raw.get("after") or "") + (raw.get("before") or "")
        ):
            raise KBError(
                path, "predicate '@role' needs a named group 'role'", entry=label, fld="regex"
            )
        patterns.append(
            Pattern(
                id=label,
                type=ptype,
                regex=rx,
                predicate=pred,
                subject=subject,
                mode=mode,
                other=other,
                left=raw.get("left", "any"),
                right=raw.get("right", "any"),
                hit=raw.get("hit", "any"),
                before=expand(raw["before"], label, "before") if "before" in raw else None,
                after=expand(raw["after"], label, "after") if "after" in raw else None,
                not_after=expand(raw["not_after"], label, "not_after")
                if "not_after" in raw
                else None,
                reach=reach,
                lists=lists,
                required=required_words(rx),
            )
        )
    mod = subst["MOD"]
    return RelationRules(
        demonyms=demonyms,
        state_stand_in=stand_in,
        roles=roles,
        head_roles=head_roles,
        collective_heads=collective_heads,
        unit_heads=unit_heads,
        actor_heads=actor_heads,
        patterns=patterns,
        kb_cues=kb_cues,
        list_gap=expand(data.get("list_gap"), "list_gap", "list_gap"),
        appositive_gap=expand(data.get("appositive_gap"), "appositive_gap", "appositive_gap"),
        subunit_after=regex_field("subunit_after"),
        example_gap=expand(data.get("example_gap"), "example_gap", "example_gap"),
        det_before=re.compile(
            rf"(?:\b(?P<det>the|an?)|(?P<poss>['’]s))\s+(?:{mod}\s+)*$", re.IGNORECASE
        ),
        possessive_gap=re.compile(rf"['’]s\s+(?:{mod}\s+)*", re.IGNORECASE),
        side_by_side_gap=re.compile(r"[\s-]*"),
        path=str(path),
    )


@lru_cache(maxsize=2)
def default_rules() -> RelationRules:
    return load_relation_rules(RULES_FILE)


# ---------------------------------------------------------------- the knowledge side
class _KBView:
    """What the stage needs from a knowledge base, indexed once per knowledge base."""

    def __init__(self, kb: KnowledgeBase | None, rules: RelationRules):
        self.kb = kb
        self.rules = rules
        actors = kb.actors if kb is not None else {}
        self.states: dict[str, str] = {}
        for a in actors.values():
            if a.kind == "state" and a.country and a.country not in self.states:
                self.states[a.country] = a.id
        # affiliations, both ways: (a, b) -> [(subject, predicate, object)]
        self.affs: dict[tuple[str, str], list[tuple[str, str, str]]] = {}
        for a in actors.values():
            for pred, targets in a.affiliations.items():
                for t in targets:
                    trip = (a.id, pred, t)
                    self.affs.setdefault((a.id, t), []).append(trip)
                    self.affs.setdefault((t, a.id), []).append(trip)
        self.collectives: list[KBActor] = [
            a
            for a in actors.values()
            if a.kind == "armed_group" and a.name.split()[-1].lower() in rules.collective_heads
        ]
        self._mention_re: dict[str, re.Pattern[str] | None] = {}
        self._resolved: dict[str, str | None] = {}
        self._demonyms_of: dict[str, list[str]] = {}
        for dem, aid in rules.demonyms.items():
            self._demonyms_of.setdefault(aid, []).append(dem)
        for raw, stand in rules.state_stand_in.items():
            self._demonyms_of.setdefault(raw, []).extend(self._demonyms_of.get(stand, []))
            self._demonyms_of.setdefault(stand, []).extend(self._demonyms_of.get(raw, []))

    def has(self, actor_id: str | None) -> bool:
        return bool(actor_id) and self.kb is not None and actor_id in self.kb.actors

    def name(self, actor_id: str) -> str:
        return self.kb.actors[actor_id].name  # type: ignore[union-attr]

    def stand_in(self, actor_id: str) -> str:
        alt = self.rules.state_stand_in.get(actor_id)
        return alt if alt and self.has(alt) else actor_id

    def state_of(self, country: str | None) -> str | None:
        sid = self.states.get(country or "")
        return self.stand_in(sid) if sid else None

    def resolve(self, surface: str) -> str | None:
        """The actor a demonym or a name inside a pattern stands for.

        The whole name is tried first, then shorter and shorter beginnings of it
        ("Iran Monday" is Iran); never its end ("Supreme Security Council" is not
        the "Security Council").
        """
        s = _SPACES.sub(" ", surface.strip(" -’'.,"))
        if s in self._resolved:
            return self._resolved[s]
        out = None
        words = s.split()
        for k in range(len(words), 0, -1):
            cand = " ".join(words[:k])
            if words[k - 1].lower() in ("of", "the", "al", "el"):
                continue
            did = self.rules.demonyms.get(cand)
            if did and self.has(did):
                out = self.stand_in(did)
                break
            found = self.kb.resolve(cand) if self.kb is not None else []
            if found:
                a = found[0][0]
                out = self.stand_in(a.id) if a.kind == "state" else a.id
                break
        if len(self._resolved) > 100_000:
            self._resolved.clear()
        self._resolved[s] = out
        return out

    def collective_for(self, target: str | None) -> str | None:
        """The knowledge base's collective of armed groups tied to ``target``."""
        if not self.has(target) or not self.collectives:
            return None
        a = self.kb.actors[target]  # type: ignore[union-attr,index]
        near = {target}
        st = self.states.get(a.country or "")
        if st:
            near |= {st, self.stand_in(st)}
        for key in ("part_of", "backed_by"):
            near.update(a.affiliations.get(key, []))
        best = None
        for c in self.collectives:
            if c.id == target:
                continue
            ties = set(c.affiliations.get("backed_by", [])) | set(
                c.affiliations.get("allied_with", [])
            )
            ties |= set(c.affiliations.get("part_of", []))
            if target in ties:
                return c.id
            if best is None and ties & near:
                best = c.id
        return best

    def mentions(self, target: str, surface: str) -> bool:
        """Does ``surface`` name ``target`` (a name, alias, acronym or demonym of it)?"""
        rx = self._mention_re.get(target, False)
        if rx is False:
            a = self.kb.actors[target]  # type: ignore[union-attr]
            words = [a.name, *a.aliases, *a.metonyms]
            parts = [_alternation(words)] if words else []
            caps = [*a.acronyms, *self._demonyms_of.get(target, [])]
            if caps:
                parts.append(_alternation(caps, case_sensitive=True))
            rx = (
                re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w])", re.IGNORECASE)
                if parts
                else None
            )
            self._mention_re[target] = rx
        return bool(rx and rx.search(surface))


_VIEWS: dict[int, tuple[KnowledgeBase | None, RelationRules, _KBView]] = {}


def _view(kb: KnowledgeBase | None, rules: RelationRules) -> _KBView:
    key = id(kb) ^ id(rules)
    got = _VIEWS.get(key)
    if got is not None and got[0] is kb and got[1] is rules:
        return got[2]
    view = _KBView(kb, rules)
    if len(_VIEWS) > 8:
        _VIEWS.clear()
    _VIEWS[key] = (kb, rules, view)
    return view


# ---------------------------------------------------------------- per document
@dataclass(slots=True)
class _Actor:
    """An actor mention (or a run of mentions of one actor, "X (XYZ)") in a sentence."""

    start: int
    end: int
    key: str
    name: str
    kind: str
    country: str | None
    idx: int = 0


@dataclass(slots=True)
class _Party:
    key: str
    name: str


@dataclass
class _Collector:
    text: str
    out: list[Relation] = field(default_factory=list)
    seen: set[tuple[str, str, str]] = field(default_factory=set)

    def add(self, subj: _Party, pred: str, obj: _Party, start: int, end: int, rule: str) -> bool:
        if subj.key == obj.key or subj.name == obj.name:
            return False
        trip = (subj.name, pred, obj.name)
        if trip in self.seen:
            return False
        self.seen.add(trip)
        self.out.append(
            Relation(subj.name, pred, obj.name, Evidence.of(self.text, start, end), rule)
        )
        return True


def _eligible(h: Hit) -> bool:
    return not h.generic and not h.key.startswith("g:") and h.end > h.start


_MERGE_GAP = re.compile(r"[\s(/,–—-]*(?:the\s+)?", re.IGNORECASE)


def _sentence_actors(text: str, hits: Sequence[Hit], rules: RelationRules) -> list[_Actor]:
    """Mentions in order, runs of one actor merged ("National Council ... (NCRI)").

    An organisation's mention runs over a plural head noun ("Hezbollah fighters").
    """
    out: list[_Actor] = []
    for h in hits:
        if out and h.start < out[-1].end:
            continue  # overlapping mention: keep the first
        if out and out[-1].key == h.key and _MERGE_GAP.fullmatch(text, out[-1].end, h.start):
            out[-1].end = h.end
            continue
        out.append(_Actor(h.start, h.end, h.key, h.name, h.kind, h.country))
    for a in out:  # close a bracket opened inside the merged run: "X (XYZ)"
        seg = text[a.start : a.end]
        if seg.count("(") > seg.count(")"):
            m = _CLOSE_PAREN.match(text[a.end : a.end + 3])
            if m:
                a.end += m.end()
    for i, a in enumerate(out):
        a.idx = i
        if a.kind != "person":
            nxt = out[i + 1].start if i + 1 < len(out) else a.end + 20
            m = rules.actor_heads.match(text, a.end, min(nxt, a.end + 20))
            if m:
                a.end = m.end()
    return out


class _Sentence:
    """One sentence's actors and the relations stated between them."""

    def __init__(
        self,
        text: str,
        s: int,
        e: int,
        actors: list[_Actor],
        rules: RelationRules,
        view: _KBView,
        sink: _Collector,
        doc_keys: set[str],
        low: str | None = None,
    ):
        self.text, self.s, self.e = text, s, e
        self.low = low  # the text lower-cased, when that keeps offsets and matches
        self.doc_keys = doc_keys
        self.actors = actors
        self.rules, self.view, self.sink = rules, view, sink
        # actor idx -> relations stated with it as subject: [(predicate, object, rule)]
        self.subject_of: dict[int, list[tuple[str, _Party, str]]] = {}
        # idx of an apposition's object -> the apposition's subject
        self.chain: dict[int, _Party] = {}
        # idx of the Y ending "militias backed by Y" -> (predicate, Y, rule, start)
        self.group_of: dict[int, tuple[str, _Party, str, int]] = {}
        self._kinds: dict[int, tuple[bool, ...]] = {}

    # ------------------------------------------------------------ helpers
    def party(self, a: _Actor) -> _Party:
        if a.kind == "state":  # the state's stand-in in relations ("Iraq" -> its government)
            alt = self.view.stand_in(a.key)
            if alt != a.key:
                return _Party(alt, self.view.name(alt))
        return _Party(a.key, a.name)

    def kb_party(self, actor_id: str | None) -> _Party | None:
        if not actor_id or not self.view.has(actor_id):
            return None
        return _Party(actor_id, self.view.name(actor_id))

    def kinds(self, a: _Actor) -> tuple[bool, ...]:
        """:meth:`is_kind` of ``a`` for each of ``KINDS``, in that order (computed once)."""
        k = self._kinds.get(a.idx)
        if k is None:
            k = self._kinds[a.idx] = tuple(self.is_kind(a, want) for want in KINDS)
        return k

    def is_kind(self, a: _Actor, want: str) -> bool:
        if want == "any":
            return True
        if want == "person":
            return a.kind == "person"
        if want == "org":
            return a.kind != "person"
        if want == "group":
            return a.kind not in ("person", "state")
        if want == "armed":
            return a.kind == "armed_group"
        if want == "unit":
            words = a.name.split()
            return a.kind != "person" and bool(words) and words[-1] in self.rules.unit_heads
        return False

    def emit(
        self,
        subj: _Party,
        pred: str,
        obj: _Party,
        start: int,
        end: int,
        rule: str,
        subj_idx: int | None = None,
    ) -> bool:
        if subj.key == obj.key:
            return False
        start, end = max(start, self.s), min(end, self.e)
        text = self.text
        while start < end and (text[start].isspace() or text[start] in ",;:-–—("):
            start += 1
        while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:-–—"):
            end -= 1
        if subj_idx is not None:
            self.subject_of.setdefault(subj_idx, []).append((pred, obj, rule))
        return self.sink.add(subj, pred, obj, start, end, rule)

    def prev_end(self, a: _Actor) -> int:
        lo = self.actors[a.idx - 1].end if a.idx > 0 else self.s
        return max(lo, a.start - _WINDOW)

    def next_start(self, a: _Actor) -> int:
        hi = self.actors[a.idx + 1].start if a.idx + 1 < len(self.actors) else self.e
        return min(hi, a.end + _WINDOW)

    def role_predicate(
        self,
        p: Pattern,
        groups: dict[str, Any],
        before_org: _Actor | None,
        person: _Party | None,
        org: _Party | None,
    ) -> str | None:
        """The predicate a role word gives, by the article before it ("the" / "a" / none)."""
        role = groups.get("role")
        spec = self.rules.roles.get(_norm_role(role)) if role else None
        if spec is None:
            return None
        det = (groups.get("det") or "").lower()
        if det:
            mode = "indef" if det in ("a", "an") or det.startswith("one") else "def"
        elif p.mode != "pre":
            mode = p.mode
        elif groups.get("poss"):
            mode = "def"  # "Y's commander X"
        else:
            mode = "pre"  # "Y commander X": "the Y commander X" is Y's commander, "a Y commander X" one of them
            if before_org is not None:
                m = self.rules.det_before.search(
                    self.text, max(self.s, before_org.start - 60), before_org.start
                )
                if m:
                    mode = "indef" if (m.group("det") or "").lower() in ("a", "an") else "def"
            if mode == "pre" and person is not None and org is not None:
                for s, pred, _o in self.view.affs.get((person.key, org.key), []):
                    if s == person.key and pred in ("commands", "leads", "member_of"):
                        return pred
        return spec[mode]

    # ------------------------------------------------------------ the pass
    def run(self) -> None:
        maybe = self.rules.may_any_hold("sentence", self.low, self.s, self.e)
        for p in self.rules.by_type["sentence"]:
            if maybe or not p.required:
                self.sentence_pattern(p)
        for a in self.actors:
            self.surface(a)
            self.prefix(a)
            self.suffix(a)
        for i in range(len(self.actors)):
            self.pairs(i)

    def sentence_pattern(self, p: Pattern) -> None:
        if not p.may_hold(self.low, self.s, self.e):
            return  # none of the words every match holds
        for m in p.regex.finditer(self.text, self.s, self.e):
            actor = self.kb_party(self.view.resolve(m.group("actor")))
            coll = self.kb_party(self.view.collective_for(actor.key)) if actor else None
            if actor is None or coll is None:
                continue
            subj, obj = (coll, actor) if p.subject == "coll" else (actor, coll)
            self.emit(subj, p.predicate, obj, m.start(), m.end(), p.id)

    def surface(self, a: _Actor) -> None:
        surface = self.text[a.start : a.end]
        me = self.party(a)
        maybe = self.rules.may_any_hold("surface", self.low, a.start, a.end)
        is_kind = dict(zip(KINDS, self.kinds(a), strict=True))  # :meth:`is_kind`, by kind
        for p in self.rules.by_type["surface"]:
            if not is_kind.get(p.hit, False):
                continue
            if not (maybe or not p.required) or not p.may_hold(self.low, a.start, a.end):
                continue
            m = p.regex.search(surface)
            if not m:
                continue
            g = m.groupdict()
            other = self.kb_party(self.view.resolve(g.get("actor") or g.get("actor2") or ""))
            if other is None or other.key == a.key:
                continue
            pred = p.predicate
            if pred == "@role":
                pred = self.role_predicate(p, g, None, me, other)
                if pred is None:
                    continue
            if p.subject == "hit":
                self.emit(me, pred, other, a.start, a.end, p.id, a.idx)
            else:
                self.emit(other, pred, me, a.start, a.end, p.id)
        # the knowledge base's affiliations that the mention itself states ("Iran-backed militias")
        if self.view.has(a.key):
            actor = self.view.kb.actors[a.key]  # type: ignore[union-attr]
            for pred, targets in actor.affiliations.items():
                cue = self.rules.kb_cues.get(pred)
                if cue is None or not cue.search(surface):
                    continue
                for t in targets:
                    if t != a.key and self.view.mentions(t, surface):
                        obj = self.kb_party(self.view.stand_in(t))
                        if obj is not None:
                            self.emit(me, pred, obj, a.start, a.end, "kb-surface", a.idx)

    def prefix(self, a: _Actor) -> None:
        lo = self.prev_end(a)
        if lo >= a.start:
            return
        before = self.text[lo : a.start]
        after: str | None = None
        maybe = self.rules.may_any_hold("prefix", self.low, lo, a.start)
        is_kind = dict(zip(KINDS, self.kinds(a), strict=True))  # :meth:`is_kind`, by kind
        for p in self.rules.by_type["prefix"]:
            if not is_kind.get(p.hit, False):
                continue
            if not (maybe or not p.required) or not p.may_hold(self.low, lo, a.start):
                continue
            m = p.regex.search(before)
            if not m:
                continue
            if p.not_after is not None:
                if after is None:
                    after = self.text[a.end : self.next_start(a)]
                if p.not_after.match(after):
                    continue
            if self.one_sided(p, a, m.groupdict(), lo + m.start(), a.end):
                break

    def suffix(self, a: _Actor) -> None:
        hi = self.next_start(a)
        if hi <= a.end:
            return
        after = self.text[a.end : hi]
        maybe = self.rules.may_any_hold("suffix", self.low, a.end, hi)
        is_kind = dict(zip(KINDS, self.kinds(a), strict=True))  # :meth:`is_kind`, by kind
        for p in self.rules.by_type["suffix"]:
            if not is_kind.get(p.hit, False):
                continue
            if not (maybe or not p.required):
                continue  # none of the words every match of the pattern holds
            m = p.regex.match(after)
            if m and self.one_sided(p, a, m.groupdict(), a.start, a.end + m.end()):
                break

    def one_sided(self, p: Pattern, a: _Actor, g: dict[str, Any], start: int, end: int) -> bool:
        """A prefix or suffix pattern matched around ``a``: find the other party and emit."""
        me = self.party(a)
        other: _Party | None = None
        if g.get("coll"):
            other = self.kb_party(self.view.collective_for(a.key))
        elif g.get("actor") or g.get("actor2"):
            other = self.kb_party(self.view.resolve(g.get("actor") or g.get("actor2")))
        elif p.other == "country":
            other = self.kb_party(self.view.state_of(a.country))
            if other is not None and p.predicate == "leads" and not self.heads_state(a, other):
                return False
        elif p.other == "first" and a.idx > 0:
            first = self.actors[0]
            # "Lebanon's Hezbollah, whose fighters fought alongside Y": Hezbollah, not Lebanon
            if self.rules.possessive_gap.fullmatch(self.text, first.end, self.actors[1].start):
                first = self.actors[1]
            if first is a:
                return False
            other = self.party(first)
            start = first.start
        if other is None or other.key == a.key:
            return False
        pred = p.predicate
        if pred == "@role":
            pred = self.role_predicate(p, g, None, me, other)
            if pred is None:
                return False
        if p.subject == "hit":
            self.emit(me, pred, other, start, end, p.id, a.idx)
        else:
            self.emit(other, pred, me, start, end, p.id)
            if g.get("coll") and p.type == "prefix":
                # "militias backed by Y, such as A and B": A and B are backed by Y
                self.group_of[a.idx] = (pred, me, p.id, start)
        return True

    def heads_state(self, a: _Actor, state: _Party) -> bool:
        """May "President X" mean that X leads X's own state? Only if the document names
        that state, and the knowledge base does not make X the head of an armed group
        (an opposition movement's "President")."""
        if state.key not in self.doc_keys:
            return False
        kb = self.view.kb
        kb_actor = kb.actors.get(a.key) if kb is not None else None
        if kb_actor is None:
            return True
        return not any(
            t in kb.actors and kb.actors[t].kind == "armed_group"  # type: ignore[union-attr]
            for t in kb_actor.affiliations.get("leads", [])
        )

    def pairs(self, i: int) -> None:
        text, actors = self.text, self.actors
        left = actors[i]
        left_kinds = self.kinds(left)
        for r in range(i + 1, min(i + 1 + self.rules.max_reach, len(actors))):
            right = actors[r]
            right_kinds = self.kinds(right)
            if right.start - left.end > _MAX_GAP:
                break
            if right.key == left.key:
                continue
            patterns = self.rules.pair_patterns(r - i, left_kinds, right_kinds)
            if not patterns:
                continue  # no pattern fits these two: nothing below has an effect
            # "the commander of Iran's Quds Force": Iran is not what X commands;
            # "the commander of the IRGC ground forces": X is (at least) in the IRGC
            owner_only = (
                r + 1 < len(actors)
                and self.rules.possessive_gap.fullmatch(text, right.end, actors[r + 1].start)
                is not None
            )
            sub_unit = (
                not owner_only
                and self.rules.subunit_after.match(text[right.end : self.next_start(right)])
                is not None
            )
            maybe = self.rules.may_any_hold("pair", self.low, left.end, right.start)
            for p in patterns:
                if owner_only and p.after is None:
                    continue
                if not (maybe or not p.required):
                    continue  # none of the words every match of the pattern holds
                m = p.regex.fullmatch(text, left.end, right.start)
                if not m:
                    continue
                groups = {k: v for k, v in m.groupdict().items() if v}
                start, end = left.start, right.end
                if p.before is not None:
                    lo = max(self.s, left.start - _WINDOW)
                    mb = p.before.search(text[lo : left.start])
                    if not mb:
                        continue
                    groups.update({k: v for k, v in mb.groupdict().items() if v})
                    start = lo + mb.start()
                if p.after is not None:
                    ma = p.after.match(text[right.end : self.next_start(right)])
                    if not ma:
                        continue
                    groups.update({k: v for k, v in ma.groupdict().items() if v})
                    end = right.end + ma.end()
                if sub_unit and p.predicate == "@role":
                    groups["sub_unit"] = True
                if self.pair_relation(p, groups, left, right, start, end):
                    return
        if i + 1 < len(actors):
            self.kb_pair(left, actors[i + 1])
            self.examples(left, actors[i + 1])

    def pair_relation(
        self, p: Pattern, g: dict[str, Any], left: _Actor, right: _Actor, start: int, end: int
    ) -> bool:
        if p.subject == "chain":
            subj = self.chain.get(left.idx)
            if subj is None:
                return False
            subj_idx, obj = None, right
        elif p.subject == "left":
            subj, subj_idx, obj = self.party(left), left.idx, right
        else:
            subj, subj_idx, obj = self.party(right), right.idx, left
        obj_party = self.party(obj)
        pred = p.predicate
        if pred == "@role":
            pred = self.role_predicate(p, g, left, subj, obj_party)
            if pred is None:
                return False
            if g.get("sub_unit") and obj is right and pred in ("commands", "leads"):
                pred = "member_of"
        self.emit(subj, pred, obj_party, start, end, p.id, subj_idx)
        if p.subject in ("left", "chain"):
            self.chain[right.idx] = subj  # "X, the A of Y and the B of Z": X is the B of Z
        # the other members of a list on either side share the relation
        lefts, rights = [left], [right]
        if p.lists in ("both", "right"):
            rights += self.list_members(right, +1)
        if p.lists in ("both", "left") and p.subject != "chain":
            lefts += self.list_members(left, -1)
        if len(lefts) == 1 and len(rights) == 1:
            return True
        for la in lefts:
            for ra in rights:
                if la is left and ra is right:
                    continue
                lo, hi = min(la.start, start), max(ra.end, end)
                if p.subject == "chain":
                    self.emit(subj, pred, self.party(ra), lo, hi, p.id + "+list")
                elif p.subject == "left":
                    self.emit(self.party(la), pred, self.party(ra), lo, hi, p.id + "+list", la.idx)
                else:
                    self.emit(self.party(ra), pred, self.party(la), lo, hi, p.id + "+list", ra.idx)
        return True

    def list_members(self, member: _Actor, step: int) -> list[_Actor]:
        """The other members of the list ``member`` is in, going left (-1) or right (+1).

        Going right, an apposition after a member is stepped over: "A, commander of B, and C".
        """
        text, actors = self.text, self.actors
        out: list[_Actor] = []
        prev = member
        k = member.idx + step
        while 0 <= k < len(actors):
            cand = actors[k]
            lo, hi = (prev.end, cand.start) if step > 0 else (cand.end, prev.start)
            if (
                step > 0
                and k + 1 < len(actors)
                and self.rules.appositive_gap.fullmatch(text, lo, hi)
                and (actors[k + 1].kind == "person") == (member.kind == "person")
                and self.rules.list_gap.fullmatch(text, cand.end, actors[k + 1].start)
                and "," in text[cand.end : actors[k + 1].start]
            ):
                k += 1  # cand is the apposition's object; the list goes on after it
                cand = actors[k]
            elif (cand.kind == "person") != (
                member.kind == "person"
            ) or not self.rules.list_gap.fullmatch(text, lo, hi):
                break
            if (
                step > 0
                and not _FINAL_CONJUNCT.search(text, lo, hi)
                and not _LIST_MEMBER_END.match(text, cand.end)
            ):
                break  # "X, US officials say": "US" modifies a noun; it is no list member
            out.append(cand)
            prev = cand
            k += step
        return out

    def kb_pair(self, left: _Actor, right: _Actor) -> None:
        """The knowledge base's affiliation between neighbours, when the text supports it."""
        trips = self.view.affs.get((left.key, right.key))
        if not trips:
            return
        gap = self.text[left.end : right.start]
        if self.rules.possessive_gap.fullmatch(gap):
            rule, keep = "kb-possessive", trips
        elif self.rules.side_by_side_gap.fullmatch(gap):
            rule, keep = "kb-side-by-side", trips
        elif len(gap) <= _KB_GAP and not _CLAUSE_BREAK.search(gap):
            rule = "kb-cue"
            keep = [
                t
                for t in trips
                if (cue := self.rules.kb_cues.get(t[1])) is not None and cue.search(gap)
            ]
        else:
            return
        for s, pred, o in keep:
            subj = left if s == left.key else right
            obj = self.kb_party(self.view.stand_in(o))
            if obj is not None:
                self.emit(self.party(subj), pred, obj, left.start, right.end, rule, subj.idx)

    def examples(self, group: _Actor, first: _Actor) -> None:
        """ "Militias backed by Y, such as A, B and C": A, B and C are backed by Y too."""
        stated = [
            (pred, obj, rule, group.start) for pred, obj, rule in self.subject_of.get(group.idx, [])
        ]
        if group.idx in self.group_of:
            stated.append(self.group_of[group.idx])
        if not stated or not self.rules.example_gap.fullmatch(self.text, group.end, first.start):
            return
        members = [first]
        k = first.idx + 1
        while k < len(self.actors) and self.rules.list_gap.fullmatch(
            self.text, members[-1].end, self.actors[k].start
        ):
            members.append(self.actors[k])
            k += 1
        for pred, obj, rule, start in stated:
            for m in members:
                self.emit(self.party(m), pred, obj, start, m.end, rule + "+example", m.idx)


_CLAUSE_BREAK = re.compile(r"[;:\"“”]|\b(?:said|says|told|added|but|while|whereas)\b")


def extract_relations(
    text: str,
    sentences: Sequence[tuple[int, int]],
    hits: Sequence[Hit],
    kb: KnowledgeBase | None = None,
) -> list[Relation]:
    """Relations between actors stated in the text, each with evidence (the clause/sentence part, at most one sentence; evidence.text == text[start:end]) and .rule naming the pattern. Predicates: part_of, member_of, backed_by, commands, leads, trains, funds, arms, allied_with, opposes, affiliated_with, represents. Deduplicated per (subject, predicate, object) within a document (keep the first evidence)."""
    rules = default_rules()
    if kb is None:
        from dossier.knowledge.loader import get_kb

        kb = get_kb()
    view = _view(kb, rules)
    sink = _Collector(text)
    ordered = sorted((h for h in hits if _eligible(h)), key=lambda h: (h.start, -h.end))
    doc_keys = {view.stand_in(h.key) for h in ordered} | {h.key for h in ordered}
    n = len(ordered)
    low = text.lower() if _plain_case(text) else None
    j = 0
    for s, e in sorted(sentences):
        while j < n and ordered[j].start < s:
            j += 1
        k = j
        while k < n and ordered[k].start < e:
            k += 1
        inside = [h for h in ordered[j:k] if h.end <= e]
        j = k
        if not inside and not rules.by_type["sentence"]:
            continue
        _Sentence(
            text, s, e, _sentence_actors(text, inside, rules), rules, view, sink, doc_keys, low
        ).run()
    return sink.out


__all__ = ["RelationRules", "default_rules", "extract_relations", "load_relation_rules"]
