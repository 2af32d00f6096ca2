"""The knowledge-base loader: schema checks that name file, entry and field."""

from pathlib import Path

import pytest

from dossier.knowledge.loader import KBError, load_kb

GOOD = """\
version: 1
source: written for this test
actors:
  - id: river-brigade
    name: River Brigade
    kind: armed_group
    country: IRQ
    aliases: [Liwa al-Nahr]
    acronyms: [RB]
    affiliations: {part_of: [valley-front]}
  - id: valley-front
    name: Valley Front
    kind: armed_group
    country: IRQ
"""


def write(tmp_path: Path, text: str, name: str = "test.yaml") -> Path:
    (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_loads_and_indexes_aliases(tmp_path: Path) -> None:
    kb = load_kb([write(tmp_path, GOOD)])
    assert set(kb.actors) == {"river-brigade", "valley-front"}
    [(actor, entry)] = kb.resolve("Liwa al Nahr")
    assert actor.id == "river-brigade" and entry.rule == "alias"
    [(actor, entry)] = kb.resolve("RB")
    assert entry.rule == "acronym"
    assert kb.resolve("rb") == []  # acronyms are case-sensitive
    assert actor.source == "written for this test"


@pytest.mark.parametrize(
    ("broken", "entry", "field"),
    [
        (
            GOOD.replace(
                "kind: armed_group\n    country: IRQ\n    aliases",
                "kind: militia\n    country: IRQ\n    aliases",
            ),
            "river-brigade",
            "kind",
        ),
        (
            GOOD.replace("country: IRQ\n    aliases", "country: Iraq\n    aliases"),
            "river-brigade",
            "country",
        ),
        (
            GOOD.replace("part_of: [valley-front]", "part_of: [nobody]"),
            "river-brigade",
            "affiliations.part_of",
        ),
        (
            GOOD.replace("aliases: [Liwa al-Nahr]", "aliases: Liwa al-Nahr"),
            "river-brigade",
            "aliases",
        ),
        (GOOD.replace("id: valley-front", "id: Valley Front"), "Valley Front", "id"),
        (GOOD.replace("    name: Valley Front\n", ""), "valley-front", "name"),
    ],
)
def test_malformed_entries_name_file_entry_and_field(
    tmp_path: Path, broken: str, entry: str, field: str
) -> None:
    with pytest.raises(KBError) as err:
        load_kb([write(tmp_path, broken)])
    assert err.value.entry == entry
    assert err.value.field == field
    assert "test.yaml" in str(err.value)


def test_invalid_yaml_and_missing_source(tmp_path: Path) -> None:
    with pytest.raises(KBError, match="not valid YAML"):
        load_kb([write(tmp_path, "actors: [\n  - {id: x")])
    with pytest.raises(KBError, match="source"):
        load_kb([write(tmp_path, "version: 1\nactors: []\n")])


def test_duplicate_ids_across_files(tmp_path: Path) -> None:
    write(tmp_path, GOOD, "a.yaml")
    write(tmp_path, GOOD, "b.yaml")
    with pytest.raises(KBError, match="duplicate id"):
        load_kb([tmp_path])


def test_shared_alias_is_a_warning(tmp_path: Path) -> None:
    text = (
        GOOD
        + "  - {id: other, name: Other Group, kind: other, country: null, aliases: [River Brigade]}\n"
    )
    kb = load_kb([write(tmp_path, text)])
    assert any("River Brigade" in w for w in kb.warnings)
    assert kb.resolve("River Brigade")[0][0].id == "river-brigade"


def test_shipped_knowledge_base_is_valid_and_large() -> None:
    kb = load_kb()
    assert len(kb.actors) >= 400
    kinds = {a.kind for a in kb.actors.values()}
    assert {
        "person",
        "armed_group",
        "state",
        "government_body",
        "political_party",
        "media",
        "ngo",
    } <= kinds
    for name in [
        "Qods Force",
        "Kataib Hezbollah",
        "Asaib Ahl al-Haq",
        "Qassem Suleimani",
        "Hashd al-Shaabi",
    ]:
        assert kb.resolve(name), name
