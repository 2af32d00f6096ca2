"""Matching keys for names: one key for the many spellings of one name.

Reporting on the region spells the same name many ways: "Qods"/"Quds",
"Soleimani"/"Suleimani", "Qasem"/"Qassem"/"Qasim", "Kata'ib"/"Kataib",
"al-Maliki"/"Al Maliki"/"Maliki", "Taqavi"/"Taghavi". Rather than listing every
spelling in the knowledge base, both the knowledge-base aliases and the text are
reduced to the same *key*, token by token:

* case, accents, apostrophes (straight, curly, ayn and hamza marks) and a
  possessive ``'s`` are dropped;
* the Arabic article (``al``/``el`` anywhere, and the assimilated ``ad-``,
  ``as-``, ``ash-``, ``ar-``… when hyphenated to the next word) and the Persian
  ezafe ``-e-`` are dropped;
* consonant spellings that transliterations swap are merged (q/gh/k/c,
  ph/f, dh/d, th/t when doubled letters collapse, w/ou), and inside a word the
  vowels fall into two classes, a/e/i/y and o/u, with runs collapsed.

The folding is deliberately coarse: a key is only compared with the keys of the
knowledge base, and a match must also agree on capitalisation, so the risk of
two real names colliding is checked at load time (``dossier kb check``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache, partial
from itertools import repeat
from typing import NamedTuple

# A word token: letters/digits with inner apostrophes; hyphens separate tokens
# (their presence is recorded so hyphenated articles can be recognised).
# Dotted acronyms such as "U.S." or "U.N." are one token.
TOKEN_RE = re.compile(r"(?:[A-Z]\.){2,}|[^\W_]+(?:['’ʼʿ`][^\W_]+)*(?:['’]s\b)?", re.UNICODE)

_APOSTROPHES = "'’ʼʿ`‘"
ARTICLES = frozenset({"al", "el"})
HYPHEN_ARTICLES = frozenset({"ad", "as", "ash", "ar", "an", "at", "az", "ath", "ul", "e", "i"})
# no longer token can be an article (a cheap test before :func:`is_article`)
ARTICLE_MAX_LEN = max(len(w) for w in ARTICLES | HYPHEN_ARTICLES)
_TOKEN_EQUIV = {
    "abdul": "abd",
    "abdel": "abd",
    "abdal": "abd",
    "abdol": "abd",
    "ibn": "bin",
    "ben": "bin",
}

_CONSONANTS = [
    ("sch", "sh"),
    ("gh", "k"),
    ("q", "k"),
    ("ck", "k"),
    ("c", "k"),
    ("ph", "f"),
    ("dh", "d"),
    ("ou", "u"),
    ("w", "u"),
    ("v", "u"),
]
_VOWEL_CLASS = str.maketrans({"e": "a", "i": "a", "y": "a", "o": "u"})
_RUNS = re.compile(r"(.)\1+")


def strip_accents(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c))


@lru_cache(maxsize=200_000)
def token_key(token: str) -> str:
    """The matching key of one word token (no spaces in, none out)."""
    t = strip_accents(token).lower()
    if len(t) > 2 and t[-2] in _APOSTROPHES and t[-1] == "s":
        t = t[:-2]
    for a in _APOSTROPHES:
        t = t.replace(a, "")
    t = t.replace(".", "")
    t = _TOKEN_EQUIV.get(t, t)
    if not t or not t.isalpha():
        return t
    for a, b in _CONSONANTS:
        t = t.replace(a, b)
    first, rest = t[0], t[1:]
    first = {"e": "i", "o": "u"}.get(first, first)
    rest = rest.translate(_VOWEL_CLASS)
    # a final h after a vowel is a transliteration of ta marbuta: Dawah/Dawa
    if len(rest) > 2 and rest.endswith("h") and rest[-2] in "au":
        rest = rest[:-1]
    return _RUNS.sub(r"\1", first + rest)


class Token(NamedTuple):
    """A word token of a text with its span and matching key.

    A named tuple: a text has tens of thousands of tokens, and tuples are built
    without running Python code per token (see :func:`tokenize`).
    """

    start: int
    end: int
    text: str
    key: str
    hyphen_after: bool


_new_token = partial(tuple.__new__, Token)
_span_start = re.Match.start
_span_end = re.Match.end
_group = re.Match.group


def tokenize(text: str) -> list[Token]:
    """Word tokens of ``text`` with their keys, in order."""
    found = list(TOKEN_RE.finditer(text))
    words = list(map(_group, found))
    ends = list(map(_span_end, found))
    return list(
        map(
            _new_token,
            zip(
                map(_span_start, found),
                ends,
                words,
                map(token_key, words),
                map(text.startswith, repeat("-"), ends),
                strict=True,
            ),
        )
    )


def is_article(tokens: list[Token], i: int) -> bool:
    """Is tokens[i] an article to drop (``al``, or ``ad-``/``as-``… before a hyphen)?"""
    tok = tokens[i]
    low = tok.text.lower()
    if low in ARTICLES:
        return i + 1 < len(tokens)
    if low not in HYPHEN_ARTICLES or i == 0:
        return False
    return tok.hyphen_after or (low == "e" and tokens[i - 1].hyphen_after)


def name_key(name: str) -> str:
    """The key of a whole name: token keys joined by spaces, articles dropped."""
    if len(name) <= 80:  # a name: the same few recur, so their keys are kept
        return _short_name_key(name)
    return _name_key(name)


def _name_key(name: str) -> str:
    toks = tokenize(name)
    keys = [t.key for i, t in enumerate(toks) if not is_article(toks, i) and t.key]
    return " ".join(keys)


_short_name_key = lru_cache(maxsize=100_000)(_name_key)


def scorer_norm(s: str | None) -> str:
    """Loose comparison form (case, accents, punctuation, leading article)."""
    if not s:
        return ""
    s = strip_accents(s).lower()
    s = re.sub(r"['`’‘]", "", s)
    s = re.sub(r"[^a-z0-9]+", " ", s).strip()
    for p in ("the ", "al ", "el "):
        if s.startswith(p):
            s = s[len(p) :]
    return s
