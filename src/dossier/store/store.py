"""The Store: one SQLite file (or a database URL) holding documents and their index.

Opening a store brings its schema up to date with the Alembic revisions in
``migrations/``, so a database made by an older Dossier just works. Every write is
one short transaction: a document row, its full-text row (written by a trigger, see
:mod:`dossier.store.fts`) and its near-duplicate signature commit together or not at
all, which is what makes an interrupted ingest safe to re-run.

SQLite is opened in WAL mode (readers never block the writer) with
``synchronous=NORMAL``: a killed process loses nothing committed, and a power cut can
lose at most the last few commits, never consistency.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Connection,
    Engine,
    bindparam,
    create_engine,
    event,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, IntegrityError

from dossier.ingest.base import ReadError
from dossier.model import Document
from dossier.store import fts
from dossier.store.fts import Hit
from dossier.store.schema import (
    document_signatures,
    documents,
    ingest_errors,
    ingest_runs,
)

if TYPE_CHECKING:
    from dossier.store.record import ExtractOutcome, ReextractSummary

MIGRATIONS = "dossier.store:migrations"

# Built once: the next ingestion number is computed inside the INSERT itself, so two
# writers cannot take the same one.
_INSERT_DOCUMENT = insert(documents).values(
    seq=select(func.coalesce(func.max(documents.c.seq), 0) + 1).scalar_subquery()
)
_INSERT_SIGNATURE = insert(document_signatures)
_CONTAINS = select(documents.c.id).where(documents.c.id == bindparam("id"))


class StoreError(Exception):
    """A store that cannot be opened or asked: the message says what to do."""


class NoDatabase(StoreError):
    """Raised by ``Store(path, create=False)`` when there is no database at ``path``."""


class DocumentNotFound(StoreError, KeyError):
    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0])


class AmbiguousId(StoreError):
    """An id prefix that matches more than one document."""


@dataclass(slots=True)
class DocumentInfo:
    """A stored document's metadata, without its text (what listings need)."""

    id: str
    seq: int
    name: str | None
    source: str
    title: str | None
    url: str | None
    outlet: str | None
    published: str | None
    language: str | None
    words: int
    format: str
    chars: int
    ingested_at: datetime
    near_duplicate_of: str | None

    @property
    def is_english(self) -> bool:
        """True unless the reader detected another language (unknown counts as English)."""
        return self.language in (None, "", "en")

    def to_dict(self) -> dict[str, Any]:
        out = {f.name: getattr(self, f.name) for f in fields(DocumentInfo)}
        out["ingested_at"] = self.ingested_at.isoformat() if self.ingested_at else None
        return out


@dataclass(slots=True)
class StoredDocument(DocumentInfo):
    text: str = ""
    meta: dict[str, Any] = field(default_factory=dict)

    def to_document(self) -> Document:
        """The model object, as the readers made it, for the extraction step."""
        return Document(
            id=self.id,
            text=self.text,
            source=self.source,
            title=self.title,
            url=self.url,
            outlet=self.outlet,
            published=self.published,
            language=self.language,
            words=self.words,
            format=self.format,
            name=self.name,
            meta=dict(self.meta),
        )

    def to_dict(self) -> dict[str, Any]:
        out = DocumentInfo.to_dict(self)
        out["meta"] = self.meta
        out["text"] = self.text
        return out


@dataclass(slots=True)
class DuplicateInfo:
    """What near-duplicate linking needs to know about a stored document."""

    id: str
    seq: int
    published: str | None
    near_duplicate_of: str | None


@dataclass(slots=True)
class Stats:
    documents: int = 0
    words: int = 0
    chars: int = 0
    near_duplicates: int = 0
    non_english: int = 0
    by_format: dict[str, int] = field(default_factory=dict)
    by_language: dict[str, int] = field(default_factory=dict)
    by_outlet: dict[str, int] = field(default_factory=dict)
    by_year: dict[str, int] = field(default_factory=dict)
    ingest_runs: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def alembic_config() -> Any:
    """The Alembic configuration, built in code (no ``alembic.ini``)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", MIGRATIONS)
    config.set_main_option("path_separator", "os")
    return config


def _now() -> datetime:
    return datetime.now(UTC)


class Store:
    """A Dossier database.

    ``location`` is a file path (SQLite) or a SQLAlchemy URL. With ``create=False``
    (the read commands) a missing SQLite file raises :class:`NoDatabase` instead of
    creating an empty database. Use as a context manager, or call :meth:`close`.
    """

    def __init__(self, location: str | Path, *, create: bool = True) -> None:
        self.url, self.path = _resolve(location)
        if self.path is not None:
            if not create and not self.path.exists():
                raise NoDatabase(f"no database at {location}: run `dossier ingest` first")
            if not self.path.parent.is_dir():
                raise StoreError(
                    f"cannot create a database at {self.path}: "
                    f"folder {self.path.parent} does not exist"
                )
        self.engine = _engine(self.url)
        try:
            self._migrate()
        except DatabaseError as exc:
            self.engine.dispose()
            raise StoreError(f"cannot open {self.path or self.url}: {exc.orig}") from None
        except BaseException:
            self.engine.dispose()
            raise

    def __repr__(self) -> str:
        return f"Store({str(self.path or self.url)!r})"

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.engine.dispose()

    def _migrate(self) -> None:
        from alembic import command
        from alembic.runtime.migration import MigrationContext
        from alembic.script import ScriptDirectory

        config = alembic_config()
        scripts = ScriptDirectory.from_config(config)
        head = scripts.get_current_head()
        # Look first without the write lock: an up-to-date database (the usual case)
        # opens without waiting for a running ingest, even from a read-only file.
        with self._read() as conn:
            current = MigrationContext.configure(conn).get_current_revision()
        if current == head:
            return
        if current is not None and current not in {s.revision for s in scripts.walk_revisions()}:
            raise StoreError(
                f"the database at {self.path or self.url} has schema version {current}, "
                "made by a newer Dossier: upgrade Dossier to open it"
            )
        with self._write() as conn:
            if MigrationContext.configure(conn).get_current_revision() == head:
                return  # another process migrated it meanwhile
            config.attributes["connection"] = conn
            command.upgrade(config, "head")

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """A write transaction, taking SQLite's write lock at once (BEGIN IMMEDIATE)
        so that two writers queue on the busy timeout instead of failing."""
        with self.engine.connect() as conn:
            conn.execution_options(dossier_begin="IMMEDIATE")
            with conn.begin():
                yield conn

    def transaction(self) -> AbstractContextManager[Connection]:
        """A write transaction for the record API (:mod:`dossier.store.record`,
        :mod:`dossier.analysis.resolve`): everything done in it commits together."""
        return self._write()

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn

    # -- writing -------------------------------------------------------------

    def add(
        self,
        document: Document,
        *,
        signature: tuple[str, bytes] | None = None,
        near_duplicate_of: str | None = None,
        relink: Sequence[str] = (),
        during: Callable[[], None] | None = None,
        extraction: ExtractOutcome | None = None,
    ) -> bool:
        """Store one document, in one transaction; False if its id is already stored.

        ``signature`` is ``(scheme, bytes)`` for near-duplicate search in later runs.
        ``relink`` names the first documents of near-duplicate groups to merge into
        this document's group: they and their copies are pointed, in the same
        transaction, at the group's head (``near_duplicate_of``, or this document
        when it was published before all of them).
        ``during`` is called inside the transaction, after the document row: a test
        seam for interrupting a write half-way.
        ``extraction`` (see :func:`dossier.store.record.extract_outcome`) is written
        as the document's record in the same transaction; if writing it fails, the
        document is not stored either and :class:`~dossier.store.record.RecordWriteError`
        is raised.
        """
        row = {
            "id": document.id,
            "name": document.name,
            "source": document.source,
            "title": document.title,
            "url": document.url,
            "outlet": document.outlet,
            "published": document.published,
            "language": document.language,
            "words": document.words or len(document.text.split()),
            "format": document.format,
            "chars": len(document.text),
            "ingested_at": _now(),
            "near_duplicate_of": near_duplicate_of,
            "meta_json": json.dumps(document.meta, ensure_ascii=False, sort_keys=True, default=str),
            "text": document.text,
        }
        try:
            with self._write() as conn:
                conn.execute(_INSERT_DOCUMENT, row)
                if during is not None:
                    during()
                if signature is not None:
                    scheme, data = signature
                    conn.execute(
                        _INSERT_SIGNATURE,
                        {"document_id": document.id, "scheme": scheme, "minhash": data},
                    )
                if relink:
                    head = near_duplicate_of or document.id
                    conn.execute(
                        update(documents)
                        .where(
                            or_(
                                documents.c.id.in_(relink),
                                documents.c.near_duplicate_of.in_(relink),
                            )
                        )
                        .where(documents.c.id != head)
                        .values(near_duplicate_of=head)
                    )
                if extraction is not None:
                    from dossier.store.record import write_outcome

                    write_outcome(conn, document.id, extraction, text=document.text)
        except IntegrityError:
            if self.contains(document.id):
                return False
            raise
        return True

    def set_signature(self, document_id: str, scheme: str, data: bytes) -> None:
        """Replace a document's signature (after the signature scheme changed)."""
        with self._write() as conn:
            conn.execute(
                document_signatures.delete().where(document_signatures.c.document_id == document_id)
            )
            conn.execute(
                insert(document_signatures).values(
                    document_id=document_id, scheme=scheme, minhash=data
                )
            )

    def extract_pending(
        self,
        *,
        everything: bool = False,
        errors: bool = False,
        progress: Callable[[int, int], None] | None = None,
    ) -> ReextractSummary:
        """(Re-)extract the documents whose record is missing or stale (all of them
        with ``everything``), one transaction each; see :func:`dossier.store.record.reextract`."""
        from dossier.store.record import reextract

        return reextract(self, everything=everything, errors=errors, progress=progress)

    def begin_run(self, inputs: Iterable[str | Path]) -> int:
        """Record the start of an ingest run; its row stays ``running`` if the process dies."""
        with self._write() as conn:
            result = conn.execute(
                insert(ingest_runs).values(
                    started_at=_now(),
                    status="running",
                    inputs_json=json.dumps([str(i) for i in inputs], ensure_ascii=False),
                    ingested=0,
                    duplicates=0,
                    near_duplicates=0,
                    non_english=0,
                    failed=0,
                )
            )
            return int(result.inserted_primary_key[0])

    def finish_run(self, run_id: int, status: str, counts: dict[str, int]) -> None:
        keys = ("ingested", "duplicates", "near_duplicates", "non_english", "failed")
        with self._write() as conn:
            conn.execute(
                update(ingest_runs)
                .where(ingest_runs.c.id == run_id)
                .values(finished_at=_now(), status=status, **{k: counts.get(k, 0) for k in keys})
            )

    def record_error(self, run_id: int, error: ReadError) -> None:
        with self._write() as conn:
            conn.execute(
                insert(ingest_errors).values(
                    run_id=run_id, path=error.path, line=error.line, reason=error.reason
                )
            )

    # -- reading -------------------------------------------------------------

    def contains(self, document_id: str) -> bool:
        with self._read() as conn:
            return conn.execute(_CONTAINS, {"id": document_id}).first() is not None

    __contains__ = contains

    def count(self) -> int:
        with self._read() as conn:
            return int(conn.execute(select(func.count()).select_from(documents)).scalar_one())

    def get(self, key: str) -> StoredDocument:
        """A document by id, unique id prefix, or unique file name."""
        key = key.strip()
        if not key:
            raise DocumentNotFound("no document id given")
        with self._read() as conn:
            row = conn.execute(select(documents).where(documents.c.id == key)).first()
            if row is None:
                pattern = _escape_like(key) + "%"
                rows = conn.execute(
                    select(documents).where(documents.c.id.like(pattern, escape="\\")).limit(6)
                ).all()
                if not rows:
                    rows = conn.execute(
                        select(documents).where(documents.c.name == key).limit(6)
                    ).all()
                if not rows:
                    raise DocumentNotFound(f"no document with id {key!r}")
                if len(rows) > 1:
                    shown = ", ".join(r.id for r in rows[:5])
                    more = ", ..." if len(rows) > 5 else ""
                    raise AmbiguousId(
                        f"{key!r} matches several documents ({shown}{more}): give more of the id"
                    )
                row = rows[0]
        return _stored(row)

    def documents(self, *, limit: int | None = None, offset: int = 0) -> list[DocumentInfo]:
        """Documents in ingestion order, without their texts."""
        columns = [c for c in documents.c if c.name not in ("text", "meta_json")]
        query = select(*columns).order_by(documents.c.seq).offset(offset)
        if limit is not None:
            query = query.limit(limit)
        with self._read() as conn:
            return [DocumentInfo(**row._mapping) for row in conn.execute(query)]

    def iter_documents(self, *, batch: int = 500) -> Iterator[StoredDocument]:
        """Every document with its text, in ingestion order, a batch at a time."""
        last = 0
        while True:
            with self._read() as conn:
                rows = conn.execute(
                    select(documents)
                    .where(documents.c.seq > last)
                    .order_by(documents.c.seq)
                    .limit(batch)
                ).all()
            if not rows:
                return
            for row in rows:
                yield _stored(row)
            last = rows[-1].seq

    def texts(self, ids: Iterable[str]) -> dict[str, str]:
        ids = list(ids)
        if not ids:
            return {}
        with self._read() as conn:
            rows = conn.execute(
                select(documents.c.id, documents.c.text).where(documents.c.id.in_(ids))
            )
            return {r.id: r.text for r in rows}

    def duplicate_info(self, ids: Iterable[str]) -> list[DuplicateInfo]:
        ids = list(ids)
        if not ids:
            return []
        c = documents.c
        with self._read() as conn:
            rows = conn.execute(
                select(c.id, c.seq, c.published, c.near_duplicate_of).where(c.id.in_(ids))
            )
            return [DuplicateInfo(**r._mapping) for r in rows]

    def iter_signatures(self) -> Iterator[tuple[str, str, bytes]]:
        """``(document_id, scheme, minhash)`` for every stored signature."""
        s = document_signatures.c
        with self._read() as conn:
            for row in conn.execute(select(s.document_id, s.scheme, s.minhash)):
                yield row.document_id, row.scheme, bytes(row.minhash)

    def unsigned_ids(self) -> list[str]:
        """Documents without a near-duplicate signature (stored by other means)."""
        s = document_signatures.c
        with self._read() as conn:
            return list(
                conn.execute(
                    select(documents.c.id)
                    .outerjoin(document_signatures, s.document_id == documents.c.id)
                    .where(s.document_id.is_(None))
                    .order_by(documents.c.seq)
                ).scalars()
            )

    def search(self, query: str, limit: int = 20) -> list[Hit]:
        """Full-text search with FTS5 syntax, best match first (bm25; title counts more).

        ``"Quds Force" AND Diyala``, ``militia OR brigade``, ``attack NOT drill``,
        ``Kata*``, ``title:ambush``. A malformed query raises :class:`SearchError`.
        """
        with self._read() as conn:
            return fts.search(conn, query, limit=limit)

    def stats(self) -> Stats:
        c = documents.c
        stats = Stats()
        with self._read() as conn:
            row = conn.execute(
                select(
                    func.count(),
                    func.coalesce(func.sum(c.words), 0),
                    func.coalesce(func.sum(c.chars), 0),
                    func.count(c.near_duplicate_of),
                )
            ).one()
            stats.documents, stats.words, stats.chars, stats.near_duplicates = map(int, row)

            def grouped(column: Any, label_none: str = "unknown") -> dict[str, int]:
                rows = conn.execute(
                    select(column.label("k"), func.count().label("n"))
                    .select_from(documents)
                    .group_by(column)
                    .order_by(func.count().desc(), column)
                )
                return {(r.k if r.k not in (None, "") else label_none): int(r.n) for r in rows}

            stats.by_format = grouped(c.format)
            stats.by_language = grouped(c.language)
            stats.by_outlet = grouped(c.outlet)
            stats.by_year = dict(sorted(grouped(func.substr(c.published, 1, 4)).items()))
            stats.non_english = sum(
                n for lang, n in stats.by_language.items() if lang not in ("en", "unknown")
            )
            stats.ingest_runs = int(
                conn.execute(select(func.count()).select_from(ingest_runs)).scalar_one()
            )
        return stats

    def check(self) -> list[str]:
        """Problems found by SQLite's integrity check and the full-text index's own,
        plus documents without a signature. Empty when all is well."""
        problems: list[str] = []
        with self._read() as conn:
            if conn.dialect.name == "sqlite":
                results = conn.exec_driver_sql("PRAGMA integrity_check").scalars().all()
                problems += [f"sqlite: {r}" for r in results if r != "ok"]
                problems += [
                    f"foreign key: {row}"
                    for row in conn.exec_driver_sql("PRAGMA foreign_key_check").all()
                ]
            problems += fts.check(conn)
        problems += [f"document {doc_id} has no signature" for doc_id in self.unsigned_ids()]
        return problems


def _resolve(location: str | Path) -> tuple[str, Path | None]:
    """A SQLAlchemy URL and, for SQLite files, the file path."""
    text = str(location)
    if "://" in text:
        try:
            url = make_url(text)
        except ArgumentError as exc:
            raise StoreError(f"not a database URL: {text} ({exc})") from None
        if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
            return text, Path(url.database).expanduser().resolve()
        return text, None
    path = Path(text).expanduser().resolve()
    return f"sqlite:///{path}", path


def _engine(url: str) -> Engine:
    engine = create_engine(url, connect_args={"timeout": 30} if url.startswith("sqlite") else {})
    if engine.dialect.name != "sqlite":
        return engine

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Transactions are begun by the "begin" hook below, not by the sqlite3 module,
        # so that DDL is transactional and writers can take the lock up front.
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        mode = conn.get_execution_options().get("dossier_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


def _stored(row: Any) -> StoredDocument:
    values = dict(row._mapping)
    try:
        meta = json.loads(values.pop("meta_json") or "{}")
    except ValueError:
        meta = {}
    return StoredDocument(**values, meta=meta)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
