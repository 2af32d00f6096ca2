"""The speed-ups of the extraction stages find exactly what the plain patterns find.

Each fast path (a pre-filter on where a match can start, a character trie instead of
a flat alternation, a search in the lower-cased text, the words every match must hold)
is checked against the slow form it replaces, on texts built from the data's own words.
"""

from __future__ import annotations

import random
import re

import yaml

from dossier.extract import attribution as attr
from dossier.extract import dates, numbers, relations
from dossier.extract.pipeline import actor_matcher, run
from dossier.normalize import name_key, tokenize

SAMPLE = (
    "BAGHDAD, 14 June 2015 (Reuters) - Gunmen killed 12 civilians and two policemen "
    "in the early hours of Monday near Tikrit, security forces said. The Iran-backed "
    "Badr Organization, led by Hadi al-Amiri, denied the reports. “We will never "
    "abandon our people,” said Brig. Gen. Ali Hassan, the commander of the 5th Division. "
    "A day later, some 3,000 families fled Saadiya; in mid-June, two or three weeks ago, "
    "the militias — linked to Kata'ib Hezbollah — were reportedly paid $2 million. "
    "Since early 2014, according to the U.N., about a dozen villages were shelled.\n\n"
    "Posted on 19 October 2016\nThe following day the Popular Mobilization Forces "
    "(PMF) said it would withdraw by the end of March next year."
)


def _texts(words: list[str], n: int = 300, seed: int = 7) -> list[str]:
    rnd = random.Random(seed)
    out = [SAMPLE, SAMPLE.upper(), SAMPLE.lower(), SAMPLE.replace("’", "'")]
    glue = [" ", " ", " ", ", ", "-", ". ", "\n", "  ", "'s "]
    for _ in range(n):
        k = rnd.randint(2, 8)
        out.append("".join(rnd.choice(words) + rnd.choice(glue) for _ in range(k)))
    return out


def _data_words(path) -> list[str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    words: list[str] = []

    def walk(v):
        if isinstance(v, str):
            words.append(v)
        elif isinstance(v, (int, float)) and not isinstance(v, bool):
            words.append(str(v))
        elif isinstance(v, list):
            for x in v:
                walk(x)
        elif isinstance(v, dict):
            for k, x in v.items():
                walk(str(k))
                walk(x)

    walk(data)
    return words


def test_date_matches_are_the_master_patterns():
    words = _data_words(dates.DATA_FILE) + ["2015", "14", "3rd", "1999", "June", "the", "of"]
    g = dates._G
    assert g.master_starts is not None
    for text in _texts(words):
        assert [m.span() for m in g.matches(text)] == [m.span() for m in g.master.finditer(text)]
        for p in range(len(text)):
            if g.master.match(text, p):
                assert g.master_starts.match(text, p), text[p : p + 30]


def test_number_matches_are_the_master_pattern():
    rx = numbers._compiled(None)
    assert rx.master_starts is not None
    d = rx.data
    words = [*d.units, *d.tens, *d.multipliers, *d.fractions, "a", "an", "one", "3,000"]
    words += ["12", "2.5", "+964 770", "May", "Jan.", "half", "bn", "$", "%"]
    for text in _texts(words):
        got = [m.span() for m in numbers._master_matches(rx, text)]
        assert got == [m.span() for m in rx.master.finditer(text)]


def test_generic_actor_search_is_the_alternation():
    m = actor_matcher()
    words = sorted(m.rules.generic)
    plain = re.compile(
        r"\b(" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")\b",
        re.IGNORECASE,
    )
    for text in _texts([*words, *(w.title() for w in words), "x", "armed", "Islamic State"]):
        want = [(x.span(), x.group(1).lower()) for x in plain.finditer(text)]
        assert [(x.span(), x.group(1).lower()) for x in m._generic_re.finditer(text)] == want
        if m._generic_lower is not None and text.isascii():
            low = m._generic_lower.finditer(text.lower())
            assert [(x.span(), x.group(1)) for x in low] == want


def test_attribution_tries_are_the_alternations():
    rx = attr._compiled()
    d = rx.d
    sets = [
        (rx.cue, rx.cue_low, list(rx.roles), r"(?<![\w'’-])(?:{})(?![\w-])"),
        (rx.status_ci, rx.status_ci_low, list(rx.status_class), r"(?<![\w'’-])(?:{})(?![\w'’-])"),
        (rx.acts, rx.acts_low, list(d.act_verbs), r"(?<![\w-])(?:{})(?![\w-])"),
    ]
    for fast, low_rx, phrases, frame in sets:
        plain = re.compile(frame.format(attr._alt(phrases)), re.IGNORECASE)
        variants = [
            *phrases,
            *(p.upper() for p in phrases),
            *(p.replace("'", "’") for p in phrases),
        ]
        for text in _texts([*variants, "he", "the", "x-"], n=150):
            want = [x.span() for x in plain.finditer(text)]
            assert [x.span() for x in fast.finditer(text)] == want
            if low_rx is not None and attr._plain_case(text):
                assert [x.span() for x in low_rx.finditer(text.lower())] == want


def test_relation_patterns_hold_their_required_words():
    rules = relations.default_rules()
    rnd = random.Random(3)
    texts = _texts(["Iran", "backed", "militias", "linked", "to", "the", "IRGC", "said"], n=100)
    for p in rules.patterns:
        if p.required is None:
            continue
        for text in texts:
            low = text.lower() if relations._plain_case(text) else None
            for _ in range(5):
                a = rnd.randrange(len(text))
                b = min(len(text), a + rnd.randint(1, 200))
                if p.regex.search(text, a, b):
                    assert relations._may_hold(low, p.required, a, b)
    # the words every match must hold: a text without them is skipped
    req = relations.required_words(re.compile(r"(?:militias?|groups)\s+(?:backed|funded)\s+by"))
    assert req == ("backed", "funded")
    assert not relations._may_hold("militias armed by iran", req, 0, 22)
    assert relations._may_hold("militias backed by iran", req, 0, 23)


def test_tokens_and_name_keys():
    toks = tokenize("Al-Abadi met U.S. envoys")
    assert [t.text for t in toks] == ["Al", "Abadi", "met", "U.S.", "envoys"]
    assert toks[0].hyphen_after and not toks[1].hyphen_after
    long_name = "Qassem Suleimani " * 10
    assert name_key(long_name) == " ".join([name_key("Qassem Suleimani")] * 10)


def test_pipeline_twice_gives_the_same_record():
    # caches filled by the first run (place resolutions, status cues, keys) change nothing
    a = run(SAMPLE, "2015-06-14")._.dossier
    b = run(SAMPLE, "2015-06-14")._.dossier
    for key in ("actor_hits", "places", "dates", "numbers", "attributions", "relations"):
        assert repr(a[key]) == repr(b[key]), key


def test_first_character_guard_keeps_the_matches():
    for pattern in (r"\bmay\b|(?:(?<=\n)|(?<=\) ))To\s+[a-z]+", r"(?P<a>[Ss]aid)|x*y", r"(?i)abc"):
        plain = re.compile(pattern)
        guarded = attr._first_char_guard(pattern)
        for text in _texts(["may", "To do", ") To go", "said", "Said", "xxy", "y", "ABC"], n=100):
            want = [(m.span(), m.lastgroup) for m in plain.finditer(text)]
            assert [(m.span(), m.lastgroup) for m in guarded.finditer(text)] == want
    rx = attr._compiled()
    assert rx.status.pattern.startswith("(?=[")  # the data's status patterns are guarded
