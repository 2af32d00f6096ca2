"""Events: who did what to whom, where, when and how many, clause by clause.

A trigger word or phrase from the lexicon (``data/events.yaml``: verbs with
generated inflections, nominalisations, phrases) marks a candidate event in a
sentence. Around it:

* **roles** come from the actor mentions of the clause by voice-aware rules:
  active "X attacked Y" (doer before, target after), passive "Y were killed by
  X" / "at the hands of X", nominal "X's attack on Y", "the massacre of Y by X";
* **place**, **date** and **quantities** come from the clause, else the
  sentence, else the setting the text has established (the last place named in
  the paragraph, the date line the part of the text hangs from);
* **attribution** and **status** come from :mod:`dossier.extract.attribution`.

One event per happening: same-type triggers a few words apart are one event
("burning and blowing up houses"), a nominal restatement ("the attack") of an
event of the previous sentences is not a new event, and opinion or advice in
the author's own voice ("should", "must", "in my view") is not an event.
Every decision is recorded in ``Event.explain`` for ``dossier extract --explain``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from dossier.extract.actors import Hit
from dossier.extract.regexes import first_char_guard as _first_char_guard
from dossier.extract.regexes import plain_case, trie
from dossier.extract.stand_ins import demonyms, led_by, seat_of_government, with_derived_hits
from dossier.knowledge.loader import KBError
from dossier.model import PLOVER_TYPES, DateMention, Event, Evidence, Number, Place, Quantity

LEXICON_FILE = Path(__file__).parent / "data" / "events.yaml"
MIN_CONFIDENCE = 0.4
_ENTRY_FIELDS = {
    "type",
    "mode",
    "verbs",
    "nouns",
    "needs",
    "window",
    "confidence",
    "retype",
    "standalone",
    "unless",
}
_VOWELS = "aeiou"
_DET_BEFORE = _first_char_guard(r"\b(?:the|a|an|this|that|these|those|its|their|his|her)\s+$", re.I)
_DET_ADJ_BEFORE = _first_char_guard(r"\b(?:the|a|an|this|that|its|their|his|her)\s+(?:[a-z]+\s+)?$")
# before a plural-looking form: a determiner (with up to two modifiers) or a preposition
_NOMINAL_BEFORE = _first_char_guard(
    r"(?:\b(?:the|these|those|its|their|his|her|such|many|several|two|three|repeated)\s+(?:[\w-]+\s+){0,2}"
    r"|\b(?:through|of|for|with|in|by|after|against|despite|during|from)\s+(?:[\w’']+\s+)?)$",
    re.I,
)
_BE = _first_char_guard(
    r"\b(?:was|were|is|are|been|being|be|got|get|gets|remains?|remained)\s+"
    r"(?:\w+ly\s+|also\s+|not\s+|then\s+|still\s+)?$",
    re.I,
)
_BY = re.compile(r"\b(?:by|at the hands of)\s+(?:the\s+)?$", re.I)
_OPINION = _first_char_guard(
    r"\b(should|must|ought to|needs? to|it is time|in my view|i believe|we believe|i think|would be naive|would be naïve)\b",
    re.I,
)
_CLAUSE_BREAK = re.compile(r";|:\s|\s[-–—]\s")  # no two begin with the same character
_PREP_BEFORE = _first_char_guard(
    r"\b(of|in|for|to|with|against|from|on|at|about|into|than)\s+(?:the\s+)?$", re.I
)
_TARGET_PREP = re.compile(r"^\s*(?:of|on|against|targeting|at)\s+(?:the\s+)?", re.I)
_DETERMINER = re.compile(r"\b(the|this|that|these|those|such|its|their)\s+(?:\w+\s+)?$", re.I)
_PRONOUN_SUBJECT = re.compile(r"\b(they|it|he|she|them|its|their|his|her|who|which)\b", re.I)
_SPEECH_AFTER = re.compile(
    r"^\s*(?:['’]s\s+\w+\s+)?(?:has\s+|have\s+|had\s+)?(?:said|says|told|reported|stated|announced|added|claimed|"
    r"confirmed|noted|warned|insisted|wrote|quoted|cited|unveiled|revealed|documented|"
    r"published|aired|broadcast|exposed)\b",
    re.I,
)
_ACCORDING_BEFORE = _first_char_guard(
    r"(?:according to|quoted by|cited by|told)\s+(?:the\s+)?$", re.I
)
_LOCATIVE_BEFORE = _first_char_guard(
    r"\b(?:in|at|near|outside|inside|around|into|across|throughout|on|from|towards?|of the (?:city|town|village) of)\s+(?:the\s+)?$",
    re.I,
)
_CONDITIONAL = _first_char_guard(r"\b(if|unless|would|will|or else|otherwise)\b", re.I)
# Types whose nominal triggers ("a pledge", "the threat") need a named actor to be an event.
_VERBAL_TYPES = frozenset(
    {
        "AGREE",
        "CONSULT",
        "SUPPORT",
        "COOPERATE",
        "REQUEST",
        "ACCUSE",
        "REJECT",
        "THREATEN",
        "SANCTION",
        "CONCEDE",
    }
)
_LIGHT_VERB = _first_char_guard(
    r"\b(?:staged|stage|conducted|conduct|carried out|carry out|launched|launch|waged|wage|led|lead|"
    r"mounted|mount|began|begun|started|committed|commit|perpetrated|continued|stepped up|made|"
    r"issued|issue|ordered|signed|held|hold|announced|unleashed|intensified|resumed|"
    r"provided|provide|providing|gave|give|giving|offered|offer|offering|spent|spend|"
    r"extended|extend|delivered|deliver|supplied|supply|use|used|uses|using|employed|employ)\b"
    r"(?:\s+[\w$.,-]+){0,5}\s*$",
    re.I,
)
_DENIED_INVOLVEMENT = _first_char_guard(
    r"\b(?:denied|denies|deny|denying|rejected|rejects)\s+(?:any\s+|all\s+)?"
    r"(?:(?:involvement|role|part|responsibility|hand)\s+(?:in|for)\s+)?(?:the\s+|carrying out\s+)?(?:[\w-]+\s+){0,2}$",
    re.I,
)
_POSSESSIVE_BEFORE = _first_char_guard(r"\b(its|their|his|her)\s+(?:[\w-]+\s+)?$", re.I)
_SUBJECT_PRONOUN_BEFORE = _first_char_guard(
    r"\b(they|he|she|it|who|which)\s+(?:[\w’'-]+\s+){0,3}$", re.I
)
_SPEECH_BEFORE_PRONOUN = _first_char_guard(
    r"\b(?:said|says|told \w+|added|announced|claimed|insisted|stated|confirmed|admitted|"
    r"acknowledged|boasted|revealed|vowed|warned)(?:\s+\w+day|\s+[\w-]+(?:\s+[\w-]+){0,2}"
    r"(?=\s+that\s))?\s+(?:that\s+)?$",
    re.I,
)
# "supporters of X", "fighters loyal to X": X's people, who act for X
_MEMBERS_OF = re.compile(
    r"\b(?:supporters|followers|loyalists|members|fighters|militiamen|gunmen|partisans|"
    r"troops|units|elements)\s+(?:of|loyal to)\s+(?:the\s+)?$",
    re.I,
)
# right after a verb, a pronoun object ("kill them") or the victims' belongings
# ("seize their properties"): the target was named before
_OBJECT_PRONOUN = re.compile(
    r"\s+(?:them|him|her|their\s+(?:homes|houses|property|properties|lands?|villages|"
    r"families|belongings|livestock|shops|farms))\b",
    re.I,
)
# between two coordinated names: "X and Y", "X, Y and Z", "X as well as Y"
_COORDINATED = re.compile(
    r"\s*(?:,\s*(?:and\s+)?|and\s+|as well as\s+|along with\s+)(?:the\s+)?", re.I
)
# the two words right after a trigger
_WORD_AFTER = re.compile(r"\s+([\w’'-]+)(?:\s+([\w’'-]+))?")
_IF_UNLESS = _first_char_guard(r"\b(?:if|unless|should)\s+(?:the\s+)?", re.I)
_FRONTED_GERUND = re.compile(
    r"\W*(?:By|After|Before|While|Since|Despite|Through|In|On|Upon)\s+\w+ing\b[^,]*$"
)
# "retook Tikrit from the Islamic State", "from its occupation by ISIS"
_FROM_HOLDER = re.compile(
    r"[^.;]*?\bfrom\s+(?:(?:its|their|the)\s+)?(?:[\w-]+\s+){0,3}?(?:by\s+)?(?:the\s+)?"
)
_NOUN_READING_BEFORE = re.compile(
    r"(?:\b(?:the|a|an|this|that|its|their|his|her)|['’]s)\s+(?:(?!(?:and|or|but|to|who|which|that|was|were|is|are|has|have|had)\s)[\w-]+\s+){0,2}$"
)
_RELATIVE = re.compile(r"\b(?:who|which|that|whose|while|after|before|when)\b", re.I)
_CLAIMED_RESPONSIBILITY = _first_char_guard(
    r"\b(?:claimed|claims|claiming|has claimed|took|takes)\s+(?:the\s+)?(?:responsibility|credit)\s+for\b",
    re.I,
)
# a word every match of _CLAIMED_RESPONSIBILITY holds: a text without one has no match
_CLAIM_NOUN = re.compile(r"responsibility|credit", re.I)


def _may_claim(text: str) -> bool:
    """Can ``text`` hold a match of _CLAIMED_RESPONSIBILITY (does it hold one of the
    words all its matches hold)? In a :func:`plain_case` text, a case-insensitive
    search for ASCII words is a plain one in the lower-cased copy (faster)."""
    if plain_case(text):
        low = text.lower()
        return "responsibility" in low or "credit" in low
    return _CLAIM_NOUN.search(text) is not None


_HELD_BY = re.compile(
    r"^\s+(?:on\s+|at\s+)?(?:a|an|the)\s+(?:[\w-]+\s+){1,3}(?:manned|held|run|controlled|"
    r"operated|guarded|used|owned|belonging)\s+(?:by|to)\s+(?:the\s+)?$",
    re.I,
)
_ABOUT_NOUN = re.compile(
    r"\b(?:investigations?|inquiry|inquiries|probes?|reports?|statements?|condemnation|"
    r"review|trial|into|about|regarding|following)\b",
    re.I,
)
_ACCUSED_OF = re.compile(
    r"\b(accus\w*|blam\w*|charg\w*|suspect\w*)\s+(?:[\w'’-]+\s+){0,6}?(?:of|for)\s+"
    r"(?:(?:the|a|an|its|their|his|her)\s+)?",
    re.I,
)
_DET_WORD = re.compile(r"\b(?:the|a|an|this|that|these|those)\b", re.I)
_COPULA_BEFORE = re.compile(
    r"\b(?:is|was|are|were|became|become|has been|have been|remains?)\s+(?:\w+\s+){0,3}$", re.I
)
_OF_ABOUT = re.compile(r"\s+(?:of|about|against)\b", re.I)
_WITH_COUNTERPART = frozenset({"CONSULT", "COOPERATE", "AGREE"})
_GIVING = frozenset({"AID", "CONCEDE", "REQUEST", "SUPPORT", "AGREE"})
_INTRANSITIVE = frozenset({"RETREAT", "MOBILIZE", "PROTEST"})
_PHYSICAL_TYPES = frozenset({"ASSAULT", "COERCE", "MOBILIZE", "RETREAT", "AID"})
_GROUP_KINDS = frozenset(
    {
        "armed_group",
        "state",
        "government_body",
        "political_party",
        "international_org",
        "ngo",
        "other",
        "religious_group",
    }
)


@dataclass(slots=True)
class LexEntry:
    type: str
    mode: str | None
    needs: frozenset[str]
    window: int
    confidence: float
    # (words, type, mode, side): side is "before", "after" or "both" of the trigger
    retype: tuple[tuple[frozenset[str], str, str | None, str], ...] = ()
    # the noun with a word it needs is a whole statement ("bodies were found"): it
    # stands as an event without a named doer, place or number
    standalone: bool = False
    # words that, among the two right after the trigger, make it no event of this
    # kind: "met with silence", "helps explain"
    unless: frozenset[str] = frozenset()


@dataclass(slots=True)
class Trigger:
    start: int
    end: int
    text: str
    entry: LexEntry
    pos: str  # "verb" | "participle" | "noun"
    explain_retype: str | None = None  # the mode a retype rule gave, if one applied


_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*|\d+")
# a lexicon word that _WORD reads as one word of letters (the fast trigger scan's words)
_LETTER_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


@dataclass(slots=True)
class Lexicon:
    forms: dict[str, list[tuple[LexEntry, str]]]
    max_words: int
    path: str = ""
    first_words: frozenset[str] = frozenset()
    bases: frozenset[str] = frozenset()
    _cache: Any = None
    # the most words of a phrase that starts with each first word
    _longest: dict[str, int] = field(default_factory=dict)
    # where a first word can stand as a whole word of a text (None: scan every word)
    _first_re: re.Pattern[str] | None = None
    _firsts_cache: Any = None

    def __post_init__(self) -> None:
        self.first_words = frozenset(f.split()[0] for f in self.forms)
        for f in self.forms:
            words = f.split()
            self._longest[words[0]] = max(self._longest.get(words[0], 0), len(words))
        if self.first_words and all(_LETTER_WORD.fullmatch(w) for w in self.first_words):
            # a whole word as _WORD reads it: no letter (or letter and joiner) before, and
            # no letter (or joiner and letter) after. Run on the lower-cased text: no
            # character changes between letter, digit and joiner when lower-cased.
            self._first_re = re.compile(
                r"(?<![^\W\d_])(?<![^\W\d_][-'’])(?:"
                + trie(sorted(self.first_words))
                + r")(?![^\W\d_])(?![-'’][^\W\d_])"
            )

    def _words(self, text: str) -> tuple[list[int], list[tuple[int, int, str]]]:
        """The text's words, lower-cased, computed once per text (sentences slice them)."""
        cached = self._cache
        if cached is not None and cached[0] is text:
            return cached[1], cached[2]
        low = text.lower()
        words = [(m.start(), m.end(), low[m.start() : m.end()]) for m in _WORD.finditer(text)]
        starts = [w[0] for w in words]
        self._cache = (text, starts, words)
        return starts, words

    def _firsts(self, text: str) -> tuple[str, list[int], list[int]] | None:
        """The text lower-cased, and where its words that can start a phrase start and end.

        Computed once per text (sentences slice them); None when lower-casing changes
        the text's length (rare scripts: offsets would not hold) or the lexicon has a
        first word the scan cannot find.
        """
        cached = self._firsts_cache
        if cached is not None and cached[0] is text:
            return cached[1]
        found = None
        low = text.lower()
        if self._first_re is not None and len(low) == len(text):
            spans = [m.span() for m in self._first_re.finditer(low)]
            found = (low, [s for s, _ in spans], [e for _, e in spans])
        self._firsts_cache = (text, found)
        return found

    def triggers(self, text: str, start: int, end: int) -> list[Trigger]:
        """Trigger phrases in text[start:end]: longest match first, by word n-gram lookup.

        Only the words that can start a phrase are looked at: they are found once per
        text by one regex, and the words after each are read only as far as its
        longest phrase goes.
        """
        firsts = self._firsts(text)
        if firsts is None:
            return self._triggers_by_word(text, start, end)
        low, starts, ends = firsts
        out: list[Trigger] = []
        free = start  # where the next phrase may start (phrases do not overlap)
        for ci in range(bisect_left(starts, start), bisect_left(starts, end)):
            s, e = starts[ci], ends[ci]
            if s < free or e > end:
                continue
            word = low[s:e]
            words = [(s, e, word)]
            pos = e
            for _ in range(self._longest[word] - 1):
                m = _WORD.search(text, pos)
                if m is None or m.end() > end:
                    break
                pos = m.end()
                words.append((m.start(), pos, low[m.start() : pos]))
            trig, k = self._phrase_at(text, start, words)
            if trig is not None:
                out.append(trig)
                free = words[k - 1][1]
        return out

    def _triggers_by_word(self, text: str, start: int, end: int) -> list[Trigger]:
        """:meth:`triggers`, looking at every word of the sentence."""
        if len(text) == len(text.lower()):
            starts, all_words = self._words(text)
            i0, i1 = bisect_left(starts, start), bisect_left(starts, end)
            words = [w for w in all_words[i0:i1] if w[1] <= end]
        else:  # lower-casing changes lengths (rare scripts): offsets would not hold
            words = [
                (m.start(), m.end(), m.group().lower()) for m in _WORD.finditer(text, start, end)
            ]
        out = []
        i, n = 0, len(words)
        first = self.first_words
        while i < n:
            if words[i][2] not in first:
                i += 1
                continue
            trig, k = self._phrase_at(text, start, words[i : i + self.max_words])
            if trig is not None:
                out.append(trig)
                i += k - 1
            i += 1
        return out

    def _phrase_at(
        self, text: str, start: int, words: list[tuple[int, int, str]]
    ) -> tuple[Trigger | None, int]:
        """The longest phrase that starts with ``words[0]``, and how many words it has.

        ``words`` are the sentence's words from there on (lower-cased, with offsets);
        ``start`` is where the sentence starts.
        """
        for k in range(min(self.max_words, len(words)), 0, -1):
            form = " ".join([w[2] for w in words[:k]]) if k > 1 else words[0][2]
            entries = self.forms.get(form)
            if not entries:
                continue
            if k > 1 and any(text[words[j][1] : words[j + 1][0]].strip() for j in range(k - 1)):
                continue  # the words of a phrase are separated by spaces only
            s, e = words[0][0], words[k - 1][1]
            entry, pos = entries[0]
            det = _DET_BEFORE.search(text[max(start, s - 12) : s])
            if pos == "verb" and (det or _NOUN_READING_BEFORE.search(text[max(start, s - 30) : s])):
                # "the slaughter", "X's brutal attack": the noun reading, when the
                # lexicon has one
                entry, pos = next(((en, ps) for en, ps in entries if ps == "noun"), (entry, pos))
            if pos == "verb" and form.endswith("ing") and det:
                pos = "noun"  # "the bombing", "a killing": a nominal, not a verb
            elif (
                pos == "verb"
                and form in self.bases
                and _DET_ADJ_BEFORE.search(text[max(start, s - 30) : s])
            ):
                return None, 1  # "the official arm of": a noun that looks like a lexicon verb
            elif pos == "noun" and k == 1 and not det and form.endswith(("ing", "ed")):
                pos = "verb" if form.endswith("ing") else "participle"  # "targeting civilians"
            elif (
                pos == "verb"
                and form.split()[0].endswith("s")
                and _NOMINAL_BEFORE.search(text[max(start, s - 40) : s])
            ):
                pos = "noun"  # "through attacks launched by", "the urgent American calls on"
            return Trigger(s, e, text[s:e], entry, pos), k
        return None, 1


def inflect(spec: str) -> dict[str, str]:
    """Forms of a lexicon verb: ``"kill"`` or ``"send:sent"`` or ``"shoot dead:shot dead"``.

    A verb ending consonant-vowel-consonant doubles its last letter when the last
    syllable is stressed ("expelled", "kidnapping") and not otherwise ("targeted",
    "opening"); spelling alone cannot tell which, so both forms are generated: the
    wrong one never occurs in text and costs nothing.
    """
    base, _, past = spec.partition(":")
    words = base.split()
    head, rest = words[0], " ".join(words[1:])
    tail = f" {rest}" if rest else ""
    stems = [head + head[-1], head] if _cvc(head) else [head]
    if past:
        past_forms = [past]
    elif head.endswith("e"):
        past_forms = [head + "d" + tail]
    elif head.endswith("y") and len(head) > 2 and head[-2] not in _VOWELS:
        past_forms = [head[:-1] + "ied" + tail]
    else:
        past_forms = [st + "ed" + tail for st in stems]
    if head.endswith("e") and not head.endswith("ee"):
        ings = [head[:-1] + "ing"]
    else:
        ings = [st + "ing" for st in stems]
    if head.endswith(("s", "sh", "ch", "x", "z")):
        third = head + "es"
    elif head.endswith("y") and len(head) > 2 and head[-2] not in _VOWELS:
        third = head[:-1] + "ies"
    else:
        third = head + "s"
    forms = {base: "verb", third + tail: "verb"}
    for ing in ings:
        forms[ing + tail] = "verb"
    for p in past_forms:
        forms[p] = "participle"
    return forms


def _cvc(w: str) -> bool:
    """Ends consonant, single vowel, consonant (not w, x, y): 'ban', 'expel', 'target'."""
    return (
        len(w) >= 3 and w[-1] not in _VOWELS + "wxy" and w[-2] in _VOWELS and w[-3] not in _VOWELS
    )


def load_lexicon(path: Path = LEXICON_FILE) -> Lexicon:
    """Read and check the event lexicon; errors name the file, entry and field."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as e:
        raise KBError(path, f"cannot read event lexicon: {e}") from None
    if not isinstance(data, dict) or not isinstance(data.get("events"), list):
        raise KBError(path, "must be a mapping with an 'events' list", fld="events")
    forms: dict[str, list[tuple[LexEntry, str]]] = {}
    for i, raw in enumerate(data["events"]):
        label = f"#{i + 1}"
        if not isinstance(raw, dict):
            raise KBError(path, "each entry must be a mapping", label)
        label = f"#{i + 1} ({raw.get('type')}/{raw.get('mode')})"
        unknown = set(raw) - _ENTRY_FIELDS
        if unknown:
            raise KBError(
                path, f"unknown field(s): {', '.join(sorted(unknown))}", label, sorted(unknown)[0]
            )
        if raw.get("type") not in PLOVER_TYPES:
            raise KBError(
                path, f"must be one of the PLOVER types, got {raw.get('type')!r}", label, "type"
            )
        for fld in ("verbs", "nouns", "needs", "unless"):
            v = raw.get(fld, [])
            if not isinstance(v, list) or not all(isinstance(x, str) and x.strip() for x in v):
                hint = (
                    " (YAML reads a bare on, off, yes or no as true or false: quote it)"
                    if isinstance(v, list) and any(isinstance(x, bool) for x in v)
                    else ""
                )
                raise KBError(path, f"must be a list of non-empty strings{hint}", label, fld)
        conf = raw.get("confidence", 0.6)
        if not isinstance(conf, (int, float)) or not 0 <= conf <= 1:
            raise KBError(path, "must be a number between 0 and 1", label, "confidence")
        window = raw.get("window", 8)
        if not isinstance(window, int) or window < 1:
            raise KBError(path, "must be a positive integer", label, "window")
        retype = []
        for j, rt in enumerate(raw.get("retype") or []):
            if (
                not isinstance(rt, dict)
                or rt.get("type") not in PLOVER_TYPES
                or not isinstance(rt.get("words"), list)
                or rt.get("side", "both") not in ("before", "after", "both")
            ):
                raise KBError(
                    path,
                    f"rule {j + 1} needs 'words' (a list), a PLOVER 'type' and a 'side' "
                    "of before, after or both (default both)",
                    label,
                    "retype",
                )
            retype.append(
                (
                    frozenset(str(w).lower() for w in rt["words"]),
                    rt["type"],
                    rt.get("mode"),
                    rt.get("side", "both"),
                )
            )
        entry = LexEntry(
            raw["type"],
            raw.get("mode"),
            frozenset(w.lower() for w in raw.get("needs", [])),
            window,
            float(conf),
            tuple(retype),
            standalone=bool(raw.get("standalone", False)),
            unless=frozenset(w.lower() for w in raw.get("unless", [])),
        )
        for v in raw.get("verbs", []):
            for form, pos in inflect(v.lower()).items():
                forms.setdefault(form, []).append((entry, pos))
        for n in raw.get("nouns", []):
            forms.setdefault(n.lower(), []).append((entry, "noun"))
    if not forms:
        raise KBError(path, "the lexicon has no verbs or nouns", fld="events")
    bases = frozenset(
        v.lower().partition(":")[0] for raw in data["events"] for v in raw.get("verbs", [])
    )
    nouns = {n.lower() for raw in data["events"] for n in raw.get("nouns", [])}
    return Lexicon(forms, max(len(f.split()) for f in forms), str(path), bases=bases - nouns)


@lru_cache(maxsize=2)
def default_lexicon() -> Lexicon:
    return load_lexicon()


# ------------------------------------------------------------------ helpers


@dataclass(slots=True)
class Context:
    """What the event stage reads from the earlier stages, indexed for lookups."""

    text: str
    sentences: Sequence[tuple[int, int]]
    hits: list[Hit]
    places: list[Place]
    dates: list[DateMention]
    numbers: list[Number]
    attributions: list[Any]
    anchor: Any = None  # callable(offset) -> ISO date or None
    place_mentions: list[tuple[int, int, Place]] = field(default_factory=list)
    hit_starts: list[int] = field(default_factory=list)
    default_place: str | None = None
    # bisect indexes: start offsets of the place mentions, numbers (their evidence) and
    # dates, and of the attributed spans (None: not in order, or overlapping, so scanned)
    place_starts: list[int] = field(default_factory=list)
    number_starts: list[int] | None = None
    date_starts: list[int] | None = None
    attribution_starts: list[int] | None = None

    def __post_init__(self) -> None:
        self.hits = sorted(self.hits, key=lambda h: h.start)
        self.hit_starts = [h.start for h in self.hits]
        self.place_mentions = sorted(
            ((m.start, m.end, p) for p in self.places for m in p.mentions), key=lambda x: x[0]
        )
        self.place_starts = [x[0] for x in self.place_mentions]
        self.number_starts = _in_order([x.evidence.start for x in self.numbers])
        self.date_starts = _in_order([d.start for d in self.dates])
        self.attribution_starts = _in_order([a.start for a in self.attributions])
        if self.attribution_starts is not None and any(
            a.end > b.start for a, b in zip(self.attributions, self.attributions[1:], strict=False)
        ):
            self.attribution_starts = None  # overlapping: the first that holds an offset wins
        countries = [p for p in self.places if p.kind == "country"]
        if countries:

            def weight(p: Place) -> tuple[int, int]:
                loc = sum(
                    bool(_LOCATIVE_BEFORE.search(self.text[max(0, m.start - 30) : m.start]))
                    for m in p.mentions
                )
                return (loc, len(p.mentions))

            self.default_place = max(countries, key=weight).name

    def last_named(self, name: str, pos: int) -> Hit | None:
        """The last mention of the actor called ``name`` that ends by ``pos``."""
        return next((h for h in reversed(self.hits_in(0, pos)) if h.name == name), None)

    def hits_in(self, s: int, e: int) -> list[Hit]:
        i, j = bisect_left(self.hit_starts, s), bisect_right(self.hit_starts, e)
        return [h for h in self.hits[i:j] if h.end <= e]

    def places_in(self, s: int, e: int) -> list[tuple[int, int, Place]]:
        i, j = bisect_left(self.place_starts, s), bisect_right(self.place_starts, e)
        return [x for x in self.place_mentions[i:j] if x[1] <= e]

    def places_starting(self, s: int, e: int) -> list[tuple[int, int, Place]]:
        """Place mentions that start in [s, e), in text order."""
        return self.place_mentions[
            bisect_left(self.place_starts, s) : bisect_left(self.place_starts, e)
        ]

    def numbers_in(self, s: int, e: int) -> list[Number]:
        """Numbers whose evidence lies within [s, e), in the order of ``numbers``."""
        if self.number_starts is None:
            return [x for x in self.numbers if s <= x.evidence.start and x.evidence.end <= e]
        i, j = bisect_left(self.number_starts, s), bisect_right(self.number_starts, e)
        return [x for x in self.numbers[i:j] if x.evidence.end <= e]

    def numbers_starting(self, s: int, e: int) -> list[Number]:
        """Numbers whose evidence starts in [s, e), in the order of ``numbers``."""
        if self.number_starts is None:
            return [x for x in self.numbers if s <= x.evidence.start < e]
        return self.numbers[bisect_left(self.number_starts, s) : bisect_left(self.number_starts, e)]

    def dates_in(self, s: int, e: int) -> list[DateMention]:
        """Dates with a value within [s, e), in the order of ``dates``."""
        if self.date_starts is None:
            return [d for d in self.dates if s <= d.start and d.end <= e and d.value]
        i, j = bisect_left(self.date_starts, s), bisect_right(self.date_starts, e)
        return [d for d in self.dates[i:j] if d.end <= e and d.value]

    def dated(self, s: int, e: int) -> bool:
        """Does a date with a value start in [s, e)?"""
        if self.date_starts is None:
            return any(s <= d.start < e and d.value for d in self.dates)
        i, j = bisect_left(self.date_starts, s), bisect_left(self.date_starts, e)
        return any(d.value for d in self.dates[i:j])

    def attribution_at(self, offset: int) -> Any:
        if self.attribution_starts is not None:
            i = bisect_right(self.attribution_starts, offset) - 1
            if i >= 0 and offset < self.attributions[i].end:
                return self.attributions[i]
            return None
        for a in self.attributions:
            if a.start <= offset < a.end:
                return a
        return None


def _in_order(starts: list[int]) -> list[int] | None:
    """The offsets, if they are in order (a bisect index), else None."""
    return starts if all(a <= b for a, b in zip(starts, starts[1:], strict=False)) else None


# the clause breaks of the latest sentence: its triggers share them
_BREAKS_SEEN: list[tuple[str, int, int, list[tuple[int, int]]]] = [("", 0, 0, [])]


def _clause(text: str, s: int, e: int, pos: int) -> tuple[int, int]:
    """The clause of sentence [s, e) that contains offset pos."""
    seen = _BREAKS_SEEN[0]  # one read: another thread may replace it meanwhile
    if seen[0] is text and seen[1] == s and seen[2] == e:
        breaks = seen[3]
    else:
        breaks = [m.span() for m in _CLAUSE_BREAK.finditer(text, s, e)]
        _BREAKS_SEEN[0] = (text, s, e, breaks)
    cs, ce = s, e
    for b_start, b_end in breaks:
        if b_end <= pos:
            cs = b_end
        elif b_start >= pos:
            ce = b_start
            break
    return cs, ce


def _is_passive(text: str, trig: Trigger, sent_start: int) -> bool:
    if trig.pos != "participle":
        return False
    before = text[max(sent_start, trig.start - 40) : trig.start]
    if _BE.search(before):
        return True
    after = text[trig.end : trig.end + 25]
    return bool(re.match(r"\s+(?:by|at the hands of)\b", after))


def _role_name(h: Hit | None) -> str | None:
    return h.name if h is not None else None


def _pick_roles(
    ctx: Context, trig: Trigger, cs: int, ce: int, ss: int
) -> tuple[Hit | None, Hit | None, dict[str, str]]:
    text = ctx.text
    hits = [h for h in ctx.hits_in(cs, ce) if not (h.start <= trig.start < h.end)]
    if trig.entry.type not in _VERBAL_TYPES:
        # the speaker of "X said" / "according to X" credits the event, it does not act in it
        hits = [
            h
            for h in hits
            if not _SPEECH_AFTER.match(text[h.end : h.end + 40])
            and not _ACCORDING_BEFORE.search(text[max(0, h.start - 20) : h.start])
        ]
    named = [h for h in hits if not h.generic]
    if named:
        # a generic group ("fighters") only fills a role that no named actor can
        hits = named + [
            h
            for h in hits
            if h.generic and not any(n.start < h.end and h.start < n.end for n in named)
        ]
        hits.sort(key=lambda h: h.start)
    before = [h for h in hits if h.end <= trig.start]
    after = [h for h in hits if h.start >= trig.end]
    why: dict[str, str] = {}
    a1 = a2 = None

    def by_agent() -> Hit | None:
        for h in after:
            if not _BY.search(text[trig.end : h.start][-40:]):
                continue
            gap = text[trig.end : h.start]
            if len(gap) < 80:
                return h
            # "the bombing of Sunni areas of A, B, C and D by the militias": a long
            # list of places or targets, with no other actor or clause in between
            if (
                trig.pos == "noun"
                and len(gap) < 300
                and not any(
                    o.start < h.start and o.kind not in _VICTIM_KINDS for o in after if o is not h
                )
                and not _RELATIVE.search(gap)
            ):
                return h
        return None

    def subject() -> Hit | None:
        cands = [
            h
            for h in reversed(before)
            if not _PREP_BEFORE.search(text[max(cs, h.start - 12) : h.start])
            # "supporters of X stormed ...": X's people act
            or _MEMBERS_OF.search(text[max(cs, h.start - 30) : h.start])
            # "hundreds of protesters gathered": the counted people act
            or _QUANTITY_OF.search(text[max(cs, h.start - 30) : h.start])
        ]
        for i, h in enumerate(cands):
            if not h.generic:
                # "Iran's Qods forces and Shiite militias are expelling ...": the first
                # of coordinated subjects leads
                for first in cands[i + 1 :]:
                    if first.generic or not _COORDINATED.fullmatch(text[first.end : h.start]):
                        break
                    h = first
                if h.kind == "person" and _MEMBERS_OF.search(text[max(cs, h.start - 30) : h.start]):
                    h = led_by(h) or h  # "supporters of al-Sadr": his movement acts
                return h
        return cands[0] if cands else None

    participle_phrase = (
        trig.pos == "noun"
        and trig.text.split()[0].lower().endswith("ed")
        and bool(_BE.search(text[max(ss, trig.start - 40) : trig.start]))
    )  # "Iran remains designated as ...", "is listed as": a passive, told as a phrase
    if participle_phrase or (trig.pos in ("verb", "participle") and _is_passive(text, trig, ss)):
        a1 = by_agent()
        why["actor1"] = "passive: agent after 'by'" if a1 else "passive: no agent"
        a2 = subject()
        if a2 is not None and (
            trig.start - a2.end > 50
            or _PASSIVE_SUBJECT_BREAK.search(text, a2.end, trig.start)
            or ("," in text[a2.end : trig.start] and trig.start - a2.end > 25)
        ):
            a2 = None  # "the army said, adding that four suspects had been detained"
        why["actor2"] = "passive: subject before the verb" if a2 else "passive: no subject"
    elif trig.pos in ("verb", "participle"):
        a1 = subject()
        why["actor1"] = "active: subject before the verb" if a1 else "active: no subject"
        for h in [] if _OBJECT_PRONOUN.match(text, trig.end) else after:
            # "massacre them in the name of fighting ISIS": the pronoun is the target
            gap = text[trig.end : h.start]
            # "met with X", "agreed with X": the counterpart; "attacked Y with X": a tool
            blocked = (
                r"\b(by|alongside|for)\b"
                if trig.entry.type in _WITH_COUNTERPART
                else r"\b(by|with|alongside|for)\b"
            )
            reach = 130 if _OF_ABOUT.match(gap) else 80  # "warned of the growing presence of X"
            if len(gap) < reach and _HELD_BY.search(gap):
                a2 = h  # "opened fire on a checkpoint manned by the PMF": the PMF is hit
                why["actor2"] = "active: the holder of the place attacked"
                break
            if trig.entry.type in ("RETREAT", "PROTEST") and not _INTRANSITIVE_OBJECT.match(gap):
                continue  # "fled before security forces arrived": no one was fled at
            if len(gap) < reach and not re.search(blocked, gap, re.I):
                a2 = h
                why["actor2"] = "active: first actor after the verb"
                break
    else:  # nominal
        a1 = by_agent()
        if a1:
            why["actor1"] = "nominal: 'by' agent"
        else:
            for h in reversed(before):
                gap = text[h.end : trig.start]
                if (
                    re.fullmatch(r"(?:['’]s)?\s*(?:\w+\s+){0,2}", gap)
                    # "Iran fears the rise of ...": a determiner starts a new phrase
                    and (gap.lstrip()[:1] in ("'", "’") or not _DET_WORD.search(gap))
                    and not _PREP_BEFORE.search(text[max(cs, h.start - 12) : h.start])
                ):
                    a1 = h
                    why["actor1"] = "nominal: possessor or modifier"
                    break
            if (
                a1 is None
                and (
                    (light := _LIGHT_VERB.search(text[max(cs, trig.start - 60) : trig.start]))
                    # "ordered an investigation into the killing": the verb's object is
                    # another thing, about the event, not the event itself
                    and not _ABOUT_NOUN.search(light.group())
                    # "This militia was once a leading killer of ...": an agent noun's subject
                    or (
                        re.search(r"(?:er|or)s?$", trig.text, re.I)
                        and _COPULA_BEFORE.search(text[max(cs, trig.start - 40) : trig.start])
                    )
                )
            ):
                # "X staged a massacre", "X launched an offensive": the light verb's subject
                a1 = subject()
                if a1:
                    why["actor1"] = "nominal: subject of the light verb"
        if a2 is None and _STRUCK.match(text, trig.end):
            # "a roadside bomb struck a PMF convoy": what the device hit
            hit = next((h for h in after if h.start - trig.end < 60), None)
            if hit is not None:
                a2 = hit
                why["actor2"] = "nominal: what the device struck"
        preps = "of|on|against|targeting"
        if trig.entry.type in _GIVING:
            preps += "|to|for"  # "a concession to X", "air support for X"
        if trig.entry.type in _WITH_COUNTERPART:
            preps += "|with"  # "talks with X", "an agreement with X"
        ends_in_prep = re.search(r"\b(?:on|against|of|to|for)$", trig.text, re.I)
        for h in after:
            gap = text[trig.end : h.start]
            if (
                (ends_in_prep and len(gap) < 30)  # "calls on X", "a campaign against X"
                or (_TARGET_PREP.match(gap) and len(gap) < 30)
                or (h.start - trig.end < 40 and re.search(rf"\b({preps})\b", gap, re.I))
            ):
                if h is a1:
                    break
                if (
                    trig.entry.type in _INTRANSITIVE
                    and (
                        re.match(r"\s*of\b", text[trig.end : h.start])
                        or trig.text.lower().endswith(" of")
                    )
                    and a1 is None
                ):
                    a1 = h  # "the withdrawal of US forces": they withdraw
                    why["actor1"] = "nominal: 'of' doer"
                else:
                    a2 = h
                    why["actor2"] = "nominal: 'of/on/against' target"
                break
    if a2 is None and trig.entry.mode == "capture":
        # "to recapture Mosul from (its occupation by) the Islamic State": who loses it
        m = _FROM_HOLDER.match(text, trig.end, min(ce, trig.end + 90))
        if m is not None:
            holder = next(
                (
                    h
                    for h in ctx.hits_in(m.end() - 1, min(ce, m.end() + 50))
                    if not h.generic and h is not a1
                ),
                None,
            )
            if holder is not None:
                a2 = holder
                why["actor2"] = "capture: who it was taken from"
    if a1 is not None and a2 is not None and a1.key == a2.key:
        a2 = None
    return a1, a2, why


def _pick_place(
    ctx: Context, trig: Trigger, cs: int, ce: int, ss: int, se: int, para_start: int
) -> tuple[list[str], str]:
    text = ctx.text
    in_clause = [
        p
        for p in ctx.places_in(cs, ce)
        # "Iran's Qods forces": a possessive country names the actor's side, not the place
        if not (p[2].kind == "country" and re.match(r"['’]s\s", text[p[1] : p[1] + 3]))
    ]

    def setting(p: tuple[int, int, Place]) -> bool:
        # "the Paris-based group", "BAGHDAD (Reuters) -": where someone is, not where it happened
        after = text[p[1] : p[1] + 12]
        if p[2].kind == "country" and re.match(r"['’]s\s", after):
            return False  # "Iran's Qods forces": the actor's side, not the place
        return not re.match(
            r"-based|\s*\((?:AFP|Reuters|AP)\)|\s*[,]?\s*[A-Z][a-z]+\s*[—–-]", after
        )

    in_clause = [p for p in in_clause if setting(p)]
    earlier = [p for p in ctx.places_starting(para_start, ss) if setting(p)]
    if in_clause and all(p[2].kind in ("country", "region") for p in in_clause):
        # "in Iraq" after a paragraph set in Fallujah: the specific setting wins
        specific = [p for p in earlier if p[2].kind not in ("country", "region")]
        countries = {p[2].country for p in in_clause}
        if specific and specific[-1][2].country in countries:
            return [
                specific[-1][2].name
            ], "paragraph setting (more specific than the clause's country)"
    if in_clause:
        settled = [p for p in in_clause if p[2].kind != "region"]
        if settled:
            in_clause = settled  # "bases in the Persian Gulf" is not where Fallujah was bombed
        loc = [p for p in in_clause if _LOCATIVE_BEFORE.search(ctx.text[max(ss, p[0] - 30) : p[0]])]
        if loc:
            in_clause = loc
        # "Baghdad's Green Zone": the place inside the other
        for a, b in zip(in_clause, in_clause[1:], strict=False):
            if re.fullmatch(r"['’]s\s+", ctx.text[a[1] : b[0]]):
                in_clause = [p for p in in_clause if p is not a]
                break
        after = [p for p in in_clause if p[0] >= trig.end]
        # a list of towns after the trigger: one event per place
        if (
            trig.entry.type in _PHYSICAL_TYPES
            and len(after) >= 2
            and all(p[2].kind in ("city", "town", "village", "district", "site") for p in after)
        ):
            gaps = [ctx.text[a[1] : b[0]] for a, b in zip(after, after[1:], strict=False)]
            if all(
                re.fullmatch(r"\s*(?:,|and|, and|or)\s*(?:the\s+\w+\s+(?:of\s+)?)?", g)
                for g in gaps
            ):
                return [p[2].name for p in after], "clause: list of places"
        chosen = after[0] if after else in_clause[-1]
        return [chosen[2].name], "clause"
    in_sent = [p for p in ctx.places_in(ss, se) if setting(p)]
    if in_sent:
        return [in_sent[0][2].name], "sentence"
    if earlier:
        specific = [p for p in earlier if p[2].kind not in ("country", "region")]
        return [(specific or earlier)[-1][2].name], "paragraph setting"
    if ctx.default_place:
        return [ctx.default_place], "document's main country"
    return [None], "none"  # type: ignore[list-item]


def _pick_date(ctx: Context, trig: Trigger, ss: int, se: int) -> tuple[str | None, str]:
    in_sent = ctx.dates_in(ss, se)
    if in_sent:
        best = min(in_sent, key=lambda d: abs(d.start - trig.start))
        return best.value, f"sentence: {best.text!r}"
    if ctx.anchor is not None:
        a = ctx.anchor(trig.start)
        if a:
            return a[:7], "month of the text's date line"
    return None, "none"


# ------------------------------------------------------------------ main


def extract_events(
    text: str,
    sentences: Sequence[tuple[int, int]],
    hits: Sequence[Hit],
    places: Sequence[Place] = (),
    dates: Sequence[DateMention] = (),
    numbers: Sequence[Number] = (),
    attributions: Sequence[Any] = (),
    anchor: Any = None,
    lexicon: Lexicon | None = None,
    min_confidence: float = MIN_CONFIDENCE,
) -> list[Event]:
    """Events stated in the text, one per happening, each with its evidence.

    Candidates scoring under ``min_confidence`` are dropped: on the development
    corpus almost none of them were real events (see ``_confidence``).
    """
    from dossier.extract.attribution import status_for

    lex = lexicon or default_lexicon()
    ctx = Context(
        text,
        sentences,
        with_derived_hits(text, hits),
        list(places),
        list(dates),
        list(numbers),
        list(attributions),
        anchor,
    )
    events: list[Event] = []
    recent: list[tuple[int, str, str | None]] = []  # (sentence index, type, actor1)
    may_claim = _may_claim(text)  # one search, not one per sentence
    para_start = 0
    para_first = 0
    n = 0
    for si, (ss, se) in enumerate(sentences):
        if si and "\n\n" in text[sentences[si - 1][1] : ss]:
            para_start = ss
            para_first = si
        sent = text[ss:se]
        n_words = len(sent.split())
        ends_sentence = _ends_sentence(sent)
        if n_words < 4 or (not ends_sentence and (n_words < 12 or _CITATION_LINE.search(sent))):
            continue  # headlines, captions, bylines, "Title, Outlet, May 5, 2016" lines
        attr = ctx.attribution_at(ss)
        source = getattr(attr, "source", None)
        if source is None and _OPINION.search(sent):
            continue
        triggers = lex.triggers(text, ss, se)
        kept: list[Trigger] = []
        for t in triggers:
            if any(
                not h.generic and h.start < t.end and t.start < h.end for h in ctx.hits_in(ss, se)
            ):
                continue  # "Popular Mobilization Forces": part of a name, not a happening
            if t.entry.needs and not _needs_met(ctx, t, ss, se):
                continue
            if t.entry.unless:
                nxt = _WORD_AFTER.match(text, t.end)
                if nxt and {w.lower() for w in nxt.groups() if w} & t.entry.unless:
                    continue  # "met with silence": not a meeting
            t = _retyped(text, t, ss, se)
            if (
                t.pos == "noun"
                and t.text[-1:].lower() == "s"
                and any(ps == "verb" for _, ps in lex.forms.get(t.text.lower(), ()))
                and _named_right_before(ctx, t.start)
            ):
                # "The Iranian Resistance warns of ...": a name and its verb, not "the
                # urgent American calls"
                t = Trigger(t.start, t.end, t.text, t.entry, "verb", t.explain_retype)
            if (
                kept
                and kept[-1].entry.type == t.entry.type
                and len(text[kept[-1].end : t.start].split()) <= 3
            ):
                continue  # "burning and blowing up": one happening
            kept.append(t)
        sentence_events: list[Event] = []
        for t in kept:
            cs, ce = _clause(text, ss, se, t.start)
            if (
                t.pos == "verb"
                and t.text.lower().endswith("ing")
                and any(
                    e.type == t.entry.type
                    and e.evidence.start <= t.start < e.evidence.end
                    and "," in text[_trigger_end(e) : t.start]
                    # "burning houses, murdering women": a list of acts, not a result
                    and not (str(e.explain.get("trigger", "")).lower().split() or [""])[0].endswith(
                        "ing"
                    )
                    for e in sentence_events
                )
            ):
                # "a car bomb exploded, killing nine and wounding 14": the results of the
                # same happening
                continue
            if t.pos == "noun" and _DETERMINER.search(text[max(ss, t.start - 20) : t.start]):
                if any(
                    ty == t.entry.type and (ri >= si - 2 or ri >= para_first)
                    for ri, ty, _ in recent
                ):
                    continue  # "the attack" restating an event already told
                if (
                    re.search(r"\bthe\s+$", text[max(ss, t.start - 5) : t.start], re.I)
                    and not re.match(
                        r"\s+(?:of|on|against|by|in|at|near)\b", text[t.end : t.end + 8]
                    )
                    and any(ty == t.entry.type for _, ty, _ in recent)
                ):
                    continue  # "fighters taking part in the offensive": the one told before
                here = {p[2].name for p in ctx.places_in(cs, ce)}
                if here and any(
                    e.type == t.entry.type and e.mode == t.entry.mode and e.place in here
                    for e in events
                ):
                    continue  # "the Mosul offensive", told again further on
            a1, a2, why = _pick_roles(ctx, t, cs, ce, ss)
            denier = _DENIED_INVOLVEMENT.search(text[max(cs, t.start - 80) : t.start])
            if denier is not None:
                # "X denied any involvement in the abduction": X is the one said to have done it
                d_at = max(cs, t.start - 80) + denier.start()
                subj = [h for h in ctx.hits_in(cs, d_at) if not h.generic]
                if subj:
                    a1 = subj[0]
                    why["actor1"] = "denial: the subject who denies doing it"
                    if a2 is not None and a2.key == a1.key:
                        a2 = None
            if a1 is None:
                a1 = _pronoun_subject(ctx, t, cs, ss, events)
                if a1 is not None:
                    why["actor1"] = "pronoun: last named actor"
            if t.explain_retype == "forced displacement" and (a1 is not None or a2 is not None):
                # "residents fled (in fear of) the militias": the people who flee are the
                # target; whoever they flee from is the doer
                after_named = [
                    h
                    for h in ctx.hits_in(t.end, ce)
                    if not h.generic and (a1 is None or h.key != a1.key)
                ]
                a1, a2 = (after_named[0] if after_named else None), a1
                why["actor1"] = (
                    "displacement: who the people flee from" if a1 else "displacement: no doer"
                )
                why["actor2"] = "displacement: the people who flee"
            if t.pos in ("verb", "participle") and why.get("actor1", "").startswith(
                ("active", "pronoun")
            ):
                prev = next(
                    (
                        e
                        for e in reversed(sentence_events)
                        if e.explain.get("trigger_pos") in ("verb", "participle")
                        and cs <= _trigger_start(e) < t.start
                    ),
                    None,
                )
                between = text[_trigger_end(prev) : t.start] if prev is not None else ""
                # the shared subject, named in this sentence or, through a pronoun
                # ("They arrest ..., displace ... and kill"), before it
                shared = (
                    ctx.last_named(prev.actor1, _trigger_start(prev))
                    if prev is not None and prev.actor1
                    else None
                )
                if (
                    shared is not None
                    and re.search(r"(?:,|\band)\s*(?:\w+ly\s+)?$", between)
                    and (a1 is None or a1.start > shared.start)
                ):
                    # "are expelling Sunnis from their homes, seize their properties and
                    # massacre them": coordinated verbs share the first verb's subject;
                    # an actor named after that subject is an earlier verb's object
                    a1 = shared
                    why["actor1"] = "coordinated verb: the subject of the first"
            if (
                a2 is None
                and t.pos in ("verb", "participle")
                and _OBJECT_PRONOUN.match(text, t.end)
            ):
                a2 = _object_pronoun(ctx, t, ss, events + sentence_events, a1)
                if a2 is not None:
                    why["actor2"] = "object pronoun: the last target told"
            if a1 is None or a1.generic:
                dem = _demonym_doer(ctx, t, cs)
                if dem is not None:
                    a1 = dem
                    why["actor1"] = f"demonym before the trigger: {ctx.text[dem.start : dem.end]!r}"
            if t.pos == "noun" and not _nominal_ok(ctx, t, a1, cs, ce):
                continue
            # the roles the clause itself names; those carried over from the events
            # just told (below) do not make the event more certain
            own_a1, own_a2 = a1, a2
            recent_start = max(para_start, sentences[max(0, si - 2)][0])
            told = [e for e in events + sentence_events if e.evidence.end > recent_start]
            if (a2 is None or a2.rule == "demonym-arms") and t.entry.type in _VERBAL_TYPES:
                seat = _capital_after(ctx, t)
                if seat is not None:
                    # "warned Baghdad against ...", "called on Tehran to ...": the government
                    a2 = seat
                    why["actor2"] = "capital after the verb: its government"
            if t.entry.type == "MOBILIZE" and a2 is not None and a2.generic:
                a2 = None  # "deploy 5,000 troops": the forces sent, not a target
                why["actor2"] = "deployment: the forces sent are no target"
            if a1 is None or a2 is None:
                a1, a2 = _carried_roles(ctx, t, a1, a2, told, why, recent_start, se)
            if a2 is not None and a2.generic and a2.kind == "other":
                # "militias arrested the families": the families of the community the
                # passage is about ("No Sunni family is left in Jurf al-Sakhar")
                community = [
                    h
                    for h in ctx.hits_in(recent_start, se)
                    if h.kind == "religious_group"
                    and not h.generic
                    and (a1 is None or h.key != a1.key)
                ]
                if len({h.key for h in community}) == 1:
                    a2 = community[0]
                    why["actor2"] = "the community of the people named"
            if (
                t.entry.type == "ACCUSE"
                and t.entry.mode == "accusation"
                and t.text.lower().startswith("warn")
                and _CONDITIONAL.search(text[t.end : ce])
            ):
                t = Trigger(
                    t.start,
                    t.end,
                    t.text,
                    LexEntry(
                        "THREATEN", "warning", t.entry.needs, t.entry.window, t.entry.confidence
                    ),
                    t.pos,
                )
                why["type"] = "a warning with a condition is a threat"
                cond = _IF_UNLESS.search(text, t.end, ce)
                target = (
                    next(
                        (
                            h
                            for h in ctx.hits_in(cond.end(), min(ce, cond.end() + 60))
                            if not h.generic and (a1 is None or h.key != a1.key)
                        ),
                        None,
                    )
                    if cond
                    else None
                )
                if target is not None:
                    # "Ankara warned that if the PKK enters Sinjar, ...": the one warned off
                    a2 = target
                    why["actor2"] = "threat: the subject of its condition"
            place_names, place_rule = _pick_place(ctx, t, cs, ce, ss, se, para_start)
            date, date_rule = _pick_date(ctx, t, ss, se)
            quants = [Quantity(x.value, x.kind) for x in ctx.numbers_in(cs, ce)]
            attr = ctx.attribution_at(t.start)
            a1_name = _role_name(a1)
            status, cue = status_for(
                text,
                cs,
                ce,
                attr,
                a1_name,
                a1.kind if a1 else None,
                own_deed=t.entry.type not in _VERBAL_TYPES,
            )
            if (
                status == "hypothetical"
                and t.entry.type == "THREATEN"
                and cue
                and "threat" in cue.lower()
            ):
                status, cue = "asserted", None  # the threat is the act: it was made
            elif (
                status in ("planned", "hypothetical")
                and t.entry.type in _VERBAL_TYPES
                and cue
                and text.find(cue, t.start, ce) >= 0
                and text.find(cue, cs, t.start) < 0
            ):
                # "pledged that only Iraqi fighters would enter": the pledge was made;
                # the modal belongs to what was pledged
                status, cue = "asserted", None
            if status == "asserted" and t.entry.type != "ACCUSE":
                charge = _ACCUSED_OF.search(text, cs, t.start)
                if charge is not None and charge.end() == t.start:
                    # "accused the militia of kidnapping a journalist": what is charged
                    # is a claim until shown
                    status, cue = "claimed", charge.group(1)
            conf, conf_why = _confidence(
                ctx, t, own_a1, own_a2, status, cs, ce, ss, sentence_events
            )
            why["confidence"] = conf_why
            # the evidence: the sentence that states it (its roles may be named further
            # back, through a pronoun, but the evidence stays the stating sentence), cut
            # to a window around the trigger when the sentence is very long
            es, ee = _evidence_span(text, ss, se, t)
            if t.pos in ("verb", "participle"):
                # "a suicide bomber struck ...": the agent noun and its verb are one happening
                sentence_events[:] = [
                    e
                    for e in sentence_events
                    if not (
                        e.type == t.entry.type
                        and e.explain.get("trigger_pos") == "noun"
                        and cs <= _trigger_start(e) < t.start
                        and "," not in text[_trigger_end(e) : t.start]
                    )
                ]
            for place in place_names:
                n += 1
                sentence_events.append(
                    Event(
                        id=f"e{n}",
                        type=t.entry.type,
                        mode=t.entry.mode,
                        evidence=Evidence.of(text, es, ee),
                        actor1=a1_name,
                        actor2=_role_name(a2),
                        place=place,
                        date=date,
                        quantities=quants,
                        attributed_to=_credit(attr, t),
                        status=status,
                        confidence=conf,
                        explain={
                            "trigger": t.text,
                            "trigger_pos": t.pos,
                            "trigger_start": t.start,
                            "trigger_end": t.end,
                            "lexicon": f"{t.entry.type}/{t.entry.mode}",
                            **why,
                            "place": place_rule,
                            "date": date_rule,
                            "attribution": getattr(attr, "rule", None),
                            "status_cue": cue,
                        },
                    )
                )
            recent.append((si, t.entry.type, a1_name))
        if not any(e.type == "MOBILIZE" for e in sentence_events) and ends_sentence:
            presence = _presence_event(ctx, ss, se, sentence_events, n + 1, status_for)
            if presence is not None:
                n += 1
                sentence_events.append(presence)
        claim = _CLAIMED_RESPONSIBILITY.search(text, ss, se) if may_claim else None
        if claim is not None and not sentence_events:
            _credit_responsibility(ctx, claim, ss, events)
        events.extend(e for e in sentence_events if e.confidence >= min_confidence)
    for i, e in enumerate(events, 1):
        e.id = f"e{i}"
    return events


_SENTENCE_END_CHARS = frozenset('.!?"”’')


def _ends_sentence(sent: str) -> bool:
    """Does ``sent`` end in a full stop, ?, ! or closing quote (white space after it
    aside)? The same as a search for ``[.!?"”’]\\s*$``, without the regex."""
    last = sent.rstrip()[-1:]
    return last != "" and last in _SENTENCE_END_CHARS


_NEGATED_BEFORE = _first_char_guard(
    r"\b(?:not|no|never|without|nor|n't)\b(?:\s+\w+){0,3}\s*$", re.I
)
_TO_BEFORE = re.compile(r"\bto\s+$")
_INTENT_TO_BEFORE = _first_char_guard(
    r"\b(threaten|vow|plan|pledge|promise|decide|agree|announce|begin|began|start|continue|set)\w*\s+to\s+$",
    re.I,
)
_GERUND_AFTER_PREP = _first_char_guard(
    r"\b(?:in|of|for|by|from|without|after|before|about|on|at|to|into|against|despite)\s+$", re.I
)
_CITATION_LINE = re.compile(
    r",\s*(?:[A-Z][a-z]+\.?\s+\d{1,2},\s+\d{4}|\d{1,2}\s+[A-Z][a-z]+\s+\d{4})\s*$"
)
_HEDGED_CONTEXT = _first_char_guard(
    r"\b(would|could|might|may|can only|if|unless|in order to|aim(?:s|ed)? to|expected to|designed to|attempt to)\b",
    re.I,
)
TYPE_PRIOR = {
    "ASSAULT": 0.1,
    "COERCE": 0.05,
    "MOBILIZE": 0.05,
    "RETREAT": 0.05,
    "AID": 0.0,
    "PROTEST": 0.0,
    "ACCUSE": 0.0,
    "THREATEN": 0.0,
    "REQUEST": -0.05,
    "SANCTION": 0.0,
    "CONSULT": -0.05,
    "AGREE": -0.15,
    "SUPPORT": -0.15,
    "COOPERATE": -0.15,
    "REJECT": -0.15,
    "CONCEDE": -0.1,
}


def _confidence(
    ctx: Context,
    t: Trigger,
    a1: Hit | None,
    a2: Hit | None,
    status: str,
    cs: int,
    ce: int,
    ss: int,
    earlier: list[Event],
) -> tuple[float, str]:
    """How likely the trigger states a real event: a sum of simple, named evidence."""
    text = ctx.text
    parts: list[tuple[str, float]] = [
        ("lexicon prior", t.entry.confidence - 0.5),
        ("type", TYPE_PRIOR.get(t.entry.type, 0.0)),
    ]
    if a1 is not None and not a1.generic:
        parts.append(("named doer", 0.15))
    elif a1 is None and _SUBJECT_PRONOUN_BEFORE.search(text[max(cs, t.start - 40) : t.start]):
        parts.append(("an unresolved pronoun doer", 0.0))
    elif a1 is None:
        parts.append(("no doer", -0.1))
    if a2 is not None and not a2.generic:
        parts.append(("named target", 0.05))
    low = t.text.lower()
    if (
        low.endswith("ing")
        and t.pos == "verb"
        and _GERUND_AFTER_PREP.search(text[max(ss, t.start - 15) : t.start])
    ):
        parts.append(("gerund after a preposition", -0.4))
    if status in ("hypothetical",):
        parts.append(("hypothetical", -0.25))
    elif status == "planned":
        parts.append(("planned", -0.1))
    elif status == "denied":
        parts.append(("denied", -0.05))
    if _NEGATED_BEFORE.search(text[max(cs, t.start - 30) : t.start]):
        parts.append(("negated", -0.25))
    if _HEDGED_CONTEXT.search(text[cs : t.start]):
        parts.append(("modal or purpose before the trigger", -0.1))
    if (
        t.pos == "verb"
        and _TO_BEFORE.search(text[max(cs, t.start - 4) : t.start])
        and not _INTENT_TO_BEFORE.search(text[max(cs, t.start - 30) : t.start])
    ):
        parts.append(("infinitive of purpose ('to retake')", -0.2))
    if any(e.evidence.start <= t.start < e.evidence.end for e in earlier):
        parts.append(("second trigger in the clause", -0.15))
    if _CITATION_LINE.search(text[ss:ce]):
        parts.append(("citation line", -0.4))
    if ctx.dated(cs, ce):
        parts.append(("dated", 0.05))
    if ctx.numbers_starting(cs, ce):
        parts.append(("counted", 0.05))
    score = 0.55 + sum(v for _, v in parts)
    score = max(0.05, min(0.95, score))
    return score, ", ".join(f"{k} {v:+.2f}" for k, v in parts if v)


MAX_EVIDENCE = 600  # characters: an evidence is a sentence, or a window of one


def _evidence_span(text: str, ss: int, se: int, t: Trigger) -> tuple[int, int]:
    if se - ss <= MAX_EVIDENCE:
        return ss, se
    half = MAX_EVIDENCE // 2
    s = max(ss, t.start - half)
    e = min(se, t.end + half)
    # start and end on word boundaries
    while s > ss and not text[s - 1].isspace():
        s += 1
    while e < se and not text[e].isspace():
        e -= 1
    return s, max(e, t.end)


def _trigger_start(e: Event) -> int:
    return int(e.explain.get("trigger_start", e.evidence.start))


def _trigger_end(e: Event) -> int:
    return int(e.explain.get("trigger_end", e.evidence.start))


def _credit(attr: Any, t: Trigger | None = None) -> str | None:
    """Who the text credits for an event, as the text credits it ("X's military sources").

    When the trigger is the speech act itself ("Ankara warned"), the speaker is the
    doer, and the credit goes to the voice that reports the act: the outer source
    of the chain when there is one ("Ankara warned ..., DEBKAfile's sources said"),
    else the speaker, whose own words the act is.
    """
    if attr is None or attr.source is None:
        return None
    if (
        t is not None
        and attr.cue_start is not None
        and attr.cue_start < t.end
        and t.start < (attr.cue_end or 0)
    ):
        return attr.chain[-2] if len(attr.chain) > 1 else attr.source
    return getattr(attr, "credited", None) or attr.source


def _retyped(text: str, t: Trigger, ss: int, se: int) -> Trigger:
    """Apply the entry's ``retype`` rules: the words around a trigger may change its type."""
    if not t.entry.retype:
        return t
    after = {w.strip(".,;:()\"'’”“") for w in text[t.end : se].lower().split()[: t.entry.window]}
    before = {
        w.strip(".,;:()\"'’”“") for w in text[ss : t.start].lower().split()[-t.entry.window :]
    }
    for needed, etype, mode, side in t.entry.retype:
        words = before if side == "before" else after if side == "after" else before | after
        if needed & words:
            e = t.entry
            entry = LexEntry(etype, mode, e.needs, e.window, e.confidence)
            return Trigger(t.start, t.end, t.text, entry, t.pos, explain_retype=mode)
    return t


def _needs_met(ctx: Context, t: Trigger, ss: int, se: int) -> bool:
    """Does a word the entry needs occur within its window on either side?"""
    text = ctx.text
    after = text[t.end : se].lower().split()[: t.entry.window]
    before = text[ss : t.start].lower().split()[-t.entry.window :]
    words = {w.strip(".,;:()\"'’”“") for w in after + before}
    if t.entry.needs & words:
        return True
    if "@place" in t.entry.needs:
        lo = t.start - len(" ".join(before)) - 1
        hi = t.end + len(" ".join(after)) + 1
        return bool(ctx.places_in(max(ss, lo), min(se, hi)))
    return False


def _nominal_ok(ctx: Context, t: Trigger, a1: Hit | None, cs: int, ce: int) -> bool:
    """A noun states an event when someone does it, or it has a where, when or how many."""
    if a1 is not None and not a1.generic:
        return True
    if t.entry.standalone:
        return True
    if t.entry.type in _VERBAL_TYPES and t.entry.type != "SANCTION":
        return False  # a sanction is often told without its author: "X is listed as ..."
    has_place = bool(ctx.places_in(cs, ce))
    has_number = bool(ctx.numbers_starting(cs, ce))
    has_date = ctx.dated(cs, ce)
    # what the noun is "of", "on" or "against": one window after the preposition
    of_m = re.match(r"\s+(?:of|on|against)\s+", ctx.text[t.end : min(ce, t.end + 40)])
    obj = None
    if of_m is not None or t.text.lower().endswith((" of", " on", " against")):
        o_start = t.end + (of_m.end() if of_m is not None else 1)
        obj = (o_start, min(ce, o_start + 35))
        # "the death of Hamid Taqavi": a happening done to a named actor is told, not a topic
        if any(not h.generic for h in ctx.hits_in(*obj)):
            return True
    if re.search(
        r"\bthe\s+(?:[\w-]+\s+){0,2}$", ctx.text[max(cs, t.start - 30) : t.start], re.I
    ) and not (has_number or has_date):
        return False  # "the offensive", "the capture of Mosul": a happening already known, named as a topic
    has_target = any(not h.generic for h in ctx.hits_in(cs, ce))
    if of_m is not None and obj is not None and (ctx.hits_in(*obj) or ctx.places_in(*obj)):
        return True  # "the bombing of Sunni areas", "the withdrawal of US forces"
    return has_number or (has_place and (has_date or has_target))


_CARRY_FAMILY = {
    "ASSAULT": "violence",
    "COERCE": "violence",
    # a deployment and the aid told next are, as a rule, the same patron's
    "AID": "intervention",
    "MOBILIZE": "intervention",
}
_VICTIM_KINDS = frozenset({"religious_group", "other"})


def _carried_roles(
    ctx: Context,
    t: Trigger,
    a1: Hit | None,
    a2: Hit | None,
    told: list[Event],
    why: dict[str, str],
    since: int,
    sentence_end: int,
) -> tuple[Hit | None, Hit | None]:
    """Roles an event leaves unnamed, carried over from what the text has just told.

    "Militias stormed the village. Homes were burned and men were executed.": the
    burning and the executions are the militias' too, and their victims the
    villagers. Only within a family of events (violence, aid, deployment) and only
    from the last two sentences of the same paragraph; a target left unnamed can
    also be the community the passage is about ("Sunni families", "Yazidis").
    """
    family = _CARRY_FAMILY.get(t.entry.type)
    if family is None:
        return a1, a2

    same = [e for e in told if _CARRY_FAMILY.get(e.type) == family]
    if a1 is None:
        for e in reversed(same):
            if e.actor1 and (a2 is None or e.actor1 != a2.name):
                a1 = ctx.last_named(e.actor1, t.start)
                if a1 is not None:
                    why["actor1"] = f"carried over: the doer of the {e.type} just told"
                    break
    if a2 is None:
        for e in reversed(same):
            if e.actor2 and (a1 is None or e.actor2 != a1.name):
                a2 = ctx.last_named(e.actor2, t.start)
                if a2 is not None:
                    why["actor2"] = f"carried over: the target of the {e.type} just told"
                    break
    if a2 is None and family == "violence":

        def victims(lo: int, hi: int) -> list[Hit]:
            return [
                h
                for h in ctx.hits_in(lo, hi)
                if h.kind in _VICTIM_KINDS and not h.generic and (a1 is None or h.key != a1.key)
            ]

        before = victims(since, t.start)
        if before:
            a2 = before[-1]
            why["actor2"] = "carried over: the community the passage is about"
        else:
            # "The slaughter and forced migration ... against the Sunnis": named later on
            later = victims(t.end, sentence_end)
            if later:
                a2 = later[0]
                why["actor2"] = "the community the sentence names"
    return a1, a2


def _credit_responsibility(
    ctx: Context, claim: re.Match[str], ss: int, events: list[Event]
) -> None:
    """'Islamic State claimed responsibility for the attack': the doer of the attack just told.

    The event keeps its own status; the explanation says the doer is a claim.
    """
    named = [h for h in ctx.hits_in(ss, claim.start()) if not h.generic]
    if not named:
        return
    who = named[0]
    for e in reversed(events[-4:]):
        if e.type == "ASSAULT" and e.actor1 is None and e.evidence.end >= ss - 600:
            e.actor1 = who.name
            e.explain["actor1"] = "claimed responsibility in a later sentence"
            return


def _named_right_before(ctx: Context, pos: int) -> bool:
    """Does a named actor end just before pos, with only spaces between?"""
    i = bisect_left(ctx.hit_starts, pos) - 1
    for h in ctx.hits[max(0, i - 3) : i + 1]:
        if not h.generic and h.end <= pos and not ctx.text[h.end : pos].strip():
            return True
    return False


_PASSIVE_SUBJECT_BREAK = re.compile(r"\b(?:that|said|says|adding|told)\b")
_INTRANSITIVE_OBJECT = re.compile(
    r"\s+(?:the\s+)?(?:from|out\s+of|against|in\s+front\s+of|outside|toward|towards|on)\b", re.I
)
_QUANTITY_OF = re.compile(
    r"(?:^|[^\w\s]\s*|\b(?:and|but|as)\s+)(?:(?:tens\s+of\s+)?(?:hundreds|thousands|dozens|scores|"
    r"millions)|many|some|most|several|dozen|a\s+number|a\s+group|a\s+crowd|groups|crowds|"
    r"\d[\d,]*)\s+of\s+(?:the\s+)?$",
    re.I,
)
_STRUCK = re.compile(
    r"\s+(?:struck|hit|targeted|slammed\s+into|ripped\s+through|exploded\s+(?:near|at|in|next\s+to))\b",
    re.I,
)
_ON_GAP = re.compile(r"\s+(?:on\s+|upon\s+)?(?:the\s+)?")


def _capital_after(ctx: Context, t: Trigger) -> Hit | None:
    """The government of the capital named right after a verbal trigger, if one is."""
    gap = _ON_GAP.match(ctx.text, t.end)
    if gap is None:
        return None
    at = gap.end()
    for s, e, place in ctx.places_in(at, at + 40):
        if s != at:
            break
        return seat_of_government(place.id, s, e)
    # places that are metonyms were left out of the places: look the word up
    m = re.match(r"[A-Z][a-z]+(?:\s[A-Z][a-z]+)?", ctx.text[at : at + 30])
    if m is None:
        return None
    from dossier.geo.gazetteer import load_gazetteer

    for entry in load_gazetteer().lookup(m.group()):
        if entry.capital and entry.kind != "country":
            return seat_of_government(entry.id, at, at + m.end())
    return None


def _demonym_doer(ctx: Context, t: Trigger, cs: int) -> Hit | None:
    """'Turkish air support', 'urgent American calls': the state is the doer."""
    regex, table = demonyms()
    if not table:
        return None
    if t.pos != "noun":
        return None  # "Iraqi troops withdrew": the demonym names the troops, not the doer
    window = ctx.text[max(cs, t.start - 30) : t.start]
    found = None
    for m in regex.finditer(window):
        found = m
    if found is None or len(window[found.end() :].split()) > 1:
        return None
    a = table[found.group(1)]
    base = max(cs, t.start - 30)
    return Hit(base + found.start(), base + found.end(), a.id, a.name, a.kind, a.country, "demonym")


def _object_pronoun(
    ctx: Context, t: Trigger, ss: int, told: list[Event], a1: Hit | None
) -> Hit | None:
    """'... and kill them': the target of the last event told, else the last group named."""
    for e in reversed(told[-3:]):
        if e.actor2 and e.evidence.end >= ss - 400 and (a1 is None or e.actor2 != a1.name):
            prev = next((h for h in ctx.hits if h.name == e.actor2 and h.end <= t.start), None)
            if prev is not None:
                return prev
    for h in reversed([h for h in ctx.hits if h.end <= t.start and h.start >= ss - 400]):
        if h.kind != "person" and (a1 is None or h.key != a1.key) and not h.generic:
            return h
    return None


def _pronoun_subject(ctx: Context, t: Trigger, cs: int, ss: int, events: list[Event]) -> Hit | None:
    """'They burned homes', 'their raids': who the pronoun stands for.

    Only a subject pronoun a few words before a verb ("they were set to join"), or a
    possessive right before a noun ("their raids"), counts; "it was detonated" has no
    doer to find. The antecedent, in order: the actor a relative pronoun follows; the
    speaker of "X said they"; the doer of the event just told; the first group (or
    person, for he/she) named in the previous sentence.
    """
    text = ctx.text
    base = max(cs, t.start - 40)
    window = text[base : t.start]
    if t.pos == "noun":
        m = _POSSESSIVE_BEFORE.search(window)
    elif t.pos == "verb" or not _BE.search(window):
        m = _SUBJECT_PRONOUN_BEFORE.search(window)
    else:
        m = None  # a passive: its pronoun subject is the target, not the doer
    if m is None:
        return None
    pos = base + m.start()
    word = m.group(1).lower()
    want_person = word in ("he", "she", "his", "her", "who")
    named = [h for h in ctx.hits if h.end <= pos and not h.generic]

    def fits(h: Hit) -> bool:
        if word in ("who", "which"):
            return True
        return want_person == (h.kind == "person") and (want_person or h.kind in _GROUP_KINDS)

    if word in ("who", "which"):
        near = [h for h in named if pos - h.end <= 3]
        return near[-1] if near else None
    if _FRONTED_GERUND.match(text, ss, pos):
        # "By granting its blessing to militias, the Iraqi government ...": the pronoun
        # looks ahead to the subject of the main clause
        comma = text.find(
            ",", pos, ctx.sentences[bisect_right([a for a, _ in ctx.sentences], ss) - 1][1]
        )
        if comma > 0:
            ahead = [h for h in ctx.hits_in(comma, comma + 60) if not h.generic and fits(h)]
            if ahead:
                return ahead[0]
    speech = _SPEECH_BEFORE_PRONOUN.search(text[max(0, pos - 60) : pos])
    if speech:
        speakers = [h for h in named if pos - h.end < 60]
        if speakers and fits(speakers[-1]):
            return speakers[-1]
    # an unnamed armed group ("militias", "gunmen") can be what "they" stands for
    groups = [] if want_person else [h for h in ctx.hits if h.end <= pos and h.generic]
    k = bisect_right([s for s, _ in ctx.sentences], ss) - 1

    def first_named(pool: list[Hit], lo: int, hi: int) -> Hit | None:
        for h in pool:
            if (
                lo <= h.start
                and h.end <= hi
                and (fits(h) or h.generic)
                and not _SPEECH_AFTER.match(text[h.end : h.end + 40])
            ):
                return h  # the subject: the first one named
        return None

    # 1. the subject of the sentence before: "The Sunni forces ... were brought to the
    #    table. They agreed ..."
    if k > 0:
        found = first_named(named, *ctx.sentences[k - 1])
        if found is not None:
            return found
    # 2. the doer of the event just told
    for e in reversed(events[-3:]):
        if e.actor1 and e.evidence.end >= ss - 400 and e.evidence.start < pos:
            prev = next((h for h in reversed(named + groups) if h.name == e.actor1), None)
            if prev is not None and (fits(prev) or prev.generic):
                return prev
            break
    # 3. earlier in this sentence; then an unnamed armed group
    found = first_named(named, ss, pos)
    if found is not None:
        return found
    armed = [h for h in groups if h.kind == "armed_group"]
    for lo, hi in ([ctx.sentences[k - 1]] if k > 0 else []) + [(ss, pos)]:
        found = first_named(armed, lo, hi)
        if found is not None:
            return found
    return None


def _presence_event(
    ctx: Context, ss: int, se: int, found: list[Event], n: int, status_for: Any
) -> Event | None:
    """'X has 7,000 fighters in Y': a personnel count states a deployment."""
    nums = [x for x in ctx.numbers_starting(ss, se) if x.kind == "personnel"]
    if not nums:
        return None
    x = nums[0]
    cs, ce = _clause(ctx.text, ss, se, x.evidence.start)
    named = [
        h
        for h in ctx.hits_in(cs, ce)
        if not h.generic and not _SPEECH_AFTER.match(ctx.text[h.end : h.end + 40])
    ]
    if not named:
        return None
    owner = min(named, key=lambda h: abs(h.start - x.evidence.start))
    places = ctx.places_in(cs, ce) or ctx.places_in(ss, se)
    place = places[0][2].name if places else ctx.default_place
    attr = ctx.attribution_at(x.evidence.start)
    status, cue = status_for(ctx.text, cs, ce, attr, owner.name, owner.kind)
    es, ee = min(cs, owner.start, x.evidence.start), max(ce, owner.end, x.evidence.end)
    if ee - es > MAX_EVIDENCE:
        es, ee = x.evidence.start, x.evidence.end
    date = None
    if ctx.anchor is not None:
        a = ctx.anchor(x.evidence.start)
        date = a[:7] if a else None
    return Event(
        id=f"e{n}",
        type="MOBILIZE",
        mode="presence",
        evidence=Evidence.of(ctx.text, es, ee),
        actor1=owner.name,
        place=place,
        date=date,
        quantities=[Quantity(x.value, x.kind)],
        attributed_to=_credit(attr),
        status=status,
        confidence=0.5,
        explain={
            "trigger": x.evidence.text,
            "trigger_pos": "number",
            "lexicon": "MOBILIZE/presence",
            "actor1": "the named actor nearest a personnel count",
            "status_cue": cue,
        },
    )
