"""ACLED coding of Dossier events, from the data file ``data/acled_map.yaml``.

The file (format described in its header) says which ACLED event type and
sub-event type a PLOVER type + mode becomes, which inter code an actor gets, and
each country's ACLED name and region. It is checked when it is loaded: a
malformed entry raises :class:`~dossier.knowledge.loader.KBError` naming the file,
the entry and the field, so a mistake shows at once, not as wrong rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from dossier.export.records import ActorRef, EventRecord
from dossier.knowledge.loader import KBError
from dossier.model import ACTOR_KINDS, PLOVER_TYPES

MAP_FILE = Path(__file__).parent / "data" / "acled_map.yaml"
INTER_CODES = range(1, 9)
CIVILIAN_TARGETING = "Civilian targeting"
_TOP_FIELDS = {"version", "event_types", "rules", "inter", "regions", "countries"}
_TYPE_FIELDS = {"disorder_type", "sub_event_types", "disorder_by_sub_event_type"}
_RULE_FIELDS = {
    "type",
    "mode",
    "words",
    "actor1_inter",
    "actor2_inter",
    "event_type",
    "sub_event_type",
    "note",
}
_INTER_FIELDS = {"codes", "kinds", "kinds_as_actor2", "foreign_state_forces", "names", "actors"}
_ALPHA3 = re.compile(r"^[A-Z]{3}$")


@dataclass(slots=True, frozen=True)
class Rule:
    """One line of the mapping: conditions on an event, and the ACLED types it gets."""

    index: int  # position in the file, from 1
    type: str  # PLOVER type or "*"
    modes: frozenset[str] | None
    words: re.Pattern[str] | None
    actor1_inter: frozenset[int | None] | None
    actor2_inter: frozenset[int | None] | None
    event_type: str
    sub_event_type: str

    def matches(self, event: EventRecord, inter1: int | None, inter2: int | None) -> bool:
        if self.type != "*" and self.type != event.type:
            return False
        if self.modes is not None and (event.mode or "").strip().lower() not in self.modes:
            return False
        if self.actor1_inter is not None and inter1 not in self.actor1_inter:
            return False
        if self.actor2_inter is not None and inter2 not in self.actor2_inter:
            return False
        return not (self.words is not None and not self.words.search(event.evidence_text or ""))


@dataclass(slots=True, frozen=True)
class AcledCoding:
    """An event's ACLED columns that depend on the mapping."""

    event_type: str
    sub_event_type: str
    disorder_type: str
    inter1: int | None  # 0 = no actor1; None = an actor whose type we do not know
    inter2: int | None
    interaction: int | None
    civilian_targeting: str  # "Civilian targeting" or ""
    rule: int  # the rule that decided, for explanations


@dataclass(slots=True, frozen=True)
class Country:
    alpha3: str
    name: str
    region: str
    iso: int | None  # ISO 3166-1 numeric


@dataclass(slots=True)
class AcledMap:
    path: str
    disorder: dict[tuple[str, str], str]  # (event type, sub-event type) -> disorder type
    rules: list[Rule]
    kind_codes: dict[str, int | None]
    kind_codes_as_actor2: dict[str, int | None]
    foreign_state_forces: int
    name_codes: dict[str, int]
    actor_codes: dict[str, int]
    countries: dict[str, tuple[str, str]]  # alpha-3 -> (ACLED name, region)

    def inter(self, actor: ActorRef | None, role: int, event_country: str | None) -> int | None:
        """The inter code of ``actor`` as actor ``role`` (1 or 2); 0 when there is none.

        Order: the actor's own entry, its (generic) name, its kind as target, its
        kind. State forces acting outside their country become external forces.
        """
        if actor is None:
            return 0
        code: int | None
        if actor.id in self.actor_codes:
            code = self.actor_codes[actor.id]
        elif actor.kb_id and actor.kb_id in self.actor_codes:
            code = self.actor_codes[actor.kb_id]
        elif actor.name.strip().lower() in self.name_codes:
            code = self.name_codes[actor.name.strip().lower()]
        elif role == 2 and actor.kind in self.kind_codes_as_actor2:
            code = self.kind_codes_as_actor2[actor.kind]
        else:
            code = self.kind_codes.get(actor.kind)
        if code == 1 and actor.country and event_country and actor.country != event_country:
            code = self.foreign_state_forces
        return code

    def code(self, event: EventRecord) -> AcledCoding:
        """The ACLED types, inter codes and civilian targeting of one event."""
        country = event.place.country if event.place else None
        inter1 = self.inter(event.actor1, 1, country)
        inter2 = self.inter(event.actor2, 2, country)
        rule = next(r for r in self.rules if r.matches(event, inter1, inter2))
        disorder = self.disorder[(rule.event_type, rule.sub_event_type)]
        targeting = CIVILIAN_TARGETING if inter2 == 7 and "Political violence" in disorder else ""
        return AcledCoding(
            rule.event_type,
            rule.sub_event_type,
            disorder,
            inter1,
            inter2,
            interaction(inter1, inter2),
            targeting,
            rule.index,
        )

    def country(self, alpha3: str | None) -> Country | None:
        """ACLED's name and region for a country, with its ISO numeric code."""
        if not alpha3:
            return None
        import pycountry

        record = pycountry.countries.get(alpha_3=alpha3)
        name, region = self.countries.get(alpha3, ("", ""))
        if not name and record is not None:
            name = getattr(record, "common_name", None) or record.name
        iso = int(record.numeric) if record is not None else None
        return Country(alpha3, name or alpha3, region, iso)


def interaction(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED's interaction code: the two inter codes, lower first (13, 17, 27); one
    actor alone gives its code followed by 0 (10, 60). None when a code is unknown."""
    if inter1 is None or inter2 is None or (inter1 == 0 and inter2 == 0):
        return None
    if inter1 == 0 or inter2 == 0:
        return max(inter1, inter2) * 10
    low, high = sorted((inter1, inter2))
    return low * 10 + high


# ---------------------------------------------------------------------------
# Loading and checking


@lru_cache(maxsize=8)
def _load_cached(path: str, mtime: float) -> AcledMap:
    return parse_map(path)


def load_acled_map(path: str | Path | None = None) -> AcledMap:
    """The mapping from ``path`` (default: the packaged file), checked; cached until
    the file changes."""
    p = Path(path) if path is not None else MAP_FILE
    try:
        mtime = p.stat().st_mtime
    except OSError as exc:
        raise KBError(p, f"cannot read the ACLED mapping: {exc.strerror or exc}") from None
    return _load_cached(str(p), mtime)


def parse_map(path: str | Path) -> AcledMap:
    p = Path(path)
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
    except OSError as exc:
        raise KBError(p, f"cannot read the ACLED mapping: {exc.strerror or exc}") from None
    except yaml.YAMLError as exc:
        raise KBError(p, f"not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise KBError(p, "must be a mapping with event_types, rules, inter and countries")
    _no_unknown(data, _TOP_FIELDS, p, None)
    for req in ("event_types", "rules", "inter"):
        if req not in data:
            raise KBError(p, "is required", fld=req)
    disorder, subtypes = _event_types(data["event_types"], p)
    rules = _rules(data["rules"], subtypes, p)
    inter = _inter(data["inter"], p)
    countries = _countries(data.get("regions"), data.get("countries"), p)
    return AcledMap(str(p), disorder, rules, *inter, countries)


def _no_unknown(raw: dict[str, Any], allowed: set[str], p: Path, entry: str | None) -> None:
    unknown = sorted(set(map(str, raw)) - allowed)
    if unknown:
        raise KBError(p, f"unknown field(s): {', '.join(unknown)}", entry, unknown[0])


def _text(value: Any, p: Path, entry: str, fld: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise KBError(p, "must be a non-empty string", entry, fld)
    return value.strip()


def _event_types(raw: Any, p: Path) -> tuple[dict[tuple[str, str], str], dict[str, set[str]]]:
    if not isinstance(raw, dict) or not raw:
        raise KBError(p, "must map each ACLED event type to its sub-event types", fld="event_types")
    disorder: dict[tuple[str, str], str] = {}
    subtypes: dict[str, set[str]] = {}
    for name, spec in raw.items():
        entry = f"event_types.{name}"
        if not isinstance(spec, dict):
            raise KBError(p, "must be a mapping", entry)
        _no_unknown(spec, _TYPE_FIELDS, p, entry)
        default = _text(spec.get("disorder_type"), p, entry, "disorder_type")
        subs = spec.get("sub_event_types")
        if not isinstance(subs, list) or not subs:
            raise KBError(p, "must be a non-empty list", entry, "sub_event_types")
        names = [_text(s, p, entry, "sub_event_types") for s in subs]
        overrides = spec.get("disorder_by_sub_event_type") or {}
        if not isinstance(overrides, dict):
            raise KBError(
                p, "must map sub-event types to disorder types", entry, "disorder_by_sub_event_type"
            )
        for sub in overrides:
            if sub not in names:
                raise KBError(
                    p,
                    f"{sub!r} is not one of its sub_event_types",
                    entry,
                    "disorder_by_sub_event_type",
                )
        subtypes[str(name)] = set(names)
        for sub in names:
            value = overrides.get(sub, default)
            disorder[(str(name), sub)] = _text(value, p, entry, "disorder_by_sub_event_type")
    return disorder, subtypes


def _codes(value: Any, p: Path, entry: str, fld: str) -> frozenset[int | None] | None:
    if value is None:
        return None
    if not isinstance(value, list) or not value:
        raise KBError(p, "must be a non-empty list of inter codes (0-8, or null)", entry, fld)
    out: set[int | None] = set()
    for v in value:
        if v is not None and (not isinstance(v, int) or isinstance(v, bool) or not 0 <= v <= 8):
            raise KBError(p, f"must be inter codes 0-8 or null; got {v!r}", entry, fld)
        out.add(v)
    return frozenset(out)


def _words(value: Any, p: Path, entry: str) -> re.Pattern[str] | None:
    if value is None:
        return None
    if not isinstance(value, list) or not value:
        raise KBError(p, "must be a non-empty list of words or phrases", entry, "words")
    words = [_text(str(w) if isinstance(w, int | float) else w, p, entry, "words") for w in value]
    alternatives = "|".join(
        r"\s+".join(map(re.escape, w.split())) for w in sorted(words, key=len, reverse=True)
    )
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def _rules(raw: Any, subtypes: dict[str, set[str]], p: Path) -> list[Rule]:
    if not isinstance(raw, list) or not raw:
        raise KBError(p, "must be a non-empty list of rules", fld="rules")
    rules = []
    for i, spec in enumerate(raw, 1):
        entry = f"rules #{i}"
        if not isinstance(spec, dict):
            raise KBError(p, "each rule must be a mapping", entry)
        _no_unknown(spec, _RULE_FIELDS, p, entry)
        ptype = _text(spec.get("type"), p, entry, "type").upper()
        if ptype != "*" and ptype not in PLOVER_TYPES:
            raise KBError(p, f"must be a PLOVER type or '*'; got {ptype!r}", entry, "type")
        modes = spec.get("mode")
        if modes is not None:
            modes = [modes] if isinstance(modes, str) else modes
            if not isinstance(modes, list) or not modes:
                raise KBError(p, "must be a mode or a list of modes", entry, "mode")
            modes = frozenset(_text(m, p, entry, "mode").lower() for m in modes)
        event_type = _text(spec.get("event_type"), p, entry, "event_type")
        if event_type not in subtypes:
            raise KBError(
                p,
                f"{event_type!r} is not an ACLED event type listed in event_types",
                entry,
                "event_type",
            )
        sub = _text(spec.get("sub_event_type"), p, entry, "sub_event_type")
        if sub not in subtypes[event_type]:
            raise KBError(
                p, f"{sub!r} is not a sub-event type of {event_type!r}", entry, "sub_event_type"
            )
        if "note" in spec and not isinstance(spec["note"], str):
            raise KBError(p, "must be text", entry, "note")
        rules.append(
            Rule(
                i,
                ptype,
                modes,
                _words(spec.get("words"), p, entry),
                _codes(spec.get("actor1_inter"), p, entry, "actor1_inter"),
                _codes(spec.get("actor2_inter"), p, entry, "actor2_inter"),
                event_type,
                sub,
            )
        )
    last = rules[-1]
    if not (
        last.type == "*"
        and last.modes is None
        and last.words is None
        and last.actor1_inter is None
        and last.actor2_inter is None
    ):
        raise KBError(
            p,
            "the last rule must match every event (type '*' and no other condition)",
            f"rules #{last.index}",
        )
    return rules


def _code(value: Any, p: Path, entry: str, fld: str, *, nullable: bool) -> int | None:
    if value is None and nullable:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value not in INTER_CODES:
        allowed = "an inter code 1-8" + (" or null" if nullable else "")
        raise KBError(p, f"must be {allowed}; got {value!r}", entry, fld)
    return value


def _inter(
    raw: Any, p: Path
) -> tuple[dict[str, int | None], dict[str, int | None], int, dict[str, int], dict[str, int]]:
    if not isinstance(raw, dict):
        raise KBError(p, "must be a mapping", fld="inter")
    _no_unknown(raw, _INTER_FIELDS, p, "inter")
    codes = raw.get("codes") or {}
    if not isinstance(codes, dict) or set(codes) != set(INTER_CODES):
        raise KBError(p, "must name each inter code 1-8", "inter", "codes")

    def kind_table(name: str) -> dict[str, int | None]:
        table = raw.get(name) or {}
        if not isinstance(table, dict):
            raise KBError(p, "must map actor kinds to inter codes", "inter", name)
        out = {}
        for kind, code in table.items():
            if kind not in ACTOR_KINDS:
                raise KBError(
                    p,
                    f"unknown actor kind {kind!r} (use {', '.join(ACTOR_KINDS)})",
                    f"inter.{name}",
                    str(kind),
                )
            out[kind] = _code(code, p, f"inter.{name}", kind, nullable=True)
        return out

    kinds = kind_table("kinds")
    missing = [k for k in ACTOR_KINDS if k not in kinds]
    if missing:
        raise KBError(
            p,
            f"every actor kind needs a code (or null); missing {', '.join(missing)}",
            "inter",
            "kinds",
        )
    as_target = kind_table("kinds_as_actor2")
    foreign = _code(
        raw.get("foreign_state_forces", 8), p, "inter", "foreign_state_forces", nullable=False
    )

    def code_table(name: str) -> dict[str, int]:
        table = raw.get(name) or {}
        if not isinstance(table, dict):
            raise KBError(p, "must map names to inter codes", "inter", name)
        return {
            str(k).strip().lower() if name == "names" else str(k): _code(  # type: ignore[misc]
                v, p, f"inter.{name}", str(k), nullable=False
            )
            for k, v in table.items()
        }

    return kinds, as_target, foreign, code_table("names"), code_table("actors")  # type: ignore[return-value]


def _countries(regions: Any, raw: Any, p: Path) -> dict[str, tuple[str, str]]:
    if regions is None and raw is None:
        return {}
    if not isinstance(regions, list) or not all(isinstance(r, str) for r in regions):
        raise KBError(p, "must be a list of ACLED region names", fld="regions")
    if not isinstance(raw, dict):
        raise KBError(p, "must map ISO 3166 alpha-3 codes to {name, region}", fld="countries")
    import pycountry

    out = {}
    for code, spec in raw.items():
        entry = f"countries.{code}"
        if (
            not isinstance(code, str)
            or not _ALPHA3.match(code)
            or pycountry.countries.get(alpha_3=code) is None
        ):
            raise KBError(p, "must be an ISO 3166 alpha-3 country code", entry)
        if not isinstance(spec, dict):
            raise KBError(p, "must be a mapping with name and region", entry)
        _no_unknown(spec, {"name", "region"}, p, entry)
        name = _text(spec.get("name"), p, entry, "name")
        region = _text(spec.get("region"), p, entry, "region")
        if region not in regions:
            raise KBError(p, f"{region!r} is not one of the regions listed", entry, "region")
        out[code] = (name, region)
    return out
