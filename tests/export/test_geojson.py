"""GeoJSON: a valid RFC 7946 FeatureCollection of Points, flat scalar properties."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from dossier.export import EventFilter, write_geojson
from dossier.store import Store

POSITION = {
    "type": "array",
    "minItems": 2,
    "maxItems": 3,
    "prefixItems": [
        {"type": "number", "minimum": -180, "maximum": 180},
        {"type": "number", "minimum": -90, "maximum": 90},
    ],
    "items": {"type": "number"},
}
SCALAR = {"type": ["string", "number", "boolean", "null"]}
# RFC 7946 section 3.2/3.3 for a FeatureCollection of Point features, and our rule
# that properties are flat (what QGIS and kepler.gl turn into an attribute table).
SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["type", "features"],
    "properties": {
        "type": {"const": "FeatureCollection"},
        "features": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["type", "geometry", "properties"],
                "properties": {
                    "type": {"const": "Feature"},
                    "id": {"type": ["string", "number"]},
                    "geometry": {
                        "type": "object",
                        "required": ["type", "coordinates"],
                        "properties": {"type": {"const": "Point"}, "coordinates": POSITION},
                    },
                    "properties": {"type": "object", "additionalProperties": SCALAR},
                },
            },
        },
    },
}


def check(collection: dict[str, Any]) -> None:
    jsonschema.Draft202012Validator(SCHEMA).validate(collection)
    ids = [f["id"] for f in collection["features"]]
    assert len(ids) == len(set(ids))
    assert "crs" not in collection  # RFC 7946 dropped it: WGS 84 only


@pytest.fixture
def collection(store: Store, tmp_path: Path) -> tuple[dict[str, Any], Any]:
    out = tmp_path / "events.geojson"
    result = write_geojson(store, out)
    return json.loads(out.read_text(encoding="utf-8")), result


def test_valid_feature_collection(collection) -> None:
    data, _ = collection
    check(data)


def test_coordinates_are_lon_lat(collection) -> None:
    data, _ = collection
    tarsk = next(f for f in data["features"] if f["properties"]["place"] == "Tarsk")
    assert tarsk["geometry"]["coordinates"] == [44.25678, 33.51234]
    assert "lat" not in tarsk["properties"] and "lon" not in tarsk["properties"]


def test_events_without_coordinates_are_skipped_and_counted(collection) -> None:
    data, result = collection
    assert len(data["features"]) == result.rows == 3
    assert result.skipped == 2  # one with no place, one at a place without coordinates
    assert "skipped 2 events without coordinates" in result.message()


def test_properties_carry_provenance(collection) -> None:
    data, _ = collection
    props = next(f["properties"] for f in data["features"] if f["properties"]["mode"] == "killing")
    assert props["evidence"] == "the Ashen Brigade shot dead villagers across the Emmer province"
    assert props["outlet"] == "Marches Gazette"
    assert props["acled_event_type"] == "Violence against civilians"
    assert props["actor1"] == "Ashen Brigade"


def test_validator_catches_what_it_should() -> None:
    bad_order = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [33.5, 200.0]},
                "properties": {},
            }
        ],
    }
    nested = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [44.2, 33.5]},
                "properties": {"actor": {"id": "x"}},
            }
        ],
    }
    for bad in (bad_order, nested):
        with pytest.raises(jsonschema.ValidationError):
            check(bad)


def test_empty_selection_is_still_valid(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "none.geojson"
    result = write_geojson(store, out, EventFilter(types=["SANCTION"]))
    data = json.loads(out.read_text(encoding="utf-8"))
    check(data)
    assert data["features"] == [] and result.rows == 0 and result.notes == []
