"""Events: types, voice-aware roles, restatements, opinion, and the lexicon loader."""

from __future__ import annotations

from pathlib import Path

import pytest

import dossier
from dossier.extract.events import inflect, load_lexicon
from dossier.knowledge.loader import KBError


def events(text: str, published: str | None = "2015-03-10") -> list:
    return dossier.extract(text, published=published).events


def test_inflections() -> None:
    assert set(inflect("kill")) == {"kill", "kills", "killed", "killing"}
    assert inflect("send:sent")["sent"] == "participle"
    assert "shelled" in inflect("shell") and "stabbed" in inflect("stab")
    assert "shot dead" in inflect("shoot dead:shot dead")
    assert "carried" in inflect("carry") and "carries" in inflect("carry")


@pytest.mark.parametrize(
    ("sentence", "etype"),
    [
        ("Islamic State fighters killed 12 villagers near Baiji on Monday.", "ASSAULT"),
        ("The Iraqi Federal Police arrested 20 men in Abu Ghraib on Monday.", "COERCE"),
        ("Iran deployed hundreds of advisers to Samarra in June.", "MOBILIZE"),
        ("The Badr Organization threatened to attack Turkish troops near Mosul.", "THREATEN"),
        (
            "Amnesty International condemned the Popular Mobilization Forces over the abuses.",
            "ACCUSE",
        ),
        ("The Kurdistan Regional Government demanded that Baghdad pay salaries.", "REQUEST"),
        ("Peshmerga forces withdrew from the village of Bashiqa on Monday.", "RETREAT"),
        ("Haidar al-Abadi met Masoud Barzani in Erbil on Monday.", "CONSULT"),
        ("Iran supplied weapons and equipment to Kata'ib Hezbollah last year.", "AID"),
        (
            "Thousands of Sadrist Movement supporters protested in Tahrir Square on Friday.",
            "PROTEST",
        ),
    ],
)
def test_each_type(sentence: str, etype: str) -> None:
    assert etype in {e.type for e in events(sentence)}


def test_active_roles_and_quantities() -> None:
    [e] = [
        e
        for e in events(
            "Islamic State fighters killed 12 Peshmerga soldiers near Sinjar on Monday."
        )
        if e.type == "ASSAULT"
    ]
    assert e.actor1 == "Islamic State"
    assert e.actor2 == "Peshmerga"
    assert e.place == "Sinjar"
    assert e.date == "2015-03-09"
    assert [(q.value, q.kind) for q in e.quantities] == [(12, "killed")]


def test_passive_roles() -> None:
    [e] = [
        e
        for e in events("Four Sunni clerics were assassinated by Asa'ib Ahl al-Haq in Basra.")
        if e.type == "ASSAULT"
    ]
    assert e.actor1 == "Asa'ib Ahl al-Haq"
    assert e.mode == "assassination"


def test_nominal_roles() -> None:
    evs = events(
        "The Peshmerga condemned the abduction of Yazidi women by Islamic State militants."
    )
    [e] = [e for e in evs if e.type == "ASSAULT"]
    assert e.actor1 == "Islamic State"


def test_two_happenings_in_one_sentence() -> None:
    evs = events("Militiamen burned houses in Jurf al-Sakhar and arrested dozens of young men.")
    assert {e.type for e in evs} >= {"ASSAULT", "COERCE"}


def test_restatement_is_not_a_second_event() -> None:
    text = (
        "A car bomb exploded at a checkpoint near Tarmiyah on Monday, killing nine soldiers. "
        "The bombing was the deadliest in the district this year."
    )
    evs = [e for e in events(text) if e.type == "ASSAULT"]
    assert len({e.evidence.start for e in evs}) == len(evs)
    assert all(e.evidence.start < text.index("The bombing") for e in evs)


@pytest.mark.parametrize(
    "sentence",
    [
        "The government should disband the militias before the elections.",
        "In my view, the offensive must be postponed until the spring.",
        "Diyala is a mixed province with a long history of trade.",
    ],
)
def test_no_event_in_opinion_or_background(sentence: str) -> None:
    assert events(sentence) == []


def test_evidence_offsets_and_explain() -> None:
    text = "On Friday, Kata'ib Hezbollah fighters shelled the town of Baiji, residents said."
    for e in events(text):
        assert text[e.evidence.start : e.evidence.end] == e.evidence.text
        assert e.explain["trigger"].lower() in e.evidence.text.lower()
        assert 0 <= e.confidence <= 1


def test_lexicon_loader_names_file_entry_and_field(tmp_path: Path) -> None:
    bad = tmp_path / "events.yaml"
    bad.write_text(
        "version: 1\nevents:\n  - {type: ASSAULT, mode: killing, verbs: [kill]}\n"
        "  - {type: SMASH, mode: smashing, verbs: [smash]}\n",
        encoding="utf-8",
    )
    with pytest.raises(KBError) as err:
        load_lexicon(bad)
    assert (
        "events.yaml" in str(err.value)
        and err.value.field == "type"
        and "#2" in str(err.value.entry)
    )
    bad.write_text("version: 1\nevents:\n  - {type: ASSAULT, verbs: kill}\n", encoding="utf-8")
    with pytest.raises(KBError) as err:
        load_lexicon(bad)
    assert err.value.field == "verbs"


@pytest.mark.parametrize(
    ("sentence", "etype", "mode"),
    [
        (
            "The bodies of 12 men were found in an orchard near Baquba on Monday.",
            "ASSAULT",
            "killing",
        ),
        (
            "Islamic State fighters launched rockets at Erbil on Monday.",
            "ASSAULT",
            "missile attack",
        ),
        (
            "Kata'ib Hezbollah is listed as a terrorist organization by the United States.",
            "SANCTION",
            "sanction",
        ),
    ],
)
def test_triggers_that_need_a_companion_word(sentence: str, etype: str, mode: str) -> None:
    assert (etype, mode) in {(e.type, e.mode) for e in events(sentence)}


def test_a_noun_without_its_companion_word_is_no_event() -> None:
    assert events("The missiles are stored in a warehouse near the airport.") == []


@pytest.mark.parametrize(
    "sentence",
    [
        "The killing of the two clerics was met with deafening silence by the government.",
        "The rapid growth of these militias helps explain why Tehran has so much influence.",
    ],
)
def test_words_after_a_trigger_can_cancel_it(sentence: str) -> None:
    assert not {"CONSULT", "AID"} & {e.type for e in events(sentence)}


def test_lexicon_unless_must_be_a_list_of_words(tmp_path: Path) -> None:
    bad = tmp_path / "events.yaml"
    bad.write_text(
        "version: 1\nsource: test\nevents:\n"
        "  - {type: CONSULT, mode: meeting, verbs: [meet], unless: silence}\n",
        encoding="utf-8",
    )
    with pytest.raises(KBError) as err:
        load_lexicon(bad)
    assert "unless" in str(err.value) and "events.yaml" in str(err.value)


def test_a_linked_title_with_outlet_and_date_is_no_event() -> None:
    text = (
        "Militia commander reportedly detained by Kurdish forces near Kirkuk, Rudaw, May 5, 2016\n\n"
        "Kurdish security forces arrested a militia commander at a checkpoint near Kirkuk."
    )
    evs = [e for e in events(text) if e.type == "COERCE"]
    assert len(evs) == 1
    assert evs[0].evidence.text.startswith("Kurdish security forces arrested")


def test_the_bare_noun_refers_back_to_the_event_told_earlier() -> None:
    text = (
        "Iraqi forces launched an offensive on Tikrit in March.\n\n"
        "Local officials praised the courage of the soldiers.\n\n"
        "Turkmen volunteers from Amerli took part in the offensive as well."
    )
    assert [e.explain["trigger"] for e in events(text) if e.type == "ASSAULT"] == ["offensive"]
    assert len([e for e in events(text) if e.type == "ASSAULT"]) == 1


def test_lexicon_retype_side_must_be_before_after_or_both(tmp_path: Path) -> None:
    bad = tmp_path / "events.yaml"
    bad.write_text(
        "version: 1\nsource: test\nevents:\n"
        "  - {type: ASSAULT, mode: attack, verbs: [storm], "
        "retype: [{words: [protesters], type: PROTEST, side: left}]}\n",
        encoding="utf-8",
    )
    with pytest.raises(KBError) as err:
        load_lexicon(bad)
    assert "retype" in str(err.value) and "side" in str(err.value)
