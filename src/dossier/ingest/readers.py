"""Which files to read, and reading one file whatever its format.

:func:`expand_inputs` turns the paths, folders and glob patterns given on the
command line into a list of files; :func:`read_file` reads one file into
Documents (one per file, or one per JSON Lines record). Neither raises for bad
input: problems come back as :class:`ReadError` values naming the path.
"""

from __future__ import annotations

import errno
import glob
import os
import re
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from dossier.ingest.base import DEFAULT_MAX_BYTES, ReadError
from dossier.ingest.html import read_html
from dossier.ingest.jsonl import read_jsonl
from dossier.ingest.pdf import read_pdf
from dossier.ingest.text import (
    NotText,
    ReadFailure,
    document_id,
    looks_binary,
    make_document,
    read_head,
    read_txt,
    too_large,
)
from dossier.model import Document

__all__ = ["document_id", "expand_inputs", "read_file", "read_text", "file_format"]

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown", ".rst", ".log"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
PDF_SUFFIXES = frozenset({".pdf"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson", ".jsonlines"})
# Formats Dossier does not read; reported without opening the file.
UNSUPPORTED_SUFFIXES = frozenset(
    {
        ".doc",
        ".docx",
        ".odt",
        ".rtf",
        ".xls",
        ".xlsx",
        ".ods",
        ".ppt",
        ".pptx",
        ".odp",
        ".epub",
        ".zip",
        ".gz",
        ".tgz",
        ".bz2",
        ".xz",
        ".tar",
        ".7z",
        ".rar",
        ".png",
        ".jpg",
        ".jpeg",
        ".gif",
        ".bmp",
        ".tif",
        ".tiff",
        ".webp",
        ".svg",
        ".mp3",
        ".mp4",
        ".wav",
        ".avi",
        ".mov",
        ".mkv",
        ".exe",
        ".dll",
        ".so",
        ".bin",
        ".sqlite",
        ".db",
        ".pyc",
    }
)
# Files a folder walk skips besides hidden ones: system and editor droppings.
_JUNK_NAMES = frozenset({"thumbs.db", "desktop.ini"})
# A folder's own notes (README.md, LICENSE) describe the folder: a walk skips
# them; naming such a file explicitly still reads it.
_FOLDER_NOTES = frozenset({"README", "LICENSE", "LICENCE", "CHANGELOG", "CONTRIBUTING"})
_GLOB_CHARS = re.compile(r"[*?\[]")
_HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)


def file_format(path: Path) -> str | None:
    """'txt' | 'html' | 'pdf' | 'jsonl' from the file name; 'unsupported'; None if unknown."""
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return "txt"
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in PDF_SUFFIXES:
        return "pdf"
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in UNSUPPORTED_SUFFIXES or suffix == ".json":
        return "unsupported"
    return None


def _sniff(head: bytes) -> str | None:
    """Format from the first bytes: 'pdf', 'html', 'txt', or None for binary."""
    if head.lstrip()[:5] == b"%PDF-":
        return "pdf"
    probe = head.lstrip(b"\xef\xbb\xbf")
    if _HTML_START.match(probe[:2048]):
        return "html"
    if looks_binary(head):
        return None
    return "txt"


def _unsupported(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix == ".json":
        return "unsupported file type (.json): write one record per line as JSON Lines (.jsonl)"
    return f"unsupported file type ({suffix})" if suffix else "unsupported file type"


def _os_reason(e: OSError) -> str:
    return e.strerror or str(e)


def read_file(
    path: Path | str, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Document | ReadError]:
    """Documents in one file (one for txt/html/pdf, one per record for .jsonl),
    or ReadErrors naming the file (and line for JSON Lines) and the reason.

    Never raises for bad input. The format comes from the file name (``.txt``,
    ``.md``, ``.html``, ``.pdf``, ``.jsonl`` ...); for an unknown extension the
    content decides (PDF, HTML, or text; binary content is "unsupported file type").
    A file larger than ``max_bytes`` is reported, not read.
    """
    path = Path(path)
    try:
        yield from _read_file(path, max_bytes)
    except ReadFailure as e:
        yield ReadError(str(path), e.reason)
    except Exception as e:  # a reader bug must not stop the batch
        yield ReadError(str(path), f"unexpected error: {type(e).__name__}: {e}")


def _read_file(path: Path, max_bytes: int) -> Iterator[Document | ReadError]:
    source = str(path)
    try:
        st = path.stat()
    except OSError as e:
        yield ReadError(source, _os_reason(e))
        return
    if stat.S_ISDIR(st.st_mode):
        yield ReadError(source, os.strerror(errno.EISDIR))
        return
    if not stat.S_ISREG(st.st_mode):
        yield ReadError(source, "not a regular file")
        return
    if not os.access(path, os.R_OK):
        yield ReadError(source, os.strerror(errno.EACCES))
        return
    fmt = file_format(path)
    if fmt == "unsupported":
        yield ReadError(source, _unsupported(path))
        return
    if st.st_size == 0:
        yield ReadError(source, "empty file")
        return
    if st.st_size > max_bytes:
        yield ReadError(source, too_large(st.st_size, max_bytes))
        return
    if fmt == "jsonl":
        yield from read_jsonl(path, max_bytes)
        return
    known = fmt is not None
    if fmt in (None, "txt"):
        sniffed = _sniff(read_head(path))
        if fmt is None and sniffed is None:
            yield ReadError(source, _unsupported(path))
            return
        if sniffed == "pdf" or fmt is None:
            fmt = sniffed
    try:
        if fmt == "pdf":
            yield read_pdf(path, max_bytes)
        elif fmt == "html":
            yield read_html(path, max_bytes)
        else:
            yield read_txt(path, max_bytes)
    except NotText as e:
        yield ReadError(source, e.reason if known else _unsupported(path))


def read_text(text: str, *, name: str = "<text>", **meta: object) -> Document:
    """A Document from a string (used by ``dossier.extract(text)``).

    The text is kept exactly as given (offsets refer to it). Keyword arguments
    ``title``, ``url``, ``outlet``, ``published``, ``language``, ``source`` and
    ``format`` set those fields; anything else goes to ``meta``. Fields not given
    come from the text's header lines, the language from detection.
    """
    meta = dict(meta)
    fields = {
        k: meta.pop(k) for k in ("title", "url", "outlet", "published", "language") if k in meta
    }
    source = meta.pop("source", None)
    fmt = meta.pop("format", None)
    return make_document(
        text,
        source=str(source) if source is not None else name,
        name=name,
        fmt=str(fmt) if fmt else "txt",
        fields=fields,
        meta=meta,
    )


# ---------------------------------------------------------------------------
# Inputs


def _hidden(name: str) -> bool:
    return name.startswith(".")


def _skipped_file(name: str) -> bool:
    return (
        _hidden(name)
        or name.lower() in _JUNK_NAMES
        or name.startswith("~$")  # office lock files
        or name.endswith("~")  # editor backups
        or name.upper().split(".")[0] in _FOLDER_NOTES  # a folder's own notes, not a report
    )


def _sort_key(path: Path) -> tuple[tuple[str, str], ...]:
    return tuple((part.casefold(), part) for part in path.parts)


def _walk(folder: Path) -> tuple[list[Path], list[ReadError]]:
    files: list[Path] = []
    errors: list[ReadError] = []

    def onerror(e: OSError) -> None:
        errors.append(ReadError(str(e.filename or folder), _os_reason(e)))

    for root, dirs, names in os.walk(folder, onerror=onerror):
        dirs[:] = sorted(d for d in dirs if not _hidden(d))
        for name in names:
            if _skipped_file(name):
                continue
            files.append(Path(root) / name)
    return files, errors


def _add_file(path: Path, files: list[Path], errors: list[ReadError]) -> None:
    try:
        st = path.stat()
    except OSError as e:
        errors.append(ReadError(str(path), _os_reason(e)))
        return
    if not stat.S_ISREG(st.st_mode):
        errors.append(ReadError(str(path), "not a regular file"))
    elif not os.access(path, os.R_OK):
        errors.append(ReadError(str(path), os.strerror(errno.EACCES)))
    else:
        files.append(path)


def _expand_one(item: str) -> tuple[list[Path], list[ReadError]]:
    files: list[Path] = []
    errors: list[ReadError] = []
    path = Path(item).expanduser()
    try:
        st = path.stat()
    except FileNotFoundError:
        st = None
    except OSError as e:
        return [], [ReadError(str(path), _os_reason(e))]
    if st is not None and stat.S_ISDIR(st.st_mode):
        if not os.access(path, os.R_OK | os.X_OK):
            return [], [ReadError(str(path), os.strerror(errno.EACCES))]
        found, errors = _walk(path)
    elif st is not None:
        found = [path]
    elif _GLOB_CHARS.search(item):
        matches = sorted(glob.glob(os.path.expanduser(item), recursive=True))
        if not matches:
            return [], [ReadError(item, "no files match the pattern")]
        found = []
        for match in matches:
            p = Path(match)
            if os.path.isdir(p):
                sub, sub_errors = _walk(p)
                found.extend(sub)
                errors.extend(sub_errors)
            elif not _skipped_file(p.name):
                found.append(p)
    else:
        reason = os.strerror(errno.ENOENT)
        if path.is_symlink():
            reason = f"broken symbolic link ({reason})"
        return [], [ReadError(item, reason)]
    for p in sorted(found, key=_sort_key):
        _add_file(p, files, errors)
    return files, errors


def expand_inputs(inputs: Iterable[str | Path]) -> tuple[list[Path], list[ReadError]]:
    """Files to read, in a stable sorted order: a file as is, a folder recursively
    (skipping hidden files/dirs), a glob pattern expanded (``**`` recursive); a
    path that does not exist or cannot be read gives a ReadError (path, reason).

    Files are sorted within each input (by path, case-insensitively), inputs keep
    their order, and a file reached twice is listed once.
    """
    files: list[Path] = []
    errors: list[ReadError] = []
    seen: set[str] = set()
    for item in inputs:
        found, item_errors = _expand_one(str(item))
        errors.extend(item_errors)
        for path in found:
            key = os.path.realpath(path)
            if key not in seen:
                seen.add(key)
                files.append(path)
    return files, errors
