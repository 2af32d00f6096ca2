"""Actor mentions: knowledge-base aliases, rules for unknown actors, short forms."""

import pytest

from dossier.extract.actors import ActorMatcher, find_actors
from dossier.knowledge.loader import load_kb

KB = """\
version: 1
source: written for these tests; the actors are invented
actors:
  - id: estland
    name: Estland
    kind: state
    country: null
    aliases: [Estlandian regime]
    metonyms: [Norburg]
  - id: vale-force
    name: Vale Force
    kind: armed_group
    country: null
    aliases: [Al Wadi Brigades]
    acronyms: [VF]
  - id: qasem-harrani
    name: Qasem al-Harrani
    kind: person
    country: null
  - id: asaib-ahl-al-nahr
    name: "Asa'ib Ahl al-Nahr"
    kind: armed_group
    country: null
    acronyms: [AAN]
"""


@pytest.fixture(scope="module")
def matcher(tmp_path_factory: pytest.TempPathFactory) -> ActorMatcher:
    d = tmp_path_factory.mktemp("kb")
    (d / "test.yaml").write_text(KB, encoding="utf-8")
    return ActorMatcher(load_kb([d]))


def names(matcher: ActorMatcher, text: str) -> dict[str, list[str]]:
    result = find_actors(text, matcher.kb, matcher)
    return {a.name: [m.rule for m in a.mentions] for a in result.actors if not a.generic}


def test_transliterations_and_possessives(matcher: ActorMatcher) -> None:
    text = "Qassim al Harrani met Asaib Ahl al Nahr’s fighters and the Wadi Brigades."
    by_name = {a.name: a for a in find_actors(text, matcher.kb, matcher).actors if not a.generic}
    assert set(by_name) == {"Qasem al-Harrani", "Asa'ib Ahl al-Nahr", "Vale Force"}
    assert by_name["Qasem al-Harrani"].aliases == ["Qassim al Harrani"]
    assert by_name["Asa'ib Ahl al-Nahr"].aliases == ["Asaib Ahl al Nahr"]
    assert by_name["Vale Force"].aliases == ["Wadi Brigades"]


def test_acronyms_are_case_sensitive(matcher: ActorMatcher) -> None:
    assert "Vale Force" in names(matcher, "Fighters of the VF crossed the river.")
    assert "Vale Force" not in names(matcher, "The vf button was pressed.")


def test_capital_as_government_but_not_as_place(matcher: ActorMatcher) -> None:
    assert names(matcher, "Norburg's interference grew, and Norburg sent advisers.")["Estland"] == [
        "kb-metonym",
        "kb-metonym",
    ]
    assert "Estland" not in names(matcher, "Officials met in Norburg and Estland on Monday.")


def test_unknown_people_by_title_role_and_speech(matcher: ActorMatcher) -> None:
    text = (
        "Brigadier General Tomas Ardent inspected the line. "
        "Mira Solvang, the commander of the Hill Guards, agreed. "
        "Oren Falk told reporters the road was open."
    )
    found = names(matcher, text)
    assert found["Tomas Ardent"] == ["person-title"]
    assert found["Mira Solvang"] == ["person-apposition"]
    assert found["Oren Falk"] == ["person-speaker"]
    assert found["Hill Guards"] == ["org-head"]


def test_place_inside_an_organisation_name_is_part_of_the_actor(matcher: ActorMatcher) -> None:
    found = find_actors(
        "The Diyala Operations Command said the road was shut.", matcher.kb, matcher
    )
    org = next(a for a in found.actors if a.name == "Diyala Operations Command")
    assert org.kind == "armed_group"
    text = "The Diyala Operations Command said the road was shut."
    assert (text.index("Diyala"), text.index(" said")) in found.blocked_spans()


def test_surname_and_defined_acronym_resolve_back(matcher: ActorMatcher) -> None:
    text = (
        "Sheikh Harith Dulaimi spoke first. Later, Dulaimi left. "
        "The Northern Relief Committee (NRC) opened a camp; the NRC said it was full."
    )
    result = find_actors(text, matcher.kb, matcher)
    by_name = {a.name: a for a in result.actors}
    assert [m.rule for m in by_name["Harith Dulaimi"].mentions] == ["person-title", "surname"]
    assert [m.rule for m in by_name["Northern Relief Committee"].mentions] == [
        "org-head",
        "acronym-defined",
        "acronym-defined",
    ]


def test_generic_groups_are_typed_but_not_named(matcher: ActorMatcher) -> None:
    result = find_actors("Gunmen opened fire on protesters near the market.", matcher.kb, matcher)
    generic = {a.name: a.kind for a in result.actors if a.generic}
    assert generic == {"gunmen": "armed_group", "protesters": "other"}
    assert not [a for a in result.actors if not a.generic]


def test_sentence_openers_are_not_people(matcher: ActorMatcher) -> None:
    found = names(matcher, "Meanwhile Officials said nothing. However Reports told a story.")
    assert found == {}


def test_offsets_are_true(matcher: ActorMatcher) -> None:
    text = "In Norburg’s view, Qasem al-Harrani’s men and the VF were one."
    result = find_actors(text, matcher.kb, matcher)
    for h in result.hits:
        assert text[h.start : h.end] in {"Norburg", "Qasem al-Harrani", "VF"}


def test_real_knowledge_base_resolves_common_spellings() -> None:
    from dossier.extract.pipeline import actor_matcher

    m = actor_matcher()
    text = (
        "Commanders of the Qods Force and Kataib Hizbollah met Qassem Suleimani, "
        "while the Hashd al-Shaabi and the Badr Organization moved on the town."
    )
    found = set(names(m, text))
    assert {
        "Quds Force",
        "Kata'ib Hezbollah",
        "Qasem Soleimani",
        "Popular Mobilization Forces",
        "Badr Organization",
    } <= found


def test_a_name_that_is_one_word_after_its_article_needs_the_article() -> None:
    from dossier.extract.pipeline import actor_matcher

    found = names(actor_matcher(), "Al-Monitor and the Mesopotamia Monitor both reported it.")
    assert "Al-Monitor" in found
    assert [r for r in found["Al-Monitor"]] == ["kb-name"]


def test_institutions_after_a_title_word_are_not_people(matcher: ActorMatcher) -> None:
    found = names(matcher, "A source at Tarmiyah General Hospital said 17 people were killed.")
    assert not any(
        rules == ["person-title"] or rules == ["person-speaker"] for rules in found.values()
    )


def test_a_place_named_after_an_actor_is_not_the_actor() -> None:
    from dossier.extract.pipeline import actor_matcher

    found = names(
        actor_matcher(), "Islamic State fighters blew up the Fatah bridge north of Baiji."
    )
    assert "Fatah" not in found and "Islamic State" in found


def test_an_apposition_may_open_with_himself_or_formerly() -> None:
    import dossier

    names = {
        a.name
        for a in dossier.extract("Tomas Ardent, himself a senior IRGC member, was replaced.").actors
    }
    assert "Tomas Ardent" in names
    names = {
        a.name
        for a in dossier.extract(
            "Mira Solvang, formerly a commander of the Badr Organization, spoke."
        ).actors
    }
    assert "Mira Solvang" in names
