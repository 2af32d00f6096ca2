"""Full-text search over document titles and texts with SQLite FTS5.

The index is an *external-content* FTS5 table: it stores only the inverted index,
and reads titles and texts from ``documents`` (so snippets need no second copy of
each text). Its rowid is ``documents.seq``, a declared column, because SQLite may
renumber the implicit rowid of a table with a text primary key on ``VACUUM``.

Triggers keep the index in step with ``documents``: the index row is written by the
same statement, so in the same transaction, as the document row, and an analyst who
deletes or edits a row in ``sqlite3`` or Datasette does not leave the index stale.

Only SQLite gets this; on another dialect :func:`install` does nothing and search
raises :class:`SearchError` (a PostgreSQL ``tsvector`` version can follow).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import Connection, text
from sqlalchemy.exc import OperationalError

FTS_TABLE = "documents_fts"

# unicode61 with diacritics folded: "Qods" matches "Qods", "Nouri" matches "Nourí".
# No stemming: names are what analysts search for; use prefix* for word families.
# The prefix indexes make "Quds*"-style queries fast.
_CREATE = [
    f"""CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(
        title, text,
        content='documents', content_rowid='seq',
        tokenize='unicode61 remove_diacritics 2',
        prefix='2 3'
    )""",
    f"""CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
        INSERT INTO {FTS_TABLE}(rowid, title, text) VALUES (new.seq, new.title, new.text);
    END""",
    f"""CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, text)
        VALUES ('delete', old.seq, old.title, old.text);
    END""",
    f"""CREATE TRIGGER documents_fts_update AFTER UPDATE OF seq, title, text ON documents BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, text)
        VALUES ('delete', old.seq, old.title, old.text);
        INSERT INTO {FTS_TABLE}(rowid, title, text) VALUES (new.seq, new.title, new.text);
    END""",
]

_DROP = [
    "DROP TRIGGER IF EXISTS documents_fts_update",
    "DROP TRIGGER IF EXISTS documents_fts_delete",
    "DROP TRIGGER IF EXISTS documents_fts_insert",
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
]

# Markers FTS5 puts around matched terms in a snippet; control characters that do
# not occur in extracted text, removed again before a snippet is shown.
_OPEN, _CLOSE = "\x02", "\x03"

# Title matches count five times as much as text matches in the bm25 rank.
TITLE_WEIGHT, TEXT_WEIGHT = 5.0, 1.0
SNIPPET_TOKENS = 24

# How SQLite words a bad MATCH expression (the rest of OperationalError is not ours).
_QUERY_ERRORS = re.compile(
    r"fts5: syntax error|unterminated string|no such column|unknown special query|"
    r"fts5: .*(?:column|phrase|expression)|malformed MATCH",
    re.IGNORECASE,
)


class SearchError(ValueError):
    """A search that cannot run: a malformed query, or a store without an index."""


@dataclass(slots=True)
class Hit:
    """One search result, best first.

    ``snippet`` is plain text around the best match; ``highlights`` are the
    ``(start, end)`` offsets in ``snippet`` of the matched terms, so that a renderer
    can mark them any way it likes (see :meth:`marked`).
    """

    id: str
    title: str | None
    outlet: str | None
    published: str | None
    language: str | None
    near_duplicate_of: str | None
    score: float  # bm25: lower is better, as SQLite reports it
    snippet: str
    highlights: list[tuple[int, int]] = field(default_factory=list)

    def marked(self, before: str = "[", after: str = "]") -> str:
        """The snippet with each highlighted term wrapped in ``before``/``after``."""
        out, pos = [], 0
        for start, end in self.highlights:
            out += [self.snippet[pos:start], before, self.snippet[start:end], after]
            pos = end
        out.append(self.snippet[pos:])
        return "".join(out)

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "title": self.title,
            "outlet": self.outlet,
            "published": self.published,
            "language": self.language,
            "near_duplicate_of": self.near_duplicate_of,
            "score": round(self.score, 4),
            "snippet": self.snippet,
            "highlights": [list(span) for span in self.highlights],
        }


def install(conn: Connection) -> None:
    """Create the FTS5 table and its triggers, and index what is already stored."""
    if conn.dialect.name != "sqlite":
        return
    for statement in _CREATE:
        conn.exec_driver_sql(statement)
    conn.exec_driver_sql(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")


def uninstall(conn: Connection) -> None:
    if conn.dialect.name != "sqlite":
        return
    for statement in _DROP:
        conn.exec_driver_sql(statement)


def search(conn: Connection, query: str, limit: int = 20) -> list[Hit]:
    """Run an FTS5 query (phrases, AND/OR/NOT, prefix*, ``title:`` filters), best first."""
    if conn.dialect.name != "sqlite":
        raise SearchError(f"full-text search is not available on {conn.dialect.name} yet")
    if not query.strip():
        raise SearchError("malformed search query: the query is empty")
    sql = text(
        f"""SELECT d.id, d.title, d.outlet, d.published, d.language, d.near_duplicate_of,
               bm25({FTS_TABLE}, :title_weight, :text_weight) AS score,
               snippet({FTS_TABLE}, 1, :open, :close, '…', :tokens) AS snippet
        FROM {FTS_TABLE} JOIN documents AS d ON d.seq = {FTS_TABLE}.rowid
        WHERE {FTS_TABLE} MATCH :query
        ORDER BY score, d.seq
        LIMIT :limit"""
    )
    params = {
        "query": quote_words(query),
        "limit": limit,
        "title_weight": TITLE_WEIGHT,
        "text_weight": TEXT_WEIGHT,
        "open": _OPEN,
        "close": _CLOSE,
        "tokens": SNIPPET_TOKENS,
    }
    try:
        rows = conn.execute(sql, params).all()
    except OperationalError as exc:
        reason = str(exc.orig) if exc.orig is not None else str(exc)
        if _QUERY_ERRORS.search(reason):
            raise SearchError(f"malformed search query: {_explain(reason, query)}") from None
        raise
    hits = []
    for row in rows:
        snippet, highlights = _unmark(row.snippet or "")
        hits.append(
            Hit(
                id=row.id,
                title=row.title,
                outlet=row.outlet,
                published=row.published,
                language=row.language,
                near_duplicate_of=row.near_duplicate_of,
                score=float(row.score),
                snippet=snippet,
                highlights=highlights,
            )
        )
    return hits


_BAREWORD = re.compile(r"[\w*]+", re.UNICODE)
_TOKEN = re.compile(r'"[^"]*"?|\(|\)|[^\s()"]+')
_OPERATORS = frozenset({"AND", "OR", "NOT", "NEAR"})


def quote_words(query: str) -> str:
    """Quote the words FTS5 cannot take bare, so that analysts can type them as they
    read them: ``Baghdad-based``, ``3,200``, ``Asa'ib`` become phrases; operators,
    parentheses, ``column:`` filters, prefixes (``Qods*``) and quoted phrases are
    left alone."""
    out = []
    for tok in _TOKEN.findall(query):
        if (
            tok.startswith('"')
            or tok in ("(", ")")
            or tok in _OPERATORS
            or _BAREWORD.fullmatch(tok)
        ):
            out.append(tok)
        elif ":" in tok and _BAREWORD.fullmatch(tok.split(":", 1)[0]) and tok.split(":", 1)[1]:
            col, rest = tok.split(":", 1)
            out.append(f"{col}:{rest if _BAREWORD.fullmatch(rest) else chr(34) + rest + chr(34)}")
        else:
            out.append('"' + tok.replace('"', "") + '"')
    return " ".join(out)


def check(conn: Connection) -> list[str]:
    """Problems with the index: FTS5's own integrity check, and documents it lacks."""
    if conn.dialect.name != "sqlite":
        return []
    problems = []
    try:
        conn.exec_driver_sql(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('integrity-check')")
    except OperationalError as exc:
        problems.append(f"full-text index: {exc.orig}")
    missing = conn.exec_driver_sql(
        f"""SELECT d.id FROM documents AS d
        LEFT JOIN {FTS_TABLE}_docsize AS s ON s.id = d.seq WHERE s.id IS NULL"""
    ).scalars()
    problems += [f"document {doc_id} is missing from the full-text index" for doc_id in missing]
    return problems


def _unmark(snippet: str) -> tuple[str, list[tuple[int, int]]]:
    """Strip the FTS5 markers, remembering where the marked spans were."""
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    length, start = 0, None
    for piece in re.split(f"([{_OPEN}{_CLOSE}])", snippet):
        if piece == _OPEN:
            start = length
        elif piece == _CLOSE:
            if start is not None and length > start:
                spans.append((start, length))
            start = None
        else:
            piece = piece.replace("\r", " ").replace("\n", " ").replace("\t", " ")
            out.append(piece)
            length += len(piece)
    return "".join(out), spans


def _explain(reason: str, query: str) -> str:
    """SQLite's wording of a query error, with a hint at the usual causes."""
    reason = reason.removeprefix("fts5: ")
    if reason == 'syntax error near ""':
        reason = "the query ends too early (an AND, OR, NOT or bracket with nothing after it?)"
    if query.count('"') % 2:
        return f"{reason} (a double quote is not closed)"
    if re.search(r"\w[-'’./]\w", query):
        return f'{reason} (put names with hyphens or apostrophes in double quotes: "al-Maliki")'
    if reason.startswith("no such column"):
        return f"{reason} (the only column filters are title: and text:)"
    return reason
