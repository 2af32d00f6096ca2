"""Relations between actors: patterns, demonyms, the knowledge base where the text supports it."""

from pathlib import Path

import pytest

from dossier.extract import relations as rel
from dossier.extract.actors import ActorMatcher, Hit
from dossier.extract.relations import extract_relations, load_relation_rules
from dossier.extract.sentences import split_sentences
from dossier.knowledge.loader import KBError, load_kb
from dossier.model import Relation

# Invented actors; the states carry the ids the shipped demonyms point to.
KB = """\
version: 1
source: written for these tests; the people and groups are invented
actors:
  - id: iran
    name: Iran
    kind: state
    country: IRN
    metonyms: [Tehran]
  - id: russia
    name: Russia
    kind: state
    country: RUS
  - id: iraq
    name: Iraq
    kind: state
    country: IRQ
  - id: iraq-government
    name: Government of Iraq
    kind: government_body
    country: IRQ
    aliases: [Iraqi government]
  - id: estland
    name: Estland
    kind: state
    country: EST
    metonyms: [Norburg]
  - id: guard-corps
    name: Guard Corps
    kind: armed_group
    country: EST
    acronyms: [GC]
  - id: vale-force
    name: Vale Force
    kind: armed_group
    country: EST
    acronyms: [VF]
    affiliations:
      part_of: [guard-corps]
  - id: river-front
    name: River Front
    kind: armed_group
    country: null
  - id: hill-legion
    name: Hill Legion
    kind: armed_group
    country: null
  - id: lake-legion
    name: Lake Legion
    kind: armed_group
    country: null
  - id: free-council
    name: Free Council
    kind: political_party
    country: EST
  - id: estland-backed-militias
    name: Estland-backed militias
    kind: armed_group
    country: null
    affiliations:
      backed_by: [estland]
  - id: tomas-ardent
    name: Tomas Ardent
    kind: person
    country: EST
  - id: mira-solvang
    name: Mira Solvang
    kind: person
    country: EST
    affiliations:
      commands: [vale-force]
  - id: oren-falk
    name: Oren Falk
    kind: person
    country: IRN
  - id: ivan-sorokin
    name: Ivan Sorokin
    kind: person
    country: RUS
  - id: karim-dabbagh
    name: Karim Dabbagh
    kind: person
    country: IRQ
"""


@pytest.fixture(scope="module")
def matcher(tmp_path_factory: pytest.TempPathFactory) -> ActorMatcher:
    d = tmp_path_factory.mktemp("kb")
    (d / "test.yaml").write_text(KB, encoding="utf-8")
    return ActorMatcher(load_kb([d]))


def extract(matcher: ActorMatcher, text: str) -> list[Relation]:
    hits = matcher.find(text).hits
    return extract_relations(text, split_sentences(text), hits, matcher.kb)


def triples(matcher: ActorMatcher, text: str) -> set[tuple[str, str, str]]:
    return {(r.subject, r.predicate, r.object) for r in extract(matcher, text)}


# ------------------------------------------------------------------ appositions and roles
@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Tomas Ardent, the commander of the River Front, spoke.",
            ("Tomas Ardent", "commands", "River Front"),
        ),
        (
            "Tomas Ardent, a commander of the River Front, spoke.",
            ("Tomas Ardent", "member_of", "River Front"),
        ),
        (
            "Tomas Ardent, the leader of the Hill Legion, spoke.",
            ("Tomas Ardent", "leads", "Hill Legion"),
        ),
        (
            "Tomas Ardent, a member of the Free Council, spoke.",
            ("Tomas Ardent", "member_of", "Free Council"),
        ),
        (
            "Tomas Ardent, secretary of the Free Council, spoke.",
            ("Tomas Ardent", "leads", "Free Council"),
        ),
        (
            "The head of the Free Council, Tomas Ardent, spoke.",
            ("Tomas Ardent", "leads", "Free Council"),
        ),
        ("Chief of the Hill Legion Tomas Ardent spoke.", ("Tomas Ardent", "leads", "Hill Legion")),
        (
            "Tomas Ardent is a senior member of the Free Council.",
            ("Tomas Ardent", "member_of", "Free Council"),
        ),
        (
            "Tomas Ardent, himself a senior River Front commander, spoke.",
            ("Tomas Ardent", "member_of", "River Front"),
        ),
        ("Tomas Ardent, the president of Estland, spoke.", ("Tomas Ardent", "leads", "Estland")),
        (
            "Tomas Ardent, the Free Council's spokesman, spoke.",
            ("Tomas Ardent", "represents", "Free Council"),
        ),
    ],
)
def test_apposition_roles(matcher: ActorMatcher, text: str, expected: tuple[str, str, str]) -> None:
    assert expected in triples(matcher, text)


def test_role_before_the_name_depends_on_the_article(matcher: ActorMatcher) -> None:
    # "Y commander X": one of Y's commanders; "the Y commander X" / "Y's commander X": Y's commander
    assert ("Tomas Ardent", "member_of", "River Front") in triples(
        matcher, "River Front commander Tomas Ardent was killed."
    )
    assert ("Tomas Ardent", "commands", "River Front") in triples(
        matcher, "They met the River Front commander Tomas Ardent."
    )
    assert ("Tomas Ardent", "commands", "River Front") in triples(
        matcher, "They met the River Front's commander, General Tomas Ardent."
    )
    assert ("Tomas Ardent", "leads", "Hill Legion") in triples(
        matcher, "Hill Legion leader Tomas Ardent spoke."
    )
    assert ("Tomas Ardent", "member_of", "Free Council") in triples(
        matcher, "Free Council member Tomas Ardent spoke."
    )


def test_role_before_the_name_follows_the_knowledge_base_when_no_article_says(
    matcher: ActorMatcher,
) -> None:
    # the knowledge base records that Mira Solvang commands the Vale Force
    assert ("Mira Solvang", "commands", "Vale Force") in triples(
        matcher, "Vale Force commander Mira Solvang left."
    )


def test_owner_of_the_object_is_not_the_object(matcher: ActorMatcher) -> None:
    found = triples(matcher, "Tomas Ardent, the commander of Estland's Hill Legion, spoke.")
    assert ("Tomas Ardent", "commands", "Hill Legion") in found
    assert not any(o == "Estland" for s, _, o in found if s == "Tomas Ardent")


def test_led_by_and_under_command(matcher: ActorMatcher) -> None:
    assert ("Tomas Ardent", "leads", "Hill Legion") in triples(
        matcher, "The Hill Legion, led by Tomas Ardent, advanced."
    )
    assert ("Tomas Ardent", "commands", "Hill Legion") in triples(
        matcher, "The Hill Legion fights under the command of Tomas Ardent."
    )


# ------------------------------------------------------------------ demonyms and heads of state
def test_demonym_role_person(matcher: ActorMatcher) -> None:
    assert ("Ivan Sorokin", "leads", "Russia") in triples(
        matcher, "Russian President Ivan Sorokin arrived."
    )
    assert ("Oren Falk", "member_of", "Iran") in triples(
        matcher, "Iranian Defense Minister Oren Falk arrived."
    )
    # for Iraq the state is the government, as the data file's stand-in says
    assert ("Karim Dabbagh", "leads", "Government of Iraq") in triples(
        matcher, "Former Iraqi prime minister Karim Dabbagh arrived."
    )


def test_possessive_state_role_person(matcher: ActorMatcher) -> None:
    assert ("Oren Falk", "member_of", "Iran") in triples(
        matcher, "Iran's Defense Minister Oren Falk said so."
    )
    assert ("Oren Falk", "leads", "Iran") in triples(
        matcher, "Iran’s Supreme Leader Oren Falk said so."
    )


def test_head_of_state_title_uses_the_persons_country(matcher: ActorMatcher) -> None:
    lead = ("Tomas Ardent", "leads", "Estland")
    assert lead in triples(
        matcher, "Estland's envoys left. They met President Tomas Ardent on Monday."
    )
    # only when the document names that state
    assert lead not in triples(matcher, "They met President Tomas Ardent on Monday.")
    # "Vice President" is not the head
    assert lead not in triples(
        matcher, "Estland's envoys left. They met Vice President Tomas Ardent on Monday."
    )
    # "President X of Y" is Y's president
    assert lead not in triples(
        matcher, "Estland's envoys left. President Tomas Ardent of the Free Council spoke."
    )


# ------------------------------------------------------------------ backing, affiliation, proxies
@pytest.mark.parametrize(
    "text, expected",
    [
        ("The Estland-backed River Front attacked.", ("River Front", "backed_by", "Estland")),
        ("The River Front, backed by Estland, attacked.", ("River Front", "backed_by", "Estland")),
        (
            "The River Front, a small militia backed by Estland, attacked.",
            ("River Front", "backed_by", "Estland"),
        ),
        ("The River Front supported by Norburg attacked.", ("River Front", "backed_by", "Estland")),
        ("The Iranian-backed Hill Legion attacked.", ("Hill Legion", "backed_by", "Iran")),
        ("Estland's proxy River Front attacked.", ("River Front", "backed_by", "Estland")),
        (
            "The River Front, Estland's main proxy, attacked.",
            ("River Front", "backed_by", "Estland"),
        ),
        (
            "The River Front, linked to the Hill Legion, attacked.",
            ("River Front", "affiliated_with", "Hill Legion"),
        ),
        (
            "The River Front affiliated with the Hill Legion attacked.",
            ("River Front", "affiliated_with", "Hill Legion"),
        ),
        (
            "The Lake Legion-linked River Front attacked.",
            ("River Front", "affiliated_with", "Lake Legion"),
        ),
    ],
)
def test_backing_and_affiliation(
    matcher: ActorMatcher, text: str, expected: tuple[str, str, str]
) -> None:
    assert expected in triples(matcher, text)


@pytest.mark.parametrize(
    "text",
    [
        "Militias backed by Norburg shelled the town.",
        "The Estland-backed groups shelled the town.",
    ],
)
def test_unnamed_militias_resolve_to_the_knowledge_base_collective(
    matcher: ActorMatcher, text: str
) -> None:
    assert ("Estland-backed militias", "backed_by", "Estland") in triples(matcher, text)


def test_militias_linked_to_a_named_group(matcher: ActorMatcher) -> None:
    # the collective is the one the knowledge base ties to the group's state (Estland)
    expected = ("Estland-backed militias", "affiliated_with", "Guard Corps")
    assert expected in triples(matcher, "The Guard Corps and its linked militias shelled the town.")
    assert expected in triples(matcher, "The town was shelled by militias affiliated with the GC.")
    assert expected in triples(matcher, "The Guard Corps's militias shelled the town.")


def test_appositions_of_organisations(matcher: ActorMatcher) -> None:
    assert ("River Front", "backed_by", "Estland") in triples(
        matcher, "The River Front, the Estland-backed group, denied it."
    )
    assert ("River Front", "backed_by", "Iran") in triples(
        matcher, "The River Front, an Iranian-backed militia, denied it."
    )
    assert ("Vale Force", "part_of", "Guard Corps") in triples(
        matcher, "The Vale Force, the external arm of the Guard Corps, denied it."
    )
    assert ("River Front", "part_of", "Hill Legion") in triples(
        matcher, "The River Front, the Hill Legion's armed wing, denied it."
    )
    found = triples(
        matcher, "The River Front and the Lake Legion, both members of the Hill Legion, denied it."
    )
    assert {
        ("River Front", "member_of", "Hill Legion"),
        ("Lake Legion", "member_of", "Hill Legion"),
    } <= found


def test_named_object_the_actor_stage_left_out(matcher: ActorMatcher) -> None:
    # a state after "of" is read as a place by the actor stage; the pattern resolves the name itself
    assert ("Oren Falk", "member_of", "Iran") in triples(
        matcher, "Oren Falk, a former senior official of Iran, spoke."
    )
    assert ("Estland-backed militias", "affiliated_with", "Estland") in triples(
        matcher, "Several militias maintain close links to Estland, officials say."
    )


def test_list_goes_on_after_an_apposition(matcher: ActorMatcher) -> None:
    text = (
        "The Hill Legion takes its orders from Tomas Ardent, commander of the Vale Force, "
        "and Gen. Mira Solvang."
    )
    found = triples(matcher, text)
    assert ("Tomas Ardent", "commands", "Hill Legion") in found
    assert ("Mira Solvang", "commands", "Hill Legion") in found
    assert ("Tomas Ardent", "commands", "Vale Force") in found


def test_two_roles_in_one_apposition(matcher: ActorMatcher) -> None:
    text = (
        "Tomas Ardent, the director of a bank in Norburg and an old associate of "
        "President Mira Solvang, resigned."
    )
    assert ("Tomas Ardent", "affiliated_with", "Mira Solvang") in triples(matcher, text)


def test_the_state_stands_in_for_its_government(matcher: ActorMatcher) -> None:
    found = triples(matcher, "Iraq's Prime Minister Karim Dabbagh met them.")
    assert ("Karim Dabbagh", "leads", "Government of Iraq") in found
    assert not any(o == "Iraq" for _, _, o in found)


# ------------------------------------------------------------------ training, money, arms, alliances, opposition
@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "The River Front, trained by the Guard Corps, attacked.",
            ("Guard Corps", "trains", "River Front"),
        ),
        ("The Guard Corps trains the River Front.", ("Guard Corps", "trains", "River Front")),
        ("Estland funds the River Front.", ("Estland", "funds", "River Front")),
        ("Estland finances the River Front.", ("Estland", "funds", "River Front")),
        ("Estland arms the River Front.", ("Estland", "arms", "River Front")),
        ("Estland supplies weapons to the River Front.", ("Estland", "arms", "River Front")),
        (
            "The River Front, allied with the Hill Legion, attacked.",
            ("River Front", "allied_with", "Hill Legion"),
        ),
        (
            "The River Front and its allies the Hill Legion attacked.",
            ("River Front", "allied_with", "Hill Legion"),
        ),
        ("The River Front opposes the Hill Legion.", ("River Front", "opposes", "Hill Legion")),
        (
            "The River Front, which is fighting the Hill Legion, attacked.",
            ("River Front", "opposes", "Hill Legion"),
        ),
    ],
)
def test_training_money_arms_alliances_opposition(
    matcher: ActorMatcher, text: str, expected: tuple[str, str, str]
) -> None:
    assert expected in triples(matcher, text)


def test_collectives_trained_funded_armed(matcher: ActorMatcher) -> None:
    found = triples(matcher, "Estland trains and arms militias across the region.")
    assert ("Estland", "trains", "Estland-backed militias") in found


def test_fighting_alongside_relates_the_sentence_subject(matcher: ActorMatcher) -> None:
    text = (
        "Tomas Ardent, the leader of the Hill Legion, was seen fighting alongside the River Front."
    )
    found = triples(matcher, text)
    assert ("Tomas Ardent", "allied_with", "River Front") in found
    assert ("Tomas Ardent", "leads", "Hill Legion") in found


def test_opposition_group_opposes_its_country(matcher: ActorMatcher) -> None:
    # a demonym names the state ...
    assert ("Free Council", "opposes", "Iran") in triples(
        matcher, "The Iranian opposition, the Free Council, issued a statement."
    )
    # ... or the knowledge base's country of the group does
    assert ("Free Council", "opposes", "Estland") in triples(
        matcher, "The opposition group Free Council issued a statement."
    )


# ------------------------------------------------------------------ the knowledge base, only where the text supports it
def test_kb_affiliation_with_a_cue_between_the_names(matcher: ActorMatcher) -> None:
    found = extract(
        matcher, "The Vale Force operates as the spearhead wing of the Guard Corps in the north."
    )
    assert [(r.subject, r.predicate, r.object, r.rule) for r in found] == [
        ("Vale Force", "part_of", "Guard Corps", "kb-cue")
    ]


def test_kb_affiliation_in_a_possessive_or_side_by_side(matcher: ActorMatcher) -> None:
    assert ("Vale Force", "part_of", "Guard Corps") in triples(
        matcher, "The Guard Corps's Vale Force advanced."
    )
    assert ("Vale Force", "part_of", "Guard Corps") in triples(
        matcher, "The GC Vale Force advanced."
    )


@pytest.mark.parametrize(
    "text",
    [
        "The Vale Force attacked a village. The Guard Corps denied any role.",
        "The Vale Force and the Guard Corps were both seen near Norburg.",
        "The Vale Force shelled the bridge, a Guard Corps statement said.",
    ],
)
def test_kb_affiliation_without_textual_support_is_not_emitted(
    matcher: ActorMatcher, text: str
) -> None:
    assert not any(p == "part_of" for _, p, _ in triples(matcher, text))


# ------------------------------------------------------------------ lists, examples, generic groups
def test_examples_inherit_the_groups_relations(matcher: ActorMatcher) -> None:
    text = "Militias backed by Norburg, such as the River Front, the Hill Legion and the Lake Legion, fought."
    found = triples(matcher, text)
    for name in ("River Front", "Hill Legion", "Lake Legion"):
        assert (name, "backed_by", "Estland") in found


def test_list_members_share_the_relation(matcher: ActorMatcher) -> None:
    found = triples(matcher, "The River Front and the Hill Legion, both backed by Estland, fought.")
    assert {
        ("Hill Legion", "backed_by", "Estland"),
        ("River Front", "backed_by", "Estland"),
    } <= found
    found = triples(
        matcher, "The Hill Legion and the Lake Legion take their orders from Tomas Ardent."
    )
    assert {
        ("Tomas Ardent", "commands", "Hill Legion"),
        ("Tomas Ardent", "commands", "Lake Legion"),
    } <= found


def test_generic_hits_are_not_actors(matcher: ActorMatcher) -> None:
    text = "Gunmen, backed by Estland, attacked."
    hits = matcher.find(text).hits
    assert any(h.generic for h in hits)
    assert extract_relations(text, split_sentences(text), hits, matcher.kb) == []
    # a hand-made generic hit is ignored too
    fake = [Hit(0, 6, "g:gunmen", "gunmen", "armed_group", None, "generic", generic=True)]
    assert extract_relations(text, split_sentences(text), fake + hits[1:], matcher.kb) == [
        r for r in extract_relations(text, split_sentences(text), hits, matcher.kb)
    ]


# ------------------------------------------------------------------ evidence and deduplication
def test_evidence_is_exact_and_within_one_sentence(matcher: ActorMatcher) -> None:
    text = (
        "Intro line.\n\nThe River Front, backed by Estland, attacked. "
        "Russian President Ivan Sorokin said the Guard Corps's Vale Force was ready."
    )
    sentences = split_sentences(text)
    found = extract(matcher, text)
    assert len(found) >= 3
    for r in found:
        ev = r.evidence
        assert text[ev.start : ev.end] == ev.text
        assert any(s <= ev.start and ev.end <= e for s, e in sentences)
        assert r.rule


def test_deduplicated_per_triple_keeping_the_first_evidence(matcher: ActorMatcher) -> None:
    text = (
        "The River Front, backed by Estland, attacked. "
        "Later the Estland-backed River Front withdrew. The River Front, backed by Norburg, returned."
    )
    found = [
        r
        for r in extract(matcher, text)
        if (r.subject, r.predicate, r.object) == ("River Front", "backed_by", "Estland")
    ]
    assert len(found) == 1
    assert found[0].evidence.text == "River Front, backed by Estland"


def test_no_relation_between_actors_that_merely_cooccur(matcher: ActorMatcher) -> None:
    text = (
        "Tomas Ardent arrived in Norburg. The River Front issued a statement. Oren Falk was silent."
    )
    assert extract(matcher, text) == []


def test_empty_input(matcher: ActorMatcher) -> None:
    assert extract_relations("", [], [], matcher.kb) == []


# ------------------------------------------------------------------ the data file
def test_shipped_data_file_loads() -> None:
    rules = load_relation_rules()
    assert rules.patterns and rules.demonyms["Iranian"] == "iran"
    assert rules.roles["commander"] == {"def": "commands", "pre": "member_of", "indef": "member_of"}


def _write_rules(tmp_path: Path, old: str, new: str) -> Path:
    text = rel.RULES_FILE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "relations.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "old, new, entry, field",
    [
        (
            "    predicate: leads\n    subject: left\n  - id: demonym-led",
            "    predicate: heads\n    subject: left\n  - id: demonym-led",
            "hyphen-led",
            "predicate",
        ),
        (
            "  - id: led-by\n    type: pair\n",
            "  - id: led-by\n    type: triple\n",
            "led-by",
            "type",
        ),
        (
            "  - id: hyphen-led\n    type: pair\n    regex: '",
            "  - id: hyphen-led\n    type: pair\n    regex: '(",
            "hyphen-led",
            "regex",
        ),
        (
            "  - id: hyphen-led\n    type: pair\n    regex: '",
            "  - id: hyphen-led\n    type: pair\n    regex: '{GRADE}",
            "hyphen-led",
            "regex",
        ),
        ("  commander: {def: commands,", "  commander: {def: directs,", "commander", "roles"),
        (
            "  - id: hyphen-led\n    type: pair\n",
            "  - id: hyphen-led\n    type: pair\n    colour: red\n",
            "hyphen-led",
            "colour",
        ),
        (
            "    predicate: leads\n    subject: right\n",
            "    predicate: leads\n    subject: middle\n",
            "led-by",
            "subject",
        ),
    ],
)
def test_malformed_data_file_names_file_entry_and_field(
    tmp_path: Path, old: str, new: str, entry: str, field: str
) -> None:
    path = _write_rules(tmp_path, old, new)
    with pytest.raises(KBError) as err:
        load_relation_rules(path)
    assert err.value.path == str(path)
    assert err.value.entry == entry
    assert err.value.field == field
    assert str(path) in str(err.value)


def test_unreadable_or_missing_sections(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("demonyms: [unclosed\n", encoding="utf-8")
    with pytest.raises(KBError, match="not valid YAML"):
        load_relation_rules(bad)
    path = _write_rules(tmp_path, "demonyms:\n", "demonym_list:\n")
    with pytest.raises(KBError) as err:
        load_relation_rules(path)
    assert err.value.field == "demonyms"
    with pytest.raises(KBError):
        load_relation_rules(tmp_path / "missing.yaml")


def test_odd_hits_and_sentences_do_not_break_it(matcher: ActorMatcher) -> None:
    text = "The River Front, backed by Estland, attacked. Tomas Ardent, the leader of the Hill Legion, spoke."
    hits = matcher.find(text).hits
    sentences = split_sentences(text)
    odd = [
        *reversed(hits),  # any order
        Hit(4, 30, "x:odd", "Odd", "armed_group", None, "test"),  # overlapping
        Hit(40, 60, "x:across", "Across", "armed_group", None, "test"),  # across a sentence end
        Hit(5, 5, "x:empty", "", "person", None, "test"),  # empty
    ]
    for sents in (sentences, list(reversed(sentences)), [(0, len(text))], []):
        for r in extract_relations(text, sents, odd, matcher.kb):
            assert text[r.evidence.start : r.evidence.end] == r.evidence.text
    found = {
        (r.subject, r.predicate, r.object)
        for r in extract_relations(text, sentences, odd, matcher.kb)
    }
    assert ("Tomas Ardent", "leads", "Hill Legion") in found


def test_a_name_that_modifies_a_noun_is_no_list_member(matcher: ActorMatcher) -> None:
    found = triples(matcher, "Iran trains the Hill Legion, Russia officials say.")
    assert ("Iran", "trains", "Hill Legion") in found
    assert not any(o == "Russia" for _, _, o in found)
    found = triples(
        matcher, "Iran trains the Hill Legion, the Lake Legion, and the River Front in camps."
    )
    assert {o for _, p, o in found if p == "trains"} == {
        "Hill Legion",
        "Lake Legion",
        "River Front",
    }


def test_arms_and_trains(matcher: ActorMatcher) -> None:
    assert ("Iran", "trains", "Hill Legion") in triples(
        matcher, "Iran arms and trains the Hill Legion."
    )
