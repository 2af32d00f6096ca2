"""JSON Lines: one report per line.

Each line is an object with ``text`` (required, a non-empty string) and
optionally ``id``, ``title``, ``url``, ``outlet``, ``published`` (any common
date form, or ``date``) and ``language`` (trusted as given). Other fields go to
``Document.meta``. Blank lines are skipped; a bad line gives a ReadError with
its line number and the other lines are still read.

The file is read one line at a time (the dispatcher has already refused a file
over the size limit; a line over it, in a file that grew meanwhile, is an error).
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from dossier.ingest.base import DEFAULT_MAX_BYTES, ReadError
from dossier.ingest.text import ReadFailure, format_size, make_document
from dossier.model import Document

_FIELDS = ("title", "url", "outlet", "published", "language")
_SKIP_CHUNK = 1 << 20
_JSON_TYPES = {
    "list": "array",
    "dict": "object",
    "str": "string",
    "int": "number",
    "float": "number",
    "bool": "boolean",
    "NoneType": "null",
}


def _json_type(value: Any) -> str:
    return _JSON_TYPES.get(type(value).__name__, type(value).__name__)


def _record_document(
    record: dict[str, Any], *, path: Path, line: int, meta: dict[str, Any]
) -> Document | ReadError:
    source = f"{path}#L{line}"
    if "text" not in record:
        return ReadError(str(path), 'record has no "text" field', line)
    text = record["text"]
    if not isinstance(text, str):
        return ReadError(str(path), f'"text" is not a string ({_json_type(text)})', line)
    if not text.strip():
        return ReadError(str(path), '"text" is empty', line)
    record_id = record.get("id")
    if isinstance(record_id, (dict, list)) or record_id in (None, ""):
        name = f"{path.name}#L{line}"
    else:
        name = str(record_id)
    fields: dict[str, Any] = {}
    for key in _FIELDS:
        value = record.get(key)
        if isinstance(value, str) and value.strip():
            fields[key] = value.strip()
        elif value is not None and not isinstance(value, (dict, list, bool)):
            fields[key] = str(value)
    if "published" not in fields and isinstance(record.get("date"), (str, int)):
        fields["published"] = str(record["date"])
    meta = dict(meta)
    for key, value in record.items():
        if key not in ("id", "text", *_FIELDS):
            meta[key] = value
    return make_document(text, source=source, name=name, fmt="jsonl", fields=fields, meta=meta)


def read_jsonl(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Document | ReadError]:
    """Documents and per-line ReadErrors from a JSON Lines file."""
    try:
        f = open(path, "rb")  # noqa: SIM115 - closed below; the generator may stop early
    except OSError as e:
        raise ReadFailure(e.strerror or str(e)) from None
    records = 0
    with f:
        line_number = 0
        while True:
            raw = f.readline(max_bytes + 1)
            if not raw:
                break
            line_number += 1
            if len(raw) > max_bytes and not raw.endswith(b"\n"):
                while True:  # skip the rest of the oversized line
                    chunk = f.readline(_SKIP_CHUNK)
                    if not chunk or chunk.endswith(b"\n"):
                        break
                yield ReadError(
                    str(path),
                    f"record is larger than the {format_size(max_bytes)} limit",
                    line_number,
                )
                continue
            if line_number == 1 and raw.startswith(codecs.BOM_UTF8):
                raw = raw[len(codecs.BOM_UTF8) :]
            meta: dict[str, Any] = {}
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                line = raw.decode("cp1252", errors="replace")
                meta["encoding"] = "cp1252"
            if not line.strip():
                continue
            records += 1
            try:
                record = json.loads(line)
            except json.JSONDecodeError as e:
                yield ReadError(str(path), f"invalid JSON: {e.msg} (column {e.colno})", line_number)
                continue
            except RecursionError:
                yield ReadError(str(path), "invalid JSON: nested too deeply", line_number)
                continue
            if not isinstance(record, dict):
                kind = _json_type(record)
                yield ReadError(str(path), f"record is not a JSON object ({kind})", line_number)
                continue
            yield _record_document(record, path=path, line=line_number, meta=meta)
    if records == 0:
        yield ReadError(str(path), "empty file")
