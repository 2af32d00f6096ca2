"""Plain-text files, and what every reader shares: decoding, ids, word counts.

"The text as read" is the decoded file with a leading byte-order mark removed
and line endings turned into ``\\n``; nothing else is changed, so character
offsets into ``Document.text`` are offsets into that text.
"""

from __future__ import annotations

import codecs
import contextlib
import hashlib
import re
from pathlib import Path
from typing import Any

from dossier.ingest.base import DEFAULT_MAX_BYTES
from dossier.ingest.header import parse_date, parse_header
from dossier.ingest.language import detect_language
from dossier.model import Document

_SNIFF_BYTES = 8192
_WORD = re.compile(r"\w+(?:['’\-]\w+)*")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Control bytes that do not occur in text (tab, newlines, form feed, escape do).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27)) + b"\x7f"
_WESTERN_FALLBACK = "cp1252"
# charset-normalizer guesses that mean "some Western single-byte encoding": use cp1252.
_WESTERN_GUESSES = {
    "cp1252",
    "windows-1252",
    "latin_1",
    "iso8859_1",
    "iso8859_15",
    "ascii",
    "mac_roman",
    "cp850",
    "cp437",
}


class ReadFailure(Exception):
    """Raised inside the readers; turned into a :class:`ReadError` by the dispatcher."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class NotText(ReadFailure):
    """The bytes are not text (NUL bytes, mostly control characters)."""


def document_id(text: str) -> str:
    """SHA-256 of the text (UTF-8), first 16 hex characters."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def count_words(text: str) -> int:
    """Number of word tokens (letters/digits, with inner apostrophes and hyphens)."""
    return sum(1 for _ in _WORD.finditer(text))


def format_size(n: int) -> str:
    """A byte count for people: "50 MB", "12 KB", "100 bytes", "63.2 MB"."""
    for unit, size in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if n >= size:
            value = n / size
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{n} bytes" if n != 1 else "1 byte"


def too_large(size: int, max_bytes: int) -> str:
    return f"file is larger than the {format_size(max_bytes)} limit ({format_size(size)})"


def read_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The file's bytes; ReadFailure if it is empty or over ``max_bytes``."""
    try:
        with open(path, "rb") as f:
            data = f.read(max_bytes + 1)
    except OSError as e:
        raise ReadFailure(e.strerror or str(e)) from None
    if len(data) > max_bytes:
        size = len(data)
        with contextlib.suppress(OSError):
            size = max(size, path.stat().st_size)
        raise ReadFailure(too_large(size, max_bytes))
    if not data:
        raise ReadFailure("empty file")
    return data


def read_head(path: Path, n: int = _SNIFF_BYTES) -> bytes:
    try:
        with open(path, "rb") as f:
            return f.read(n)
    except OSError as e:
        raise ReadFailure(e.strerror or str(e)) from None


def looks_binary(head: bytes) -> bool:
    """NUL bytes, or many control bytes, in the first bytes (BOM'd UTF-16/32 is text)."""
    if any(head.startswith(bom) for bom, _ in _BOMS) or _utf16_without_bom(head):
        return False
    if b"\x00" in head:
        return True
    sample = head[:_SNIFF_BYTES]
    if not sample:
        return False
    controls = sum(sample.count(bytes([b])) for b in _CONTROL_BYTES)
    return controls / len(sample) > 0.1


def _utf16_without_bom(head: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' if the bytes look like mostly-ASCII UTF-16 without a BOM."""
    sample = head[: _SNIFF_BYTES - (_SNIFF_BYTES % 2)]
    if len(sample) < 8:
        return None
    even, odd = sample[0::2], sample[1::2]
    pairs = len(odd)
    if odd.count(0) > 0.6 * pairs and even.count(0) < 0.05 * pairs:
        return "utf-16-le"
    if even.count(0) > 0.6 * pairs and odd.count(0) < 0.05 * pairs:
        return "utf-16-be"
    return None


def _western(text: str) -> bool:
    """True if ``text`` reads like a Latin-script language (few non-ASCII letters)."""
    letters = [c for c in text[:100_000] if c.isalpha()]
    if not letters:
        return True
    non_ascii = sum(1 for c in letters if ord(c) > 127)
    return non_ascii / len(letters) < 0.25


def decode_bytes(raw: bytes) -> tuple[str, dict[str, Any]]:
    """Decode a text file: BOMs, UTF-8, UTF-16, cp1252, then charset-normalizer.

    Returns the text (BOM removed, line endings normalised to ``\\n``) and
    metadata about the decoding (``encoding``, ``bom``, ``encoding_errors``).
    Raises :class:`NotText` for binary content. Never fails on undecodable
    bytes: the last resort is cp1252 with replacement characters, flagged.
    """
    text, meta = _decode(raw)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, meta


def _decode(raw: bytes) -> tuple[str, dict[str, Any]]:
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            text = raw[len(bom) :].decode(encoding, errors="replace")
            meta: dict[str, Any] = {"encoding": encoding, "bom": True}
            bad = text.count("\ufffd")
            if bad:
                meta["encoding_errors"] = bad
            return text, meta
    head = raw[:_SNIFF_BYTES]
    utf16 = _utf16_without_bom(head)
    if utf16:
        text = raw.decode(utf16, errors="replace")
        meta = {"encoding": utf16}
        if text.count("\ufffd"):
            meta["encoding_errors"] = text.count("\ufffd")
        return text, meta
    if looks_binary(head):
        raise NotText("binary file, not text")
    try:
        return raw.decode("utf-8"), {"encoding": "utf-8"}
    except UnicodeDecodeError:
        pass
    # Mostly valid UTF-8 with a few stray bytes: UTF-8, with the strays replaced.
    lenient = raw.decode("utf-8", errors="replace")
    bad = lenient.count("\ufffd")
    multibyte = sum(1 for c in lenient if ord(c) > 127) - bad
    if multibyte >= 3 and bad <= max(2, multibyte // 10):
        return lenient, {"encoding": "utf-8", "encoding_errors": bad}
    try:
        cp1252 = raw.decode(_WESTERN_FALLBACK)
    except UnicodeDecodeError:
        cp1252 = None
    if cp1252 is not None and _western(cp1252):
        return cp1252, {"encoding": _WESTERN_FALLBACK}
    guessed = _charset_normalizer(raw)
    if guessed is not None:
        return guessed
    if cp1252 is not None:
        return cp1252, {"encoding": _WESTERN_FALLBACK, "encoding_uncertain": True}
    text = raw.decode(_WESTERN_FALLBACK, errors="replace")
    return text, {
        "encoding": _WESTERN_FALLBACK,
        "encoding_uncertain": True,
        "encoding_errors": text.count("\ufffd"),
    }


def _charset_normalizer(raw: bytes) -> tuple[str, dict[str, Any]] | None:
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(raw).best()
    except Exception:  # a detector bug must not stop the batch
        return None
    if best is None or not best.encoding:
        return None
    encoding = best.encoding
    if encoding.lower().replace("-", "_") in _WESTERN_GUESSES:
        return None  # let the caller use cp1252
    try:
        text = str(best)
    except Exception:
        return None
    if not text.strip():
        return None
    return text, {"encoding": encoding, "encoding_guessed": True}


def make_document(
    text: str,
    *,
    source: str,
    name: str | None,
    fmt: str,
    fields: dict[str, Any] | None = None,
    meta: dict[str, Any] | None = None,
    use_header: bool = True,
) -> Document:
    """Assemble a Document; fields the container did not give come from the text's header.

    ``fields`` may hold ``title``, ``url``, ``outlet``, ``published`` (any date
    form: it is normalised; an unreadable value goes to ``meta['published_raw']``)
    and ``language`` (trusted as given). ``None`` values count as not given.
    """
    fields = {k: v for k, v in (fields or {}).items() if v not in (None, "")}
    meta = dict(meta or {})
    published = fields.get("published")
    if published is not None:
        iso = parse_date(published)
        if iso is None:
            meta.setdefault("published_raw", str(published))
        published = iso
    title, url, outlet = fields.get("title"), fields.get("url"), fields.get("outlet")
    language = fields.get("language")
    if use_header:
        header = parse_header(text)
        title = title or header.title
        url = url or header.url
        outlet = outlet or header.outlet
        published = published or header.published
        language = language or header.language
        if header.author:
            meta.setdefault("author", header.author)
        if header.tags:
            meta.setdefault("tags", header.tags)
        for key, value in header.extra.items():
            meta.setdefault(key, value)
    if language is None:
        language = detect_language(text)
    return Document(
        id=document_id(text),
        text=text,
        source=source,
        title=_clean(title),
        url=_clean(url),
        outlet=_clean(outlet),
        published=published,
        language=_language_code(language),
        words=count_words(text),
        format=fmt,
        name=name,
        meta=meta,
    )


def _language_code(value: Any) -> str | None:
    """Lower-case; "en-US"/"pt_BR" -> "en"/"pt"; anything else as given."""
    if not value:
        return None
    code = str(value).strip().lower()
    m = re.fullmatch(r"([a-z]{2,3})[-_][a-z0-9]{2,8}", code)
    return m.group(1) if m else (code or None)


def _clean(value: Any) -> str | None:
    if value is None:
        return None
    s = " ".join(str(value).split())
    return s or None


def read_txt(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """One Document from a plain-text file; ReadFailure/NotText for bad input."""
    raw = read_bytes(path, max_bytes)
    text, meta = decode_bytes(raw)
    if not text.strip():
        raise ReadFailure("empty file (only whitespace)")
    return make_document(text, source=str(path), name=path.name, fmt="txt", meta=meta)
