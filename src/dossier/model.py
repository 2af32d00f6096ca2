"""The nouns of Dossier: documents and what is extracted from them.

Every extracted fact keeps an :class:`Evidence` span, character offsets into the
document text as read, so that ``text[start:end] == evidence.text`` always holds.
The ``to_dict`` methods produce the public document-extraction format
(documented in ``docs/extraction-format.md``): every field present, ``None`` or
``[]`` where nothing is known.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

ACTOR_KINDS = (
    "person",
    "armed_group",
    "state",
    "government_body",
    "political_party",
    "international_org",
    "ngo",
    "media",
    "religious_group",
    "other",
)
PLACE_KINDS = ("city", "town", "village", "district", "province", "country", "region", "site")
NUMBER_KINDS = (
    "personnel",
    "killed",
    "injured",
    "displaced",
    "detained",
    "executed",
    "money_usd",
    "weapons",
    "other",
)
PLOVER_TYPES = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)
STATUSES = ("asserted", "claimed", "denied", "planned", "hypothetical")
RELATION_PREDICATES = (
    "part_of",
    "backed_by",
    "commands",
    "leads",
    "member_of",
    "trains",
    "funds",
    "arms",
    "allied_with",
    "opposes",
    "affiliated_with",
    "represents",
)


@dataclass(slots=True)
class Document:
    """One stored report: its text as read plus what the reader learnt about it.

    ``id`` is the SHA-256 of the text (hex, first 16 characters), so the same
    content read twice gets the same id whatever file it came from.
    """

    id: str
    text: str
    source: str  # file path, or "path#line" / record id for JSON Lines
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None  # ISO date, "YYYY-MM-DD" | "YYYY-MM" | "YYYY"
    language: str | None = None
    words: int = 0
    format: str = "txt"  # txt | html | pdf | jsonl
    name: str | None = None  # file name or JSON Lines record id: the "doc" field
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Evidence:
    """A span of the document text that states a fact."""

    start: int
    end: int
    text: str

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Evidence:
        return cls(start, end, text[start:end])

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(slots=True)
class Mention:
    """One occurrence of an actor or place name in the text, and why it matched."""

    start: int
    end: int
    text: str
    rule: str = ""  # e.g. "kb-alias", "title", "org-head", "generic", "coref"


@dataclass(slots=True)
class Actor:
    id: str
    name: str
    kind: str = "other"
    country: str | None = None
    aliases: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    kb_id: str | None = None
    generic: bool = False  # an unnamed acting group ("gunmen"), not a named actor

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "aliases": self.aliases,
            "kind": self.kind,
            "country": self.country,
            "mentions": len(self.mentions),
        }


@dataclass(slots=True)
class Place:
    id: str
    name: str
    kind: str = "city"
    admin1: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    aliases: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "aliases": self.aliases,
            "kind": self.kind,
            "admin1": self.admin1,
            "country": self.country,
            "lat": self.lat,
            "lon": self.lon,
            "geonames_id": self.geonames_id,
        }


@dataclass(slots=True)
class DateMention:
    """A date expression resolved to an absolute ISO value at its precision."""

    start: int
    end: int
    text: str
    value: str | None  # "YYYY-MM-DD" | "YYYY-MM" | "YYYY" | None when no anchor
    precision: str | None  # "day" | "month" | "year" | None
    rule: str = ""


@dataclass(slots=True)
class Quantity:
    value: float
    kind: str

    def to_dict(self) -> dict[str, Any]:
        v = int(self.value) if float(self.value).is_integer() else self.value
        return {"value": v, "kind": self.kind}


@dataclass(slots=True)
class Number:
    value: float
    kind: str
    evidence: Evidence
    about: str | None = None
    approximate: bool = False
    attributed_to: str | None = None

    def to_dict(self) -> dict[str, Any]:
        v = int(self.value) if float(self.value).is_integer() else self.value
        return {
            "value": v,
            "kind": self.kind,
            "about": self.about,
            "approximate": self.approximate,
            "attributed_to": self.attributed_to,
            "evidence": self.evidence.to_dict(),
        }


@dataclass(slots=True)
class Event:
    id: str
    type: str
    evidence: Evidence
    mode: str | None = None
    actor1: str | None = None
    actor2: str | None = None
    place: str | None = None
    date: str | None = None
    quantities: list[Quantity] = field(default_factory=list)
    attributed_to: str | None = None
    status: str = "asserted"
    confidence: float = 0.5
    explain: dict[str, Any] = field(default_factory=dict)

    def to_dict(self, explain: bool = False) -> dict[str, Any]:
        out = {
            "id": self.id,
            "type": self.type,
            "mode": self.mode,
            "actor1": self.actor1,
            "actor2": self.actor2,
            "place": self.place,
            "date": self.date,
            "quantities": [q.to_dict() for q in self.quantities],
            "attributed_to": self.attributed_to,
            "status": self.status,
            "confidence": round(self.confidence, 3),
            "evidence": self.evidence.to_dict(),
        }
        if explain:
            out["explain"] = self.explain
        return out


@dataclass(slots=True)
class Relation:
    subject: str
    predicate: str
    object: str
    evidence: Evidence
    rule: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "subject": self.subject,
            "predicate": self.predicate,
            "object": self.object,
            "evidence": self.evidence.to_dict(),
        }


@dataclass(slots=True)
class Extraction:
    """Everything extracted from one document, in the public format's shape."""

    doc: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    language: str | None = None
    actors: list[Actor] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    numbers: list[Number] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)

    def to_dict(self, explain: bool = False) -> dict[str, Any]:
        """The public document-extraction format; ``explain`` adds each event's reasons."""
        return {
            "doc": self.doc,
            "title": self.title,
            "url": self.url,
            "outlet": self.outlet,
            "published": self.published,
            "language": self.language,
            "actors": [a.to_dict() for a in self.actors],
            "places": [p.to_dict() for p in self.places],
            "events": [e.to_dict(explain) for e in self.events],
            "numbers": [n.to_dict() for n in self.numbers],
            "relations": [r.to_dict() for r in self.relations],
        }


def as_plain(obj: Any) -> Any:
    """A dataclass as plain dicts and lists (for debugging and --explain)."""
    return asdict(obj)
