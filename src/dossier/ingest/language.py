"""Which language a document is written in (py3langid, offline).

Returns ISO 639-1 codes ("en", "fr", "ar"); a few regional varieties that the
model labels with three-letter codes are folded into their language
("arz" -> "ar"). ``None`` when the text is too short to tell.
"""

from __future__ import annotations

import re
import threading
from typing import Any

MIN_LETTERS = 20  # below this, no guess
_SHORT_TEXT_LETTERS = 200  # below this, a low-confidence guess is dropped
_MIN_CONFIDENCE = 0.5
_SAMPLE_CHARS = 20_000

# py3langid labels that are not ISO 639-1, mapped where a macrolanguage code exists.
_TO_ISO639_1 = {
    "ary": "ar",  # Moroccan Arabic
    "arz": "ar",  # Egyptian Arabic
    "uzs": "uz",  # Southern Uzbek
    "sdh": "ku",  # Southern Kurdish
    "gug": "gn",  # Paraguayan Guarani
    "wuu": "zh",  # Wu Chinese
    "yue": "zh",  # Cantonese
    "nn": "no",
}

_URL = re.compile(r"\bhttps?://\S+|\bwww\.\S+", re.IGNORECASE)

_identifier: Any = None
_lock = threading.Lock()


def _get_identifier() -> Any:
    global _identifier
    if _identifier is None:
        with _lock:
            if _identifier is None:
                from py3langid.langid import MODEL_FILE, LanguageIdentifier

                _identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return _identifier


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the language of ``text``, or ``None`` if too short to tell."""
    sample = _URL.sub(" ", text[:_SAMPLE_CHARS])
    letters = sum(1 for c in sample if c.isalpha())
    if letters < MIN_LETTERS:
        return None
    lang, prob = _get_identifier().classify(sample)
    if lang == "zxx":  # "no linguistic content"
        return None
    if lang != "en" and letters < _SHORT_TEXT_LETTERS * 10 and _english_share(sample) >= 0.15:
        # short English texts full of names ("Islamic State fighters killed 12 villagers
        # near Baiji") fool the classifier; English function words do not lie
        return "en"
    if letters < _SHORT_TEXT_LETTERS and prob < _MIN_CONFIDENCE:
        return None
    return _TO_ISO639_1.get(lang, lang)


_ENGLISH_FUNCTION_WORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "in",
        "on",
        "at",
        "to",
        "from",
        "by",
        "with",
        "and",
        "or",
        "but",
        "that",
        "which",
        "who",
        "was",
        "were",
        "is",
        "are",
        "has",
        "have",
        "had",
        "been",
        "be",
        "it",
        "its",
        "their",
        "his",
        "her",
        "they",
        "he",
        "she",
        "this",
        "these",
        "those",
        "near",
        "after",
        "before",
        "since",
        "said",
        "says",
        "for",
        "as",
        "not",
        "no",
    ]
)
_WORD = re.compile(r"[^\W\d_]+")


def _english_share(text: str) -> float:
    words = [w.lower() for w in _WORD.findall(text[:5000])]
    if not words:
        return 0.0
    return sum(w in _ENGLISH_FUNCTION_WORDS for w in words) / len(words)
