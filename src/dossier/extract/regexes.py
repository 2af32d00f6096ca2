"""Regular-expression helpers shared by the extraction stages."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

__all__ = ["first_char_guard", "plain_case", "trie"]

_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def trie(
    phrases: Iterable[str], *, flexible_space: bool = False, any_apostrophe: bool = False
) -> str:
    """An alternation of phrases compiled as a character trie.

    Python's regex engine skips a branch that starts with a non-matching literal
    almost for free, so a trie is much faster to fail than a flat alternation of
    many phrases (most positions in a text start none of them). Of two phrases
    one of which is a prefix of the other, the longer is tried first.

    ``flexible_space``: runs of spaces in a phrase match any run of whitespace.
    ``any_apostrophe``: a straight apostrophe also matches a curly one.
    """
    root: dict[str, dict] = {}
    for p in set(phrases):
        node = root
        for ch in " ".join(p.split()) if flexible_space else p:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        branches = []
        for ch in sorted(k for k in node if k):
            if flexible_space and ch == " ":
                tok = r"\s+"
            elif any_apostrophe and ch == "'":
                tok = "['’]"
            else:
                tok = re.escape(ch)
            branches.append(tok + emit(node[ch]))
        if not branches:
            return ""
        if len(branches) == 1 and "" not in node:
            return branches[0]
        body = "(?:" + "|".join(branches) + ")"
        return body + "?" if "" in node else body

    return emit(root)


def plain_case(text: str) -> bool:
    """Is every non-ASCII character of ``text`` caseless? Then lower-casing keeps the
    offsets, and a case-insensitive search for ASCII words is a plain one in the
    lower-cased copy. (Only the non-ASCII characters are looked at: most texts have
    none, or a few quotation marks and dashes.)"""
    if text.isascii():
        return True
    return all(c.lower() == c == c.upper() for c in set("".join(_NON_ASCII.findall(text))))


def _first_chars(items: Any) -> tuple[set[str] | None, bool]:
    """(the characters a match of a parsed regex sequence can begin with, whether it
    can match without consuming any); None for the characters when any may."""
    out: set[str] = set()
    for op, av in items:
        chars, empty = _first_of(op, av)
        if chars is None:
            return None, False
        out |= chars
        if not empty:
            return out, False
    return out, True


def _first_of(op: Any, av: Any) -> tuple[set[str] | None, bool]:
    name = str(op)
    if name in ("AT", "ASSERT", "ASSERT_NOT"):
        return set(), True  # zero-width
    if name == "LITERAL":
        return {chr(av)}, False
    if name == "IN":
        chars: set[str] = set()
        for o, a in av:
            if str(o) == "LITERAL":
                chars.add(chr(a))
            elif str(o) == "RANGE" and a[1] - a[0] < 256:
                chars.update(chr(c) for c in range(a[0], a[1] + 1))
            else:
                return None, False
        return chars, False
    if name == "SUBPATTERN":
        if av[1] or av[2]:
            return None, False  # flags change inside: no shortcut
        return _first_chars(av[-1])
    if name == "BRANCH":
        out: set[str] = set()
        empty = False
        for branch in av[1]:
            chars, e = _first_chars(branch)
            if chars is None:
                return None, False
            out |= chars
            empty = empty or e
        return out, empty
    if name in ("MAX_REPEAT", "MIN_REPEAT"):
        chars, e = _first_chars(av[2])
        return chars, e or av[0] == 0
    return None, False  # any character, a group referred back to ...


def first_char_guard(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``pattern`` compiled with a look-ahead on the characters a match can begin
    with, so that the engine passes over other positions quickly (same matches)."""
    try:
        from re import _parser  # type: ignore[attr-defined]

        first, empty = _first_chars(_parser.parse(pattern, flags))
    except Exception:  # an unexpected parse tree: no shortcut
        first, empty = None, True
    if not first or empty:
        return re.compile(pattern, flags)
    cls = "".join(re.escape(c) for c in sorted(first))
    try:
        return re.compile(f"(?=[{cls}])(?:{pattern})", flags)
    except re.error:  # e.g. a global inline flag that must open the pattern
        return re.compile(pattern, flags)
