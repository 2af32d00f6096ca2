"""Sentence splitting on scraped layouts."""

from dossier.extract.sentences import content_end, split_sentences


def sents(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text, content_end(text))]


def test_headline_dateline_and_body() -> None:
    text = "Militia moves north\n\n03-05-2015\nTigris Daily\n\nBAGHDAD - Fighters left the city. They went north."
    assert sents(text) == [
        "Militia moves north",
        "03-05-2015",
        "Tigris Daily",
        "BAGHDAD - Fighters left the city.",
        "They went north.",
    ]


def test_abbreviations_and_initials_do_not_split() -> None:
    text = "Brig. Gen. J. Harlan of the U.S. Army arrived on Oct. 17 in the city. He left."
    assert sents(text) == [
        "Brig. Gen. J. Harlan of the U.S. Army arrived on Oct. 17 in the city.",
        "He left.",
    ]


def test_lines_broken_mid_sentence_are_joined() -> None:
    text = "The convoy carried aid to the\nvillages near the river, officials\nsaid on Monday. Roads were open."
    assert sents(text) == [
        "The convoy carried aid to the\nvillages near the river, officials\nsaid on Monday.",
        "Roads were open.",
    ]


def test_list_items_and_quotes() -> None:
    text = 'The statement listed:\n- two bridges\n- one school\n"We will return," he said. Then silence.'
    assert sents(text) == [
        "The statement listed:",
        "- two bridges",
        "- one school",
        '"We will return," he said.',
        "Then silence.",
    ]


def test_comment_tail_is_cut() -> None:
    body = "Fighters left the city. " * 20
    text = body + "\n\nComments\n\nGreat article! Fighters are bad."
    end = content_end(text)
    assert text[end:].startswith("Comments")
    assert all("Great article" not in s for s in sents(text))


def test_empty_and_whitespace() -> None:
    assert split_sentences("") == []
    assert split_sentences("   \n\n  ") == []


def test_a_sentence_broken_across_a_blank_line_is_joined() -> None:
    text = "More than 700 guards were now stationed\n\nin Baghdad and Diyala provinces, the group said.\n\nNext one."
    assert sents(text) == [
        "More than 700 guards were now stationed\n\nin Baghdad and Diyala provinces, the group said.",
        "Next one.",
    ]
