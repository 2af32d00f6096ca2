"""PDF files: the text of each page (pypdf), pages separated by a blank line."""

from __future__ import annotations

import contextlib
import io
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from dossier.ingest.base import DEFAULT_MAX_BYTES
from dossier.ingest.header import parse_date
from dossier.ingest.text import ReadFailure, make_document, read_bytes
from dossier.model import Document

PAGE_SEPARATOR = "\n\n"
_EOF_WINDOW = 4096  # "%%EOF" must appear this close to the end of the file
_JUNK_TITLE = re.compile(
    r"^(?:microsoft\s+(?:word|powerpoint|excel)\s*-|untitled\b|document\d*$|slide\s*\d+$)|"
    r"\.(?:docx?|pdf|odt|rtf|pptx?|xlsx?|indd|tex|qxd)$",
    re.IGNORECASE,
)


@contextlib.contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """pypdf logs a warning for every oddity it works around; keep stderr clean."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def _pdf_date(value: Any) -> str | None:
    """'D:20190504120000Z' -> '2019-05-04'."""
    if not value:
        return None
    m = re.match(r"^(?:D:)?(\d{4})(\d{2})?(\d{2})?", str(value).strip())
    if not m:
        return None
    return parse_date("-".join(g for g in m.groups() if g))


def _clean_title(value: Any) -> str | None:
    if not value:
        return None
    title = " ".join(str(value).split())
    if len(title) < 3 or _JUNK_TITLE.search(title):
        return None
    return title


def pdf_document(raw: bytes, *, source: str, name: str | None) -> Document:
    """A Document from PDF bytes; ReadFailure if encrypted, damaged or textless."""
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, PdfReadError

    if b"%%EOF" not in raw[-_EOF_WINDOW:]:
        raise ReadFailure("PDF is damaged or truncated: no end-of-file marker")
    meta: dict[str, Any] = {}
    with _quiet_pypdf():
        try:
            reader = PdfReader(io.BytesIO(raw), strict=False)
            if reader.is_encrypted:
                try:
                    decrypted = reader.decrypt("")
                except Exception as e:  # unsupported algorithm, missing crypto library
                    raise ReadFailure(f"PDF is encrypted ({e})") from None
                if not decrypted:
                    raise ReadFailure("PDF is encrypted")
                meta["encrypted"] = "empty user password"
            pages = list(reader.pages)
        except ReadFailure:
            raise
        except FileNotDecryptedError:
            raise ReadFailure("PDF is encrypted") from None
        except (PdfReadError, Exception) as e:  # pypdf raises many types for bad files
            raise ReadFailure(f"PDF is damaged or truncated: {_describe(e)}") from None

        texts: list[str] = []
        errors: list[int] = []
        for number, page in enumerate(pages, start=1):
            try:
                page_text = page.extract_text() or ""
            except Exception:
                errors.append(number)
                page_text = ""
            texts.append(page_text.replace("\r\n", "\n").replace("\r", "\n").strip("\n"))
        try:
            info = reader.metadata or {}
        except Exception:
            info = {}

    if pages and len(errors) == len(pages):
        raise ReadFailure("PDF is damaged or truncated: no page could be read")
    text = PAGE_SEPARATOR.join(texts)
    if not text.strip():
        raise ReadFailure("no text in PDF (scanned image?)")
    meta["pages"] = len(pages)
    if errors:
        meta["unreadable_pages"] = errors
    title = _clean_title(info.get("/Title"))
    author = info.get("/Author")
    if author and str(author).strip():
        meta["author"] = " ".join(str(author).split())
    created = _pdf_date(info.get("/CreationDate"))
    if created:
        meta["pdf_created"] = created
    # A report's author is usually the organisation that issues it, and its creation
    # date the day it was issued: the publisher and date when the text states none.
    doc = make_document(
        text, source=source, name=name, fmt="pdf", fields={"title": title}, meta=meta
    )
    if doc.outlet is None and meta.get("author"):
        doc.outlet = meta["author"]
    if doc.published is None and created:
        doc.published = created
    return doc


def _describe(e: Exception) -> str:
    message = str(e).strip()
    return message or type(e).__name__


def read_pdf(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    raw = read_bytes(path, max_bytes)
    if b"%PDF-" not in raw[:1024]:
        raise ReadFailure("not a PDF file (no %PDF- header)")
    return pdf_document(raw, source=str(path), name=path.name)
