"""Ingest: read files into documents and store each one, exactly once.

The unit of work is one document, one transaction (see :meth:`Store.add`): an
interrupted run leaves every stored document whole, and the next run skips what is
stored (same content hash) and carries on with the rest. Bad input never stops the
batch: a reader's :class:`ReadError` is counted, recorded in ``ingest_errors`` and
passed to ``on_error``.

Exact duplicates (same content hash) are not stored again. Near-duplicates
(syndicated copies, see :mod:`dossier.ingest.dedupe`) are stored and linked to the
earliest version of the report. Documents in other languages are stored with their
``language`` and counted; the extraction step skips them.

Each new English document is extracted before its transaction opens and its record
(:mod:`dossier.store.record`) is written in the same transaction as the document
(``extract=False`` stores documents only; ``dossier reextract`` catches up later). A
document whose extraction fails is stored with an ``error`` status and the batch
goes on; one whose record cannot be written is not stored, and is reported like a
read error so that the next run retries it.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dossier.ingest.base import DEFAULT_MAX_BYTES, ReadError
from dossier.ingest.dedupe import THRESHOLD, NearDuplicateIndex, jaccard, shingles
from dossier.model import Document
from dossier.store import Store
from dossier.store.record import RecordWriteError, current_versions, extract_outcome

# Test seam: milliseconds to sleep inside each document's transaction, so that a test
# can kill an ingest half-way through a write.
SLOW_ENV = "DOSSIER_TEST_SLOW_MS"

Progress = Callable[[int, int, Path | None], None]
"""Called as ``progress(files_done, files_total, path)``: once with ``(0, n, None)``
before reading, then after each file."""

OnError = Callable[[ReadError], None]


@dataclass(slots=True)
class IngestSummary:
    """What one ingest run did."""

    run_id: int | None = None
    files: int = 0
    ingested: int = 0  # new documents stored
    duplicates: int = 0  # already stored (same content), not stored again
    near_duplicates: int = 0  # new documents linked to an earlier version
    non_english: int = 0  # new documents in another language (stored, not extracted)
    failed: int = 0  # read errors
    extracted: int = 0  # new documents stored with their extracted record
    extract_errors: int = 0  # new documents whose extraction failed (stored, status error)
    errors: list[ReadError] = field(default_factory=list)
    seconds: float = 0.0
    status: str = "running"  # finished | interrupted | crashed

    @property
    def ok(self) -> bool:
        return self.failed == 0

    def message(self) -> str:
        """One line, e.g. ``0 new documents, 17 already stored``."""
        parts = [
            f"{self.ingested} new document{'' if self.ingested == 1 else 's'}",
            f"{self.duplicates} already stored",
        ]
        if self.near_duplicates:
            parts.append(f"{self.near_duplicates} near-duplicate{_s(self.near_duplicates)} linked")
        if self.non_english:
            parts.append(f"{self.non_english} not in English")
        if self.failed:
            parts.append(f"{self.failed} failed")
        if self.extracted:
            parts.append(f"{self.extracted} extracted")
        if self.extract_errors:
            parts.append(f"{self.extract_errors} not extracted (error)")
        return ", ".join(parts)

    def counts(self) -> dict[str, int]:
        return {
            "ingested": self.ingested,
            "duplicates": self.duplicates,
            "near_duplicates": self.near_duplicates,
            "non_english": self.non_english,
            "failed": self.failed,
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.counts(),
            "extracted": self.extracted,
            "extract_errors": self.extract_errors,
            "files": self.files,
            "errors": [e.to_dict() for e in self.errors],
            "run_id": self.run_id,
            "status": self.status,
            "seconds": round(self.seconds, 3),
        }


class IngestInterrupted(KeyboardInterrupt):
    """Ctrl-C during :func:`ingest`; ``summary`` says what was stored before it."""

    def __init__(self, summary: IngestSummary) -> None:
        super().__init__(summary.message())
        self.summary = summary


def ingest(
    inputs: Iterable[str | Path],
    store: Store,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Progress | None = None,
    on_error: OnError | None = None,
    extract: bool = True,
) -> IngestSummary:
    """Read files, folders (recursively) and JSON Lines into ``store``.

    Files larger than ``max_bytes`` are reported as errors, not read. Raises
    :class:`IngestInterrupted` (a ``KeyboardInterrupt``) on Ctrl-C, after recording
    the run as interrupted; everything committed before stays.
    """
    from dossier.ingest import readers

    inputs = list(inputs)
    paths, errors = readers.expand_inputs(inputs)
    with _Run(store, inputs, on_error, extract) as run:
        run.summary.files = len(paths)
        for error in errors:
            run.take(error)
        if progress is not None:
            progress(0, len(paths), None)
        for done, path in enumerate(paths, 1):
            for item in _read(readers, path, max_bytes):
                run.take(item)
            if progress is not None:
                progress(done, len(paths), path)
    return run.summary


def ingest_documents(
    items: Iterable[Document | ReadError],
    store: Store,
    *,
    on_error: OnError | None = None,
    inputs: Iterable[str | Path] = (),
    extract: bool = True,
) -> IngestSummary:
    """Store documents (and count errors) from any source: the part of :func:`ingest`
    after reading, for callers that make their own :class:`Document` objects."""
    with _Run(store, list(inputs), on_error, extract) as run:
        for item in items:
            run.take(item)
    return run.summary


def _read(readers: Any, path: Path, max_bytes: int) -> Iterable[Document | ReadError]:
    """A reader's output; a reader that raises (it should not) becomes a ReadError."""
    try:
        yield from readers.read_file(path, max_bytes=max_bytes)
    except Exception as exc:  # a bug in one reader must not stop the batch
        yield ReadError(str(path), f"could not read: {type(exc).__name__}: {exc}")


class _Run:
    """One ingest run: the run record, the near-duplicate index and the counts."""

    def __init__(
        self, store: Store, inputs: list[Any], on_error: OnError | None, extract: bool = True
    ) -> None:
        self.store = store
        self.on_error = on_error
        self.extract = extract
        self.versions = None
        if extract:
            self.versions = current_versions()
        self.started = time.perf_counter()
        self.summary = IngestSummary()
        self.index = _load_index(store)
        self.summary.run_id = store.begin_run(inputs)
        slow_ms = float(os.environ.get(SLOW_ENV) or 0)
        self.during = (lambda: time.sleep(slow_ms / 1000)) if slow_ms > 0 else None

    def __enter__(self) -> _Run:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: Any, tb: Any) -> None:
        if exc_type is None:
            status = "finished"
        elif issubclass(exc_type, KeyboardInterrupt):
            status = "interrupted"
        else:
            status = "crashed"
        self.summary.status = status
        self.summary.seconds = time.perf_counter() - self.started
        try:
            self.store.finish_run(self.summary.run_id or 0, status, self.summary.counts())
        except Exception:  # the run record must not hide the real error
            if exc_type is None:
                raise
        if status == "interrupted" and not isinstance(exc, IngestInterrupted):
            raise IngestInterrupted(self.summary) from exc

    def take(self, item: Document | ReadError) -> None:
        if isinstance(item, ReadError):
            self.fail(item)
            return
        if not item.text.strip():
            self.fail(ReadError(item.source, "no text found"))
            return
        summary, store = self.summary, self.store
        if store.contains(item.id):
            summary.duplicates += 1
            return
        mh = self.index.signature(item.text)
        head, merge = self._place(item, mh)
        outcome = None
        if self.extract:
            outcome = extract_outcome(item, versions=self.versions)
        try:
            stored = store.add(
                item,
                signature=(self.index.scheme, self.index.to_bytes(mh)),
                near_duplicate_of=head,
                relink=merge,
                during=self.during,
                extraction=outcome,
            )
        except RecordWriteError as exc:
            self.fail(ReadError(item.source, str(exc)))
            return
        if not stored:  # another process stored the same text meanwhile
            summary.duplicates += 1
            return
        self.index.add(item.id, mh)
        summary.ingested += 1
        if head is not None or merge:
            summary.near_duplicates += 1
        if item.language not in (None, "", "en"):
            summary.non_english += 1
        if outcome is not None and outcome.status == "ok":
            summary.extracted += 1
        elif outcome is not None and outcome.status == "error":
            summary.extract_errors += 1
            if self.on_error is not None:
                self.on_error(ReadError(item.source, f"extraction failed: {outcome.error}"))

    def fail(self, error: ReadError) -> None:
        self.summary.failed += 1
        self.summary.errors.append(error)
        self.store.record_error(self.summary.run_id or 0, error)
        if self.on_error is not None:
            self.on_error(error)

    def _place(self, doc: Document, mh: Any) -> tuple[str | None, list[str]]:
        """Where a new document goes among near-duplicates: ``(head, merge)``.

        ``head`` is the earliest stored version it copies (None if it is new, or
        earlier than every stored version); ``merge`` lists the groups to point at
        the head (when the new document is the earliest, or joins two groups).
        """
        candidates = self.index.candidates(mh)
        if not candidates:
            return None, []
        mine = shingles(doc.text)
        texts = self.store.texts(candidates)
        matches = [key for key, text in texts.items() if jaccard(mine, shingles(text)) >= THRESHOLD]
        if not matches:
            return None, []
        infos = self.store.duplicate_info(matches)
        roots = sorted({info.near_duplicate_of or info.id for info in infos})
        groups = sorted(self.store.duplicate_info(roots), key=_age)
        first = groups[0]
        if _age(doc) < _age(first):
            return None, roots
        return first.id, [g.id for g in groups[1:]]


def _age(doc: Any) -> tuple[bool, str, float]:
    """Sort key for "earliest version": by ``published`` when known, then by
    ingestion order; a document not yet stored comes after every stored one."""
    published = doc.published or ""
    return (not published, published, getattr(doc, "seq", float("inf")))


def _load_index(store: Store) -> NearDuplicateIndex:
    """The near-duplicate index of everything stored, recomputing signatures made
    by another scheme (a datasketch upgrade) or missing."""
    stale: list[str] = []
    index = NearDuplicateIndex.from_signatures(store.iter_signatures(), stale)
    stale += store.unsigned_ids()
    for start in range(0, len(stale), 500):
        for key, text in store.texts(stale[start : start + 500]).items():
            mh = index.signature(text)
            store.set_signature(key, index.scheme, index.to_bytes(mh))
            index.add(key, mh)
    return index


def _s(n: int) -> str:
    return "" if n == 1 else "s"
