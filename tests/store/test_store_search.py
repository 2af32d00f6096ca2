"""Full-text search: FTS5 query syntax, bm25 ranking, highlighted snippets."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.ingest.readers import document_id
from dossier.model import Document
from dossier.store import SearchError, Store

TEXTS = {
    "raid": (
        "Raid on Tarsk depot",
        "Commandos of the Ashen Brigade raided a fuel depot outside Tarsk. "
        "A spokesman for the Valley Guard denied that any guards were captured.",
    ),
    "convoy": (
        "Convoy hit in the Emmer valley",
        "Unknown gunmen attacked a convoy of the Valley Guard in the Emmer valley, "
        "killing three drivers. Valley Guard officers blamed the Ashen Brigade.",
    ),
    "talks": (
        "Talks in Holloway",
        "Envoys of the Ashen Brigade and the provincial council met in Holloway "
        "to discuss a prisoner exchange. No agreement was announced.",
    ),
    "drill": (
        "Guard exercise",
        "The Valley Guard held a training drill near the Emmer dam; "
        "officials said no shots were fired at civilians.",
    ),
}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    with Store(tmp_path_factory.mktemp("search") / "dossier.db") as store:
        for name, (title, text) in TEXTS.items():
            store.add(
                Document(id=document_id(text), text=text, source=name, name=name, title=title)
            )
        yield store


def names(store: Store, query: str) -> list[str]:
    by_id = {document_id(text): name for name, (_, text) in TEXTS.items()}
    return [by_id[hit.id] for hit in store.search(query)]


def test_words_must_all_occur(store: Store) -> None:
    assert sorted(names(store, "Ashen Holloway")) == ["talks"]


def test_phrase(store: Store) -> None:
    assert sorted(names(store, '"Valley Guard"')) == ["convoy", "drill", "raid"]
    assert names(store, '"Guard Valley"') == []


def test_and_or_not(store: Store) -> None:
    assert sorted(names(store, "Ashen AND Tarsk")) == ["raid"]
    assert sorted(names(store, "Holloway OR Tarsk")) == ["raid", "talks"]
    assert sorted(names(store, '"Valley Guard" NOT Ashen')) == ["drill"]


def test_prefix(store: Store) -> None:
    assert sorted(names(store, "raid*")) == ["raid"]  # "Raid", "raided"
    assert sorted(names(store, "convo*")) == ["convoy"]


def test_column_filter(store: Store) -> None:
    assert names(store, "title:Guard") == ["drill"]


def test_search_is_case_and_accent_insensitive(store: Store) -> None:
    assert names(store, "HOLLOWAY") == ["talks"]
    assert names(store, "Hollöway") == ["talks"]


def test_ranking_puts_the_best_match_first(store: Store) -> None:
    # "convoy" says Valley Guard twice and has the word in its title: it ranks first.
    ranked = names(store, '"Valley Guard"')
    assert ranked[0] == "convoy"
    scores = [hit.score for hit in store.search('"Valley Guard"')]
    assert scores == sorted(scores)  # bm25: lower is better


def test_title_matches_weigh_more(tmp_path: Path) -> None:
    in_text = "Militia units moved toward Brennor before dawn, witnesses said."
    in_title = "Militia units moved toward the old fort before dawn, witnesses said."
    with Store(tmp_path / "d.db") as store:
        store.add(Document(id=document_id(in_text), text=in_text, source="a", title="Movements"))
        store.add(Document(id=document_id(in_title), text=in_title, source="b", title="Brennor"))
        assert [hit.id for hit in store.search("Brennor")] == [
            document_id(in_title),
            document_id(in_text),
        ]


def test_snippet_highlights_the_match(store: Store) -> None:
    [hit] = store.search("depot")
    assert hit.title == "Raid on Tarsk depot"
    assert [hit.snippet[s:e] for s, e in hit.highlights] == ["depot"]
    assert "[depot]" in hit.marked()
    assert "\x02" not in hit.snippet and "\x03" not in hit.snippet
    [hit] = store.search('"prisoner exchange"')
    assert hit.marked("<b>", "</b>").count("<b>") >= 1
    assert "prisoner" in hit.marked("<b>", "</b>").split("<b>")[1]


def test_limit(store: Store) -> None:
    assert len(store.search("Guard", limit=2)) == 2


@pytest.mark.parametrize(
    ("query", "hint"),
    [
        ('"Valley Guard', "double quote is not closed"),
        ("AND", 'syntax error near "AND"'),
        ("Ashen AND", "ends too early"),
        ("(Tarsk OR Holloway", "ends too early"),
        ("place:Tarsk", "title: and text:"),
        ("   ", "empty"),
    ],
)
def test_malformed_query_is_a_clear_error(store: Store, query: str, hint: str) -> None:
    with pytest.raises(SearchError, match="^malformed search query: ") as info:
        store.search(query)
    assert hint in str(info.value)
    assert "\n" not in str(info.value)


def test_hits_serialise_to_plain_json(store: Store) -> None:
    [hit] = store.search("depot")
    data = hit.to_dict()
    assert set(data) >= {"id", "title", "score", "snippet", "highlights"}
    assert data["snippet"] == hit.snippet
    assert data["highlights"] == [list(span) for span in hit.highlights]


def test_search_of_an_empty_store(tmp_path: Path) -> None:
    with Store(tmp_path / "empty.db") as store:
        assert store.search("anything") == []


def test_words_typed_as_read_are_quoted_for_the_analyst() -> None:
    from dossier.store.fts import quote_words

    assert quote_words("al-Maliki") == '"al-Maliki"'
    assert quote_words("3,200 AND Saadiya") == '"3,200" AND Saadiya'
    assert quote_words('"Quds Force" OR Qods*') == '"Quds Force" OR Qods*'
    assert quote_words("title:Saadiya") == "title:Saadiya"
