"""Claims, corroboration, origins and contradictions: on the invented record built by
``conftest.build_world`` and on the bundled example corpus (real extraction)."""

from __future__ import annotations

import json
from collections.abc import Iterable

import pytest

from dossier.analysis.claims import Claim, Rules, find_claims, is_anonymous, outlet_key
from dossier.store import Store


def claim_of(claims: Iterable[Claim], kind: str, value: float, place: str | None = None) -> Claim:
    found = [
        c
        for c in claims
        if c.kind == kind and c.value == value and (place is None or c.place_id == place)
    ]
    assert len(found) == 1, [c.statement for c in claims if c.kind == kind]
    return found[0]


def docs_of(claim: Claim) -> set[str]:
    return {s.document_id for s in claim.sources}


# ---------------------------------------------------------------------------
# The invented record


def test_a_relayed_figure_has_many_reports_and_one_origin(world: Store) -> None:
    claim = claim_of(find_claims(world, kind="displaced"), "displaced", 4000)
    # The council's statement, the wire story, its syndicated copy, an outlet that
    # credits the wire, one that credits "the River Council", and one that credits
    # the council only in a second mention of the figure.
    assert docs_of(claim) == {"a1", "a2", "a3", "a4", "a5", "a6"}
    assert claim.reports == 6
    assert claim.origins == 1
    assert claim.origin_names == ["River Council"]
    by_doc = {s.document_id: s for s in claim.sources}
    assert by_doc["a3"].near_duplicate_of == "a2"
    assert by_doc["a4"].credited == "Plains Wire"  # an outlet, resolved to its own origin
    assert by_doc["a4"].origin == "River Council"
    assert by_doc["a5"].credited == "the River Council"
    assert by_doc["a6"].credited == "River Council"  # borrowed from its second mention
    assert {s.origin_id for s in claim.sources} == {"actor:river-council"}
    assert claim.statement == "4,000 displaced near Tarsk (2024-02)"
    assert not claim.contradicted


def test_a_different_quantity_in_another_place_is_not_a_rival_figure(world: Store) -> None:
    claims = find_claims(world, kind="displaced")
    arrivals = claim_of(claims, "displaced", 1200)
    assert arrivals.place == "Dunmere"
    assert not arrivals.contradicted
    assert not any(c.contradicted for c in claims)


def test_a_disputed_toll_is_contradicted_on_both_sides(world: Store) -> None:
    claims = find_claims(world, kind="killed")
    low = claim_of(claims, "killed", 11, "p:holt")
    high = claim_of(claims, "killed", 17, "p:holt")
    assert low.contradicted and high.contradicted
    (other,) = low.contradictions
    assert other.kind == "value" and other.claim_id == high.id and other.value == 17
    assert [s.origin for s in other.sources] == ["a medical source (Hill Courier)"]
    assert [s.origin for s in high.contradictions[0].sources] == ["Marches Ministry"]
    assert low.sources[0].credited == "Marches Ministry"


def test_an_event_whose_reports_give_different_tolls_is_contradicted(world: Store) -> None:
    (event,) = [c for c in find_claims(world, kind="ASSAULT", place="Holt")]
    assert event.reports == 2 and event.origins == 2
    assert event.contradicted
    assert [(x.kind, x.value) for x in event.contradictions] == [("value", 17)]


def test_a_toll_from_three_independent_sources_counts_three_origins(world: Store) -> None:
    claims = find_claims(world, kind="killed")
    thirteen = [c for c in claims if c.value == 13]
    corroborated = max(thirteen, key=lambda c: c.reports)
    assert docs_of(corroborated) == {"c1", "c2", "c3"}
    # Two outlets' unnamed police officers are two sources, the doctor a third.
    assert corroborated.origins == 3
    assert "Dr. Lina Voss" in corroborated.origin_names
    assert not corroborated.contradicted
    # The same figure two weeks later is another happening.
    later = [c for c in thirteen if c is not corroborated]
    assert [docs_of(c) for c in later] == [{"c4"}]


def test_a_denial_contradicts_the_accusation_it_answers(world: Store) -> None:
    claims = find_claims(world, kind="ASSAULT")
    (denial,) = [c for c in claims if c.status == "denied"]
    # The denial was made by a record merged into the Ashen Brigade.
    assert denial.actor1_id == "ashen-brigade"
    assert denial.statement.startswith("denied: ASSAULT (abduction) by Ashen Brigade")
    assert denial.contradicted
    (answered,) = denial.contradictions
    assert answered.kind == "denial"
    assert {s.document_id for s in answered.sources} == {"d1"}
    accusation = next(c for c in claims if c.id == answered.claim_id)
    assert accusation.contradicted
    assert accusation.contradictions[0].sources[0].document_id == "d2"
    # The Valley Guard's shelling, reported in the same document, is not what was denied.
    shelling = next(c for c in claims if "shelling" in c.statement)
    assert not shelling.contradicted


def test_two_figures_one_report_reconciles_are_not_a_contradiction(world: Store) -> None:
    claims = find_claims(world, kind="killed")
    forty = claim_of(claims, "killed", 40)
    twenty = claim_of(claims, "killed", 20)
    assert docs_of(forty) == {"e1", "e2"} and docs_of(twenty) == {"e1"}
    assert forty.origins == 1  # both credit the Valley Guard
    assert not forty.contradicted and not twenty.contradicted


def test_merged_actors_and_wrong_events(world: Store) -> None:
    claims = find_claims(world, actor="Ashen Brigade")
    statements = {s.statement_id for c in claims for s in c.sources}
    assert "f1:e2" in statements  # by the record merged into the Ashen Brigade
    assert "f1:e3" not in statements  # marked wrong by an analyst
    assert all(
        c.actor1_id in ("ashen-brigade", None) or c.actor2_id == "ashen-brigade" for c in claims
    )
    assert not any("f1:e3" in {s.statement_id for s in c.sources} for c in find_claims(world))


def test_filters(world: Store) -> None:
    everything = find_claims(world)
    assert all(c.kind != "other" for c in everything)
    corroborated = find_claims(world, min_origins=2)
    assert corroborated and all(c.origins >= 2 for c in corroborated)
    disputed = find_claims(world, contradicted=True)
    assert {c.id for c in disputed} == {c.id for c in everything if c.contradicted}
    assert all(c.reports >= 2 for c in find_claims(world, min_reports=2))
    in_fen = find_claims(world, place="Fen Province", kind="killed")
    assert {c.value for c in in_fen} == {11, 17, 40, 20}
    assert find_claims(world, since="2024-04", until="2024-04", kind="killed")
    with pytest.raises(ValueError, match="unknown kind"):
        find_claims(world, kind="casualties")


def test_claims_are_stable_and_plain(world: Store) -> None:
    first = [c.to_dict() for c in find_claims(world)]
    again = [c.to_dict() for c in find_claims(world)]
    assert first == again
    row = json.loads(json.dumps(first[0]))
    for key in (
        "id",
        "kind",
        "statement",
        "value",
        "reports",
        "origins",
        "sources",
        "contradicted",
        "contradictions",
    ):
        assert key in row
    for key in ("document_id", "outlet", "date", "credited", "origin", "evidence"):
        assert key in row["sources"][0]


def test_an_empty_store_has_no_claims(tmp_path) -> None:
    with Store(tmp_path / "empty.db") as store:
        from dossier.store.schema import metadata

        metadata.create_all(store.engine, checkfirst=True)
        assert find_claims(store) == []


@pytest.mark.parametrize(
    ("kind", "a", "b", "approximate", "agree"),
    [
        ("killed", 13, 13, False, True),
        ("killed", 11, 17, False, False),
        ("killed", 17, 19, False, False),
        ("injured", 30, 31, True, True),
        ("displaced", 3000, 3200, True, True),
        ("displaced", 1150, 3200, False, False),
        ("killed", 1, 2, False, False),
        ("killed", 1, 2, True, True),
    ],
)
def test_tolerance(kind: str, a: float, b: float, approximate: bool, agree: bool) -> None:
    assert Rules().values_agree(kind, a, b, approximate) is agree


def test_names_of_outlets_and_sources() -> None:
    assert outlet_key("The Levant Wire news agency") == outlet_key("Levant Wire")
    assert outlet_key("Tigris Daily") != outlet_key("Tigris")
    assert is_anonymous("a police officer") and is_anonymous("medical sources")
    assert not is_anonymous("Dr. Lina Voss") and not is_anonymous("Ministry of Interior")


# ---------------------------------------------------------------------------
# The bundled example corpus: what a careful reader finds (examples/README.md)


def _doc_ids(store: Store) -> dict[str, str]:
    """``{file name or record id: document id}``."""
    return {d.name or d.source: d.id for d in store.documents()}


def test_examples_the_relayed_figure_has_at_least_four_reports(examples_store: Store) -> None:
    claims = [c for c in find_claims(examples_store, kind="displaced") if c.value == 3200]
    best = max(claims, key=lambda c: c.reports)
    assert best.reports >= 4
    assert best.place == "Saadiya"
    assert not best.contradicted
    names = _doc_ids(examples_store)
    assert names["diyala_council_statement_saadiya.txt"] in docs_of(best)


def test_examples_the_relayed_figure_has_one_origin(examples_store: Store) -> None:
    claims = [c for c in find_claims(examples_store, kind="displaced") if c.value == 3200]
    best = max(claims, key=lambda c: c.reports)
    assert best.origins == 1, best.origin_names
    assert best.origin_names == ["Diyala Provincial Council"]


def test_examples_the_tarmiyah_toll_is_disputed_with_both_sources(examples_store: Store) -> None:
    names = _doc_ids(examples_store)
    courier = names["baghdadcourier_tarmiyah_checkpoint.html"]
    monitor = names["mesopotamiamonitor_tarmiyah_toll.txt"]
    claims = find_claims(examples_store, kind="killed", contradicted=True)
    eleven = [c for c in claims if c.value == 11]
    assert eleven, [c.statement for c in claims]
    (claim,) = eleven
    assert docs_of(claim) == {courier}
    assert claim.place == "Tarmiyah"
    sides = {(x.value, s.document_id) for x in claim.contradictions for s in x.sources}
    assert (17, monitor) in sides
    seventeen = next(c for c in claims if c.id == claim.contradictions[0].claim_id)
    assert docs_of(seventeen) == {monitor}
    assert any(s.document_id == courier for x in seventeen.contradictions for s in x.sources)


def test_examples_the_khanaqin_toll_has_two_origins(examples_store: Store) -> None:
    names = _doc_ids(examples_store)
    zagros = names["zagrospost_khaneqin_market_bomb.txt"]
    gulf = names["gd-2015-06-06-khanaqin"]
    claims = [c for c in find_claims(examples_store, kind="killed") if c.value == 13]
    (claim,) = [c for c in claims if zagros in docs_of(c)]
    assert docs_of(claim) == {zagros, gulf}
    assert claim.reports == 2
    assert claim.origins == 2
    assert not claim.contradicted


def test_examples_the_armed_groups_denial_is_a_contradiction(examples_store: Store) -> None:
    names = _doc_ids(examples_store)
    ngo = names["tworivers_muqdadiyah_abductions_2015.pdf"]
    chronicle = names["rafidainchronicle_aah_denies_abductions.html"]
    claims = find_claims(examples_store, contradicted=True)
    denials = [c for c in claims if c.status == "denied" and c.actor1_id == "asaib-ahl-al-haq"]
    assert denials, [c.statement for c in claims]
    denial = denials[0]
    assert docs_of(denial) == {chronicle}
    answered = {
        s.document_id for x in denial.contradictions if x.kind == "denial" for s in x.sources
    }
    assert ngo in answered


def test_examples_one_report_reconciling_two_tolls_is_not_disputed(examples_store: Store) -> None:
    karmah = _doc_ids(examples_store)["euphratesobserver_karmah_attack.txt"]
    for claim in find_claims(examples_store, kind="killed"):
        if docs_of(claim) == {karmah}:
            assert not claim.contradicted, claim.statement
