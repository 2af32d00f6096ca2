"""Load and check the curated actor knowledge base.

The knowledge lives in YAML files (format: ``docs/knowledge.md``), read from the
package's ``data/actors`` folder and then from any folder listed in the
``DOSSIER_KB_PATH`` environment variable (colon-separated), so analysts can add
actors without touching Python. Files are checked when they are loaded, not at
first use: a malformed entry raises :class:`KBError` naming the file, the entry
and the field.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from dossier.model import ACTOR_KINDS
from dossier.normalize import name_key

DATA_DIR = Path(__file__).parent / "data" / "actors"
AFFILIATION_KEYS = ("part_of", "backed_by", "allied_with", "leads", "member_of", "commands")
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_COUNTRY_RE = re.compile(r"^[A-Z]{3}$")
_ALLOWED_FIELDS = {
    "id",
    "name",
    "kind",
    "country",
    "aliases",
    "acronyms",
    "affiliations",
    "valid_from",
    "valid_to",
    "note",
    "source",
    "metonyms",
}


class KBError(ValueError):
    """A knowledge-base file that cannot be used, with where and why."""

    def __init__(
        self, path: str | Path, message: str, entry: str | None = None, fld: str | None = None
    ):
        self.path, self.entry, self.field = str(path), entry, fld
        where = self.path
        if entry:
            where += f": entry {entry!r}"
        if fld:
            where += f", field {fld!r}"
        super().__init__(f"{where}: {message}")


@dataclass(slots=True)
class KBActor:
    id: str
    name: str
    kind: str
    country: str | None
    aliases: list[str] = field(default_factory=list)
    acronyms: list[str] = field(default_factory=list)
    metonyms: list[str] = field(default_factory=list)
    affiliations: dict[str, list[str]] = field(default_factory=dict)
    valid_from: str | None = None
    valid_to: str | None = None
    source: str = ""
    file: str = ""


@dataclass(slots=True)
class AliasEntry:
    """One way of writing an actor's name, as the matcher sees it."""

    actor_id: str
    surface: str  # the alias as written in the file
    rule: str  # "name" | "alias" | "acronym" | "metonym" | "plural"
    capitalised: bool  # must the text's first letter be upper-case?
    # "Al-Monitor": one word once the article is dropped; the text must show the article
    needs_article: bool = False


@dataclass(slots=True)
class KnowledgeBase:
    actors: dict[str, KBActor]
    keys: dict[str, list[AliasEntry]]  # name_key -> entries (first is preferred)
    acronyms: dict[str, list[AliasEntry]]  # exact token -> entries
    files: list[str]
    warnings: list[str]

    def get(self, actor_id: str) -> KBActor:
        return self.actors[actor_id]

    def resolve(self, name: str) -> list[tuple[KBActor, AliasEntry]]:
        """How a name resolves: each matching actor and the alias that matched."""
        out = []
        stripped = name.strip()
        for e in self.acronyms.get(stripped.replace(".", ""), []):
            out.append((self.actors[e.actor_id], e))
        for e in self.keys.get(name_key(stripped), []):
            if e.actor_id not in {a.id for a, _ in out}:
                out.append((self.actors[e.actor_id], e))
        return out


def _as_str_list(value: Any, path: Path, entry: str, fld: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise KBError(path, "must be a list of non-empty strings", entry, fld)
    return [v.strip() for v in value]


def _date_str(value: Any, path: Path, entry: str, fld: str) -> str | None:
    if value is None:
        return None
    s = str(value)
    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", s):
        raise KBError(path, f"must be a year or ISO date, got {value!r}", entry, fld)
    return s


def parse_actor(raw: Any, path: Path, index: int) -> KBActor:
    """One entry of a file, checked field by field."""
    label = f"#{index + 1}"
    if not isinstance(raw, dict):
        raise KBError(path, "each actor must be a mapping", label)
    label = str(raw.get("id") or raw.get("name") or label)
    unknown = set(raw) - _ALLOWED_FIELDS
    if unknown:
        raise KBError(
            path, f"unknown field(s): {', '.join(sorted(unknown))}", label, sorted(unknown)[0]
        )
    for req in ("id", "name", "kind"):
        if not isinstance(raw.get(req), str) or not raw[req].strip():
            raise KBError(path, "is required and must be a non-empty string", label, req)
    if not _ID_RE.match(raw["id"]):
        raise KBError(path, "must match [a-z0-9][a-z0-9-]*", label, "id")
    if raw["kind"] not in ACTOR_KINDS:
        raise KBError(
            path, f"must be one of {', '.join(ACTOR_KINDS)}; got {raw['kind']!r}", label, "kind"
        )
    country = raw.get("country")
    if country is not None and (not isinstance(country, str) or not _COUNTRY_RE.match(country)):
        raise KBError(
            path, f"must be an ISO 3166 alpha-3 code or null; got {country!r}", label, "country"
        )
    affs_raw = raw.get("affiliations") or {}
    if not isinstance(affs_raw, dict):
        raise KBError(path, "must be a mapping of relation to list of ids", label, "affiliations")
    affs: dict[str, list[str]] = {}
    for k, v in affs_raw.items():
        if k not in AFFILIATION_KEYS:
            raise KBError(
                path,
                f"unknown relation {k!r} (use {', '.join(AFFILIATION_KEYS)})",
                label,
                "affiliations",
            )
        affs[k] = _as_str_list(v, path, label, f"affiliations.{k}")
    return KBActor(
        id=raw["id"],
        name=raw["name"].strip(),
        kind=raw["kind"],
        country=country,
        aliases=_as_str_list(raw.get("aliases"), path, label, "aliases"),
        acronyms=_as_str_list(raw.get("acronyms"), path, label, "acronyms"),
        metonyms=_as_str_list(raw.get("metonyms"), path, label, "metonyms"),
        affiliations=affs,
        valid_from=_date_str(raw.get("valid_from"), path, label, "valid_from"),
        valid_to=_date_str(raw.get("valid_to"), path, label, "valid_to"),
        source=str(raw.get("source") or ""),
        file=str(path),
    )


def read_file(path: Path) -> list[KBActor]:
    """All actors of one file; raises KBError on the first problem."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = f" (line {mark.line + 1})" if mark else ""
        raise KBError(path, f"not valid YAML{line}: {getattr(e, 'problem', e)}") from None
    except (OSError, UnicodeDecodeError) as e:
        raise KBError(path, f"cannot read: {e}") from None
    if not isinstance(data, dict) or not isinstance(data.get("actors"), list):
        raise KBError(path, "must be a mapping with an 'actors' list", fld="actors")
    if not isinstance(data.get("source"), str) or not data["source"].strip():
        raise KBError(
            path, "every file needs a 'source' note saying where its facts come from", fld="source"
        )
    file_source = data["source"].strip()
    actors = [parse_actor(raw, path, i) for i, raw in enumerate(data["actors"])]
    for a in actors:
        a.source = a.source or file_source
    return actors


def kb_paths(extra: list[Path] | None = None) -> list[Path]:
    """The folders read, in order: the package's, then DOSSIER_KB_PATH, then extra."""
    dirs = [DATA_DIR]
    env = os.environ.get("DOSSIER_KB_PATH")
    if env:
        dirs += [Path(p) for p in env.split(os.pathsep) if p]
    dirs += list(extra or [])
    return dirs


def _is_capitalised(surface: str) -> bool:
    for tok in surface.split():
        low = tok.lower()
        if low in ("al", "el", "the") or low.startswith(("al-", "el-")) and len(tok) <= 3:
            continue
        return tok[:1].isupper()
    return False


def build(actors: list[KBActor], files: list[str]) -> KnowledgeBase:
    """Index actors by alias key, and check what can only be checked across files."""
    by_id: dict[str, KBActor] = {}
    for a in actors:
        if a.id in by_id:
            raise KBError(a.file, f"duplicate id (also in {by_id[a.id].file})", a.id, "id")
        by_id[a.id] = a
    for a in actors:
        for rel, targets in a.affiliations.items():
            for t in targets:
                if t not in by_id:
                    raise KBError(a.file, f"unknown actor id {t!r}", a.id, f"affiliations.{rel}")
    keys: dict[str, list[AliasEntry]] = {}
    acr: dict[str, list[AliasEntry]] = {}
    warnings: list[str] = []

    def add(key: str, entry: AliasEntry) -> None:
        if not key:
            return
        bucket = keys.setdefault(key, [])
        if any(e.actor_id == entry.actor_id for e in bucket):
            return
        if bucket and entry.rule != "plural":
            other = by_id[bucket[0].actor_id]
            warnings.append(
                f"{entry.surface!r} of {entry.actor_id} ({Path(by_id[entry.actor_id].file).name}) "
                f"has the same key as {bucket[0].surface!r} of {other.id}; {other.id} wins"
            )
        bucket.append(entry)

    for a in actors:
        for surface, rule in [(a.name, "name")] + [(s, "alias") for s in a.aliases]:
            key = name_key(surface)
            bare = " " not in key and bool(re.match(r"(?i)(al|el)[-\s]", surface.strip()))
            add(key, AliasEntry(a.id, surface, rule, _is_capitalised(surface), needs_article=bare))
            words = surface.split()
            if len(words) >= 2 and words[-1][-1:].isalpha() and not words[-1].endswith("s"):
                plural = " ".join(words[:-1] + [words[-1] + "s"])
                add(name_key(plural), AliasEntry(a.id, surface, "plural", _is_capitalised(surface)))
        for surface in a.metonyms:
            add(name_key(surface), AliasEntry(a.id, surface, "metonym", True))
        for surface in a.acronyms:
            token = surface.replace(".", "")
            bucket = acr.setdefault(token, [])
            if bucket and bucket[0].actor_id != a.id:
                warnings.append(
                    f"acronym {surface!r} of {a.id} is also {bucket[0].actor_id}'s; the latter wins"
                )
            bucket.append(AliasEntry(a.id, surface, "acronym", True))
    return KnowledgeBase(by_id, keys, acr, files, warnings)


def load_kb(dirs: list[Path] | None = None) -> KnowledgeBase:
    """Read every ``*.yaml`` in the knowledge folders (package data first)."""
    files: list[Path] = []
    for d in dirs if dirs is not None else kb_paths():
        d = Path(d)
        if d.is_file():
            files.append(d)
        elif d.is_dir():
            files += sorted(p for p in d.glob("*.y*ml") if p.is_file())
        else:
            raise KBError(d, "knowledge folder does not exist")
    actors: list[KBActor] = []
    for f in files:
        actors += read_file(f)
    return build(actors, [str(f) for f in files])


@lru_cache(maxsize=4)
def default_kb(env_path: str | None = None) -> KnowledgeBase:
    """The knowledge base the pipeline uses, cached per DOSSIER_KB_PATH value."""
    return load_kb()


def get_kb() -> KnowledgeBase:
    return default_kb(os.environ.get("DOSSIER_KB_PATH"))
