"""The whole extraction pipeline: public format, bad input, an optional spaCy model."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
import spacy
from spacy.training import Example

import dossier
from dossier.extract.pipeline import build_nlp, extract_text, extraction_from_doc

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def check_format(rec: dict, text: str) -> None:
    for key in (
        "doc",
        "title",
        "url",
        "outlet",
        "published",
        "language",
        "actors",
        "places",
        "events",
        "numbers",
        "relations",
    ):
        assert key in rec
    for a in rec["actors"]:
        assert set(a) == {"id", "name", "aliases", "kind", "country", "mentions"}
    for p in rec["places"]:
        assert {
            "id",
            "name",
            "aliases",
            "kind",
            "admin1",
            "country",
            "lat",
            "lon",
            "geonames_id",
        } <= set(p)
    for item in rec["numbers"] + rec["events"] + rec["relations"]:
        ev = item["evidence"]
        assert text[ev["start"] : ev["end"]] == ev["text"]


def test_library_call_returns_the_public_format() -> None:
    text = (
        "BAGHDAD, March 3, 2015 - Qassem Suleimani's Qods Force sent more than 300 advisers "
        "to Samarra last June, the Badr Organization said on Monday."
    )
    rec = dossier.extract(text, published="2015-03-03")
    d = rec.to_dict()
    check_format(d, text)
    names = {a["name"] for a in d["actors"]}
    assert {"Qasem Soleimani", "Quds Force", "Badr Organization"} <= names
    assert "Samarra" in {p["name"] for p in d["places"]}
    [n] = [n for n in d["numbers"] if n["value"] == 300]
    assert n["kind"] == "personnel" and n["approximate"] is True
    assert any(x.value == "2014-06" for x in rec.dates)
    json.dumps(d)  # serialisable


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n\t  ",
        "no sentences here just words without capitals or stops " * 3,
        "\x00\x01\x02 control \x07 characters \x1b[31m and Qods Force \x0c",
        pytest.param("word " * 1_000_000, id="5MB-one-line"),
    ],
)
def test_bad_text_gives_a_valid_record(text: str) -> None:
    rec = extract_text(text, name="bad.txt")
    check_format(rec.to_dict(), text)


def test_non_english_is_marked_not_processed() -> None:
    rec = extract_text("Les milices ont quitté la ville de Samarra lundi.", language="fr")
    assert rec.language == "fr" and rec.actors == [] and rec.places == []


def test_end_to_end_on_the_examples() -> None:
    from dossier.extract.pipeline import extract_document
    from dossier.ingest.readers import expand_inputs, read_file

    files, errors = expand_inputs([EXAMPLES])
    assert files and not errors
    n = 0
    actors: set[str] = set()
    for f in files:
        for doc in read_file(f):
            rec = extract_document(doc)
            check_format(rec.to_dict(), doc.text)
            actors |= {a.name for a in rec.actors}
            n += 1
    assert n >= 16
    assert {"Badr Organization", "Popular Mobilization Forces", "Islamic State"} <= actors


def _tiny_ner(path: Path) -> None:
    """Train a small NER model on sentences written here, in a few seconds."""
    nlp = spacy.blank("en")
    ner = nlp.add_pipe("ner")
    ner.add_label("PERSON")
    names = ["Zorvan Kelt", "Ilsa Marrow", "Dako Brenn", "Tavi Oskar"]
    frames = [
        "Yesterday {} arrived in the valley.",
        "Then {} crossed the bridge.",
        "Witnesses saw {} near the market.",
        "Villagers said {} had left.",
    ]
    data = []
    for name in names:
        for frame in frames:
            text = frame.format(name)
            s = text.index(name)
            data.append((text, {"entities": [(s, s + len(name), "PERSON")]}))
    optimizer = nlp.initialize()
    rnd = random.Random(0)
    for _ in range(25):
        rnd.shuffle(data)
        for text, ann in data:
            nlp.update([Example.from_dict(nlp.make_doc(text), ann)], sgd=optimizer, drop=0.1)
    nlp.to_disk(path)


def test_a_spacy_model_adds_its_entities(tmp_path: Path) -> None:
    model = tmp_path / "tiny_ner"
    _tiny_ner(model)
    text = "Witnesses saw Zorvan Kelt near the market."
    plain = extract_text(text)
    assert "Zorvan Kelt" not in {a.name for a in plain.actors}
    nlp = build_nlp(str(model))
    assert "ner" in nlp.pipe_names and "dossier_model_entities" in nlp.pipe_names
    doc = nlp(text)
    rec = extraction_from_doc(doc, "t")
    found = {a.name: a for a in rec.actors}
    assert "Zorvan Kelt" in found
    assert found["Zorvan Kelt"].mentions[0].rule == "model-PERSON"


def test_missing_model_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="not installed"):
        build_nlp("no_such_model_xyz")
