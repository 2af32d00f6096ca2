"""Sentences of scraped reports, robust to their layout.

Scraped pages are not tidy prose: a headline without a full stop, a date line,
a byline, captions, list items, a "Comments" tail, and lines that a scraper
broke in the middle of a sentence. The rules, in order:

* a blank line always ends a sentence (paragraphs, headlines, captions);
* a line break ends a sentence when the line ends with terminal punctuation or
  the next line starts with an upper-case letter, a digit, a bullet or a quote
  and the line is short (a heading or list item); otherwise the line was broken
  mid-sentence and continues;
* inside a line, ``.``, ``!`` or ``?`` (with closing quotes or brackets) followed
  by a space and an upper-case letter, digit or quote ends a sentence, except
  after a known abbreviation ("Gen.", "Oct.", "U.S.") or an initial ("J.").

:func:`content_end` finds where the article ends and a comment section or a
"related articles" tail begins, so that later stages can ignore the tail.
"""

from __future__ import annotations

import re

ABBREVIATIONS = frozenset(
    [
        "gen",
        "brig",
        "maj",
        "col",
        "lt",
        "capt",
        "sgt",
        "cpl",
        "adm",
        "cmdr",
        "gov",
        "sen",
        "rep",
        "rev",
        "dr",
        "mr",
        "mrs",
        "ms",
        "prof",
        "st",
        "jr",
        "sr",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "no",
        "nos",
        "vol",
        "pp",
        "p",
        "fig",
        "inc",
        "co",
        "corp",
        "ltd",
        "vs",
        "etc",
        "approx",
        "dept",
        "est",
        "mt",
        "ft",
        "u.s",
        "u.n",
        "u.k",
        "e.g",
        "i.e",
        "al",
    ]
)
_END = re.compile(r"""[.!?]+["'”’)\]]*(?=\s+["'“‘(\[]?[A-Z0-9])""")
_LINE_END_PUNCT = re.compile(r"""[.!?:;]["'”’)\]]*\s*$""")
_CONTINUES = re.compile(
    r"(,|\b(the|a|an|of|and|or|to|in|on|by|for|with|from|at|as|that|which|who|its|their|his|her))\s*$",
    re.IGNORECASE,
)
# "Title: ...", "Published: ...": a scraper's header line is a unit of its own
_HEADER_LINE = re.compile(r"[ \t]*[A-Z][A-Za-z]{1,15}(?: [A-Za-z]{1,15})?:[ \t]")
_NEXT_LOOK = 40  # longer than any match of _HEADER_LINE
_PLAIN_WORD = re.compile(r"[a-z]+[ ,]")  # "in Baghdad", not "mosul_offensive.jpg"
_BLANK = re.compile(r"\n[ \t]*\n\s*")
_TAIL = re.compile(
    r"^[ \t]*(comments?|\d+\s+comments?|post a comment|leave a (reply|comment)|add (a )?comment|"
    r"related (articles|posts|stories)|read more|you may also like|share this:?|"
    r"share this article|about the author)\s*:?\s*$",
    re.IGNORECASE | re.MULTILINE,
)


def content_end(text: str) -> int:
    """Offset where a trailing comment section or related-links tail starts.

    Only a marker in the last third of the text counts, so a heading called
    "Comments" near the top does not cut the article.
    """
    for m in _TAIL.finditer(text):
        if m.start() >= len(text) * 2 // 3:
            return m.start()
    return len(text)


def _abbrev_before(text: str, dot: int) -> bool:
    """Is the period at ``dot`` part of an abbreviation or an initial?"""
    j = dot
    while j > 0 and (text[j - 1].isalpha() or text[j - 1] == "."):
        j -= 1
    word = text[j:dot].lower()
    if not word:
        return False
    if len(word) == 1 and word.isalpha():
        return True  # an initial: "J. Smith", or "U.S." built letter by letter
    return word in ABBREVIATIONS or word.rstrip(".") in ABBREVIATIONS


def _split_line(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    s = start
    for m in _END.finditer(text, start, end):
        if text[m.start()] == "." and _abbrev_before(text, m.start()):
            continue
        out.append((s, m.end()))
        s = m.end()
    out.append((s, end))
    return out


def _trim(text: str, s: int, e: int) -> tuple[int, int] | None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return (s, e) if e > s else None


def split_sentences(text: str, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` of ``text[:end]``, whitespace trimmed."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    para_start = 0
    blocks = []
    for m in _BLANK.finditer(text, 0, end):
        nxt = m.end()
        prev_line_end = text[max(para_start, m.start() - 2) : m.start()]
        if (
            nxt < end
            and text[nxt].islower()
            and _PLAIN_WORD.match(text, nxt)
            and not _LINE_END_PUNCT.search(prev_line_end)
            and m.start() - para_start > 20
        ):
            continue  # a sentence a scraper broke across a blank line: "... were\n\nin Baghdad"
        blocks.append((para_start, m.start()))
        para_start = nxt
    blocks.append((para_start, end))
    for bs, be in blocks:
        # join lines broken mid-sentence; cut where a line break ends a unit
        unit_start = bs
        pos = bs
        while True:
            nl = text.find("\n", pos, be)
            if nl < 0:
                break
            line = text[pos:nl]
            # the start of the next line (enough for its first character and a
            # header label, at most 34 characters): no copy of the rest of the block
            j = nl + 1
            while j < be and text[j] in " \t":
                j += 1
            nxt = text[j : min(be, j + _NEXT_LOOK)]
            ends_unit = (
                bool(_LINE_END_PUNCT.search(line))
                or _HEADER_LINE.match(line)
                or _HEADER_LINE.match(nxt)
                or (
                    (nxt[:1].isupper() or nxt[:1].isdigit() or nxt[:1] in "-*•–—\"“'‘")
                    and not _CONTINUES.search(line)
                    and (len(line.strip()) < 60 or nxt[:1] in "-*•–—")
                )
            )
            blank_cut = not line.strip() and not text[nl + 1 : nl + 200].lstrip()[:1].islower()
            if ends_unit or blank_cut:
                for s, e in _split_line(text, unit_start, nl):
                    t = _trim(text, s, e)
                    if t:
                        spans.append(t)
                unit_start = nl + 1
            pos = nl + 1
        for s, e in _split_line(text, unit_start, be):
            t = _trim(text, s, e)
            if t:
                spans.append(t)
    return spans
