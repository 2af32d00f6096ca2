"""The PLOVER -> ACLED mapping file: its checks and its decisions."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from dossier.export.acled_map import MAP_FILE, interaction, load_acled_map, parse_map
from dossier.export.records import ActorRef, DocumentRef, EventRecord, PlaceRef
from dossier.knowledge.loader import KBError

DOC = DocumentRef("d" * 16, 1, None, None, "Gazette", "2024-01-02", None, None)
TARSK = PlaceRef("p:tarsk", "Tarsk", "town", "Emmer", "IRQ", 33.5, 44.2)
BRIGADE = ActorRef("ashen-brigade", "Ashen Brigade", "armed_group", "IRQ")
GUARD = ActorRef("valley-guard", "Valley Guard", "government_body", "IRQ")
CIVILIANS = ActorRef("x:civilians", "civilians", "other")
PROTESTERS = ActorRef("x:protesters", "protesters", "other")
COMMUNITY = ActorRef("x:hill-folk", "Hill folk", "religious_group", "IRQ")
FOREIGN = ActorRef("northern-council", "Northern Council", "state", "IRN")
ARMY = ActorRef("iraqi-army", "Iraqi Army", "armed_group", "IRQ", "iraqi-army")


def event(
    type_: str,
    mode: str | None = None,
    actor1: ActorRef | None = BRIGADE,
    actor2: ActorRef | None = None,
    text: str = "something happened",
    place: PlaceRef | None = TARSK,
) -> EventRecord:
    return EventRecord(
        id="d:e1",
        type=type_,
        mode=mode,
        actor1=actor1,
        actor2=actor2,
        place=place,
        date="2024-01-01",
        date_precision="day",
        attributed_to=None,
        attributed_actor=None,
        status="asserted",
        confidence=0.7,
        fatalities=None,
        quantities=[],
        evidence_start=0,
        evidence_end=len(text),
        evidence_text=text,
        explain={},
        wrong=False,
        document=DOC,
    )


@pytest.mark.parametrize(
    ("ev", "expected"),
    [
        (event("ASSAULT", "attack", BRIGADE, GUARD), ("Battles", "Armed clash")),
        (event("ASSAULT", "attack", BRIGADE, None), ("Battles", "Armed clash")),
        (event("ASSAULT", "attack", BRIGADE, CIVILIANS), ("Violence against civilians", "Attack")),
        (event("ASSAULT", "killing", BRIGADE, None), ("Violence against civilians", "Attack")),
        (event("ASSAULT", "killing", BRIGADE, GUARD), ("Battles", "Armed clash")),
        (
            event("ASSAULT", "massacre", BRIGADE, COMMUNITY),
            ("Violence against civilians", "Attack"),
        ),
        (
            event("ASSAULT", "airstrike", FOREIGN, CIVILIANS),
            ("Explosions/Remote violence", "Air/drone strike"),
        ),
        (
            event("ASSAULT", "shelling", ARMY, BRIGADE),
            ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
        ),
        (
            event("ASSAULT", "bombing", BRIGADE, None, "a roadside bomb exploded"),
            ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
        ),
        (
            event("ASSAULT", "bombing", BRIGADE, None, "a Suicide Bomber blew himself up"),
            ("Explosions/Remote violence", "Suicide bomb"),
        ),
        (
            event("ASSAULT", "attack", BRIGADE, GUARD, "gunmen threw grenades at the post"),
            ("Explosions/Remote violence", "Grenade"),
        ),
        (event("ASSAULT", "capture", ARMY, BRIGADE), ("Battles", "Government regains territory")),
        (
            event("ASSAULT", "capture", BRIGADE, ARMY),
            ("Battles", "Non-state actor overtakes territory"),
        ),
        (
            event("ASSAULT", "abduction", BRIGADE, CIVILIANS),
            ("Violence against civilians", "Abduction/forced disappearance"),
        ),
        (
            event("ASSAULT", "torture", BRIGADE, CIVILIANS, "women were raped"),
            ("Violence against civilians", "Sexual violence"),
        ),
        (
            event("ASSAULT", "destruction", BRIGADE, None),
            ("Strategic developments", "Looting/property destruction"),
        ),
        (
            event("ASSAULT", "attack", GUARD, PROTESTERS),
            ("Protests", "Excessive force against protesters"),
        ),
        (event("PROTEST", "protest", PROTESTERS), ("Protests", "Peaceful protest")),
        (
            event("PROTEST", "protest", PROTESTERS, None, "police fired tear gas at marchers"),
            ("Protests", "Protest with intervention"),
        ),
        (
            event("PROTEST", "protest", PROTESTERS, None, "crowds rioted in the market"),
            ("Riots", "Violent demonstration"),
        ),
        (event("COERCE", "arrest", GUARD, BRIGADE), ("Strategic developments", "Arrests")),
        (
            event("MOBILIZE", "deployment", GUARD),
            ("Strategic developments", "Change to group/activity"),
        ),
        (
            event("MOBILIZE", "deployment", GUARD, None, "troops set up a base"),
            ("Strategic developments", "Headquarters or base established"),
        ),
        (
            event("RETREAT", "withdrawal", BRIGADE),
            ("Strategic developments", "Non-violent transfer of territory"),
        ),
        (event("AGREE", "agreement", BRIGADE, GUARD), ("Strategic developments", "Agreement")),
        (event("CONCEDE", "release", BRIGADE, CIVILIANS), ("Strategic developments", "Agreement")),
        (event("ACCUSE", "accusation", GUARD, BRIGADE), ("Strategic developments", "Other")),
        (event("THREATEN", "threat", BRIGADE, GUARD), ("Strategic developments", "Other")),
        (event("REQUEST", "demand", GUARD), ("Strategic developments", "Other")),
    ],
)
def test_events_map_to_acled_types(ev: EventRecord, expected: tuple[str, str]) -> None:
    coding = load_acled_map().code(ev)
    assert (coding.event_type, coding.sub_event_type) == expected


def test_disorder_types_follow_the_event_type() -> None:
    m = load_acled_map()
    assert m.code(event("ASSAULT", "attack", BRIGADE, GUARD)).disorder_type == "Political violence"
    assert m.code(event("PROTEST", "protest", PROTESTERS)).disorder_type == "Demonstrations"
    assert m.code(event("ACCUSE", "accusation", GUARD)).disorder_type == "Strategic developments"
    forced = m.code(event("ASSAULT", "attack", GUARD, PROTESTERS))
    assert forced.disorder_type == "Political violence; Demonstrations"


def test_inter_codes_by_kind_name_override_and_role() -> None:
    m = load_acled_map()
    assert m.inter(BRIGADE, 1, "IRQ") == 3  # armed_group: political militia
    assert m.inter(GUARD, 1, "IRQ") == 1  # government body: state forces
    assert m.inter(ARMY, 1, "IRQ") == 1  # kind armed_group, but listed as state forces
    assert m.inter(ActorRef("islamic-state", "Islamic State", "armed_group"), 1, "IRQ") == 2
    assert m.inter(CIVILIANS, 2, "IRQ") == 7
    assert m.inter(PROTESTERS, 1, "IRQ") == 6
    assert m.inter(COMMUNITY, 1, "IRQ") == 4  # a community acting: identity militia
    assert m.inter(COMMUNITY, 2, "IRQ") == 7  # a community attacked: civilians
    assert m.inter(ActorRef("p", "A Person", "person"), 1, "IRQ") is None  # unknown
    assert m.inter(None, 2, "IRQ") == 0  # no actor2
    assert m.inter(FOREIGN, 1, "IRQ") == 8  # state forces abroad: external forces
    assert m.inter(FOREIGN, 1, "IRN") == 1
    assert m.inter(FOREIGN, 1, None) == 1  # country unknown: not called foreign


def test_interaction_combines_codes_lowest_first() -> None:
    assert interaction(1, 2) == 12
    assert interaction(3, 1) == 13
    assert interaction(1, 7) == 17
    assert interaction(6, 0) == 60
    assert interaction(0, 7) == 70
    assert interaction(None, 1) is None
    assert interaction(0, 0) is None


def test_civilian_targeting_only_for_violence_against_civilian_actor2() -> None:
    m = load_acled_map()
    assert (
        m.code(event("ASSAULT", "airstrike", FOREIGN, CIVILIANS)).civilian_targeting
        == "Civilian targeting"
    )
    assert (
        m.code(event("ASSAULT", "massacre", BRIGADE, COMMUNITY)).civilian_targeting
        == "Civilian targeting"
    )
    assert m.code(event("ASSAULT", "attack", BRIGADE, GUARD)).civilian_targeting == ""
    # an arrest of civilians is not political violence
    assert m.code(event("COERCE", "arrest", GUARD, CIVILIANS)).civilian_targeting == ""


def test_country_name_region_and_iso_numeric() -> None:
    m = load_acled_map()
    iraq = m.country("IRQ")
    assert iraq is not None and (iraq.name, iraq.region, iraq.iso) == ("Iraq", "Middle East", 368)
    iran = m.country("IRN")
    assert iran is not None and iran.name == "Iran"  # ACLED's short name, not ISO's
    other = m.country("NOR")
    assert other is not None and other.iso == 578 and other.region == ""
    assert m.country(None) is None


def test_every_plover_type_finds_a_rule() -> None:
    from dossier.model import PLOVER_TYPES

    m = load_acled_map()
    for t in PLOVER_TYPES:
        assert m.code(event(t, None, None, None, place=None)).event_type


# --- the loader's checks: a broken file names file, entry and field ------------


def _broken(tmp_path: Path, edit) -> Path:
    data = yaml.safe_load(MAP_FILE.read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / "acled_map.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_packaged_file_loads() -> None:
    m = parse_map(MAP_FILE)
    assert m.rules[-1].type == "*"
    assert len({(r.event_type, r.sub_event_type) for r in m.rules}) > 15


@pytest.mark.parametrize(
    ("edit", "entry", "field", "words"),
    [
        (
            lambda d: d["rules"][0].update(sub_event_type="Firefight"),
            "rules #1",
            "sub_event_type",
            "Firefight",
        ),
        (
            lambda d: d["rules"][1].update(event_type="Skirmishes"),
            "rules #2",
            "event_type",
            "Skirmishes",
        ),
        (lambda d: d["rules"][2].update(type="BOMB"), "rules #3", "type", "PLOVER"),
        (lambda d: d["rules"][0].update(actor2_inter=[9]), "rules #1", "actor2_inter", "0-8"),
        (lambda d: d["rules"][0].update(colour="red"), "rules #1", "colour", "unknown"),
        (lambda d: d["rules"].pop(), None, None, "last rule"),
        (lambda d: d["inter"]["kinds"].update(warlord=3), "inter.kinds", "warlord", "kind"),
        (lambda d: d["inter"]["kinds"].pop("media"), "inter", "kinds", "media"),
        (
            lambda d: d["inter"]["actors"].update({"iraqi-army": 11}),
            "inter.actors",
            "iraqi-army",
            "1-8",
        ),
        (
            lambda d: d["countries"].update(ZZZ={"name": "Nowhere", "region": "Middle East"}),
            "countries.ZZZ",
            None,
            "alpha-3",
        ),
        (
            lambda d: d["countries"]["IRQ"].update(region="Mesopotamia"),
            "countries.IRQ",
            "region",
            "Mesopotamia",
        ),
        (
            lambda d: d["event_types"]["Battles"].update(disorder_type=""),
            "event_types.Battles",
            "disorder_type",
            "non-empty",
        ),
    ],
)
def test_a_broken_entry_is_reported_with_file_entry_and_field(
    tmp_path: Path, edit, entry: str | None, field: str | None, words: str
) -> None:
    path = _broken(tmp_path, edit)
    with pytest.raises(KBError) as info:
        parse_map(path)
    err = info.value
    assert err.path == str(path)
    if entry is not None:
        assert err.entry == entry
    if field is not None:
        assert err.field == field
    assert words in str(err)
    assert str(path) in str(err)


def test_invalid_yaml_and_missing_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("rules: [\n", encoding="utf-8")
    with pytest.raises(KBError, match="not valid YAML"):
        parse_map(bad)
    with pytest.raises(KBError, match="cannot read"):
        load_acled_map(tmp_path / "missing.yaml")


def test_an_edited_copy_changes_the_coding(tmp_path: Path) -> None:
    def edit(d):
        d["rules"].insert(
            0,
            {
                "type": "ACCUSE",
                "event_type": "Strategic developments",
                "sub_event_type": "Change to group/activity",
            },
        )

    m = load_acled_map(_broken(tmp_path, edit))
    assert m.code(event("ACCUSE", "accusation", GUARD)).sub_event_type == "Change to group/activity"
