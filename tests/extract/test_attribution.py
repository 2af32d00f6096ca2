"""Attribution (who says so) and status (how sure the text is), on invented reporting."""

from pathlib import Path

import pytest

from dossier.extract import attribution
from dossier.extract.actors import ActorMatcher
from dossier.extract.attribution import (
    Attribution,
    attribute,
    load_attribution_data,
    source_at,
    status_for,
)
from dossier.extract.sentences import split_sentences
from dossier.knowledge.loader import KBError, load_kb

KB = """\
version: 1
source: written for these tests; every actor is invented
actors:
  - id: estland
    name: Estland
    kind: state
    country: null
    aliases: [Estlandian government]
    metonyms: [Norburg]
  - id: vale-force
    name: Vale Force
    kind: armed_group
    country: null
    acronyms: [VF]
  - id: peoples-front-of-estland
    name: "People's Front of Estland"
    kind: political_party
    country: null
  - id: northern-watch
    name: Northern Watch
    kind: ngo
    country: null
  - id: global-relief-council
    name: Global Relief Council
    kind: international_org
    country: null
  - id: radio-kestrel
    name: Radio Kestrel
    kind: media
    country: null
  - id: daily-meridian
    name: Daily Meridian
    kind: media
    country: null
  - id: mira-solvang
    name: Mira Solvang
    kind: person
    country: null
"""


@pytest.fixture(scope="module")
def matcher(tmp_path_factory: pytest.TempPathFactory) -> ActorMatcher:
    d = tmp_path_factory.mktemp("kb")
    (d / "test.yaml").write_text(KB, encoding="utf-8")
    return ActorMatcher(load_kb([d]))


def run(matcher: ActorMatcher, text: str) -> list[Attribution]:
    return attribute(text, split_sentences(text), matcher.find(text).hits)


def at(attrs: list[Attribution], text: str, needle: str) -> Attribution:
    a = source_at(attrs, text.index(needle))
    assert a is not None
    return a


def source(matcher: ActorMatcher, text: str, needle: str) -> str | None:
    return at(run(matcher, text), text, needle).source


# ------------------------------------------------------------------ attribution cues


def test_according_to_before_and_after(matcher: ActorMatcher) -> None:
    text = "According to Northern Watch, gunmen burned the village. The dam was mined, according to Radio Kestrel."
    attrs = run(matcher, text)
    assert [a.source for a in attrs] == ["Northern Watch", "Radio Kestrel"]
    assert attrs[0].cue == "According to"
    assert text[attrs[0].cue_start : attrs[0].cue_end] == "According to"
    assert attrs[0].chain == ["Northern Watch"]


@pytest.mark.parametrize(
    "verb",
    [
        "said",
        "says",
        "reported",
        "warned",
        "announced",
        "claimed",
        "confirmed",
        "stated",
        "noted",
        "insisted",
        "alleged",
        "revealed",
        "wrote",
        "has said",
        "also said",
    ],
)
def test_speech_verbs(matcher: ActorMatcher, verb: str) -> None:
    text = f"The war began in 2014. Northern Watch {verb} that the camp was shelled."
    attrs = run(matcher, text)
    assert attrs[0].source is None and attrs[0].rule == "author"
    assert attrs[1].source == "Northern Watch"
    assert attrs[1].cue == verb.split()[-1]


def test_accused_and_denied_credit_the_speaker(matcher: ActorMatcher) -> None:
    assert (
        source(matcher, "Estland accused the Vale Force of shelling the market.", "shelling")
        == "Estland"
    )
    assert source(matcher, "The Vale Force denied shelling the market.", "shelling") == "Vale Force"


def test_inverted_said_x(matcher: ActorMatcher) -> None:
    text = "“The bridge was destroyed overnight,” said Mira Solvang, a commander of the Vale Force."
    a = run(matcher, text)[0]
    assert (a.source, a.cue, a.rule) == ("Mira Solvang", "said", "inverted")
    text = "The bridge was destroyed overnight, said Radio Kestrel."
    assert source(matcher, text, "bridge") == "Radio Kestrel"


def test_told_credits_the_speaker_not_the_outlet(matcher: ActorMatcher) -> None:
    text = "Mira Solvang told Radio Kestrel that the convoy was attacked near the border."
    assert source(matcher, text, "convoy") == "Mira Solvang"


def test_person_found_by_rules_can_speak(matcher: ActorMatcher) -> None:
    text = "Oren Falk told reporters the road to the north was open again."
    a = run(matcher, text)[0]
    assert a.source == "Oren Falk" and a.source_kind == "person"


def test_quoted_by_and_quoted_as_saying(matcher: ActorMatcher) -> None:
    text = "Radio Kestrel quoted Mira Solvang as saying that the convoy was attacked."
    a = run(matcher, text)[0]
    assert a.chain == ["Radio Kestrel", "Mira Solvang"] and a.source == "Mira Solvang"
    assert a.cue == "quoted"
    text = "Mira Solvang, quoted by Radio Kestrel, said the convoy was attacked."
    a = run(matcher, text)[0]
    assert a.chain == ["Radio Kestrel", "Mira Solvang"] and a.source == "Mira Solvang"


def test_statement_and_report_phrases(matcher: ActorMatcher) -> None:
    text = "In a statement, the People's Front of Estland condemned the arrests in the capital."
    assert source(matcher, text, "arrests") == "People's Front of Estland"
    text = "A report by Northern Watch documented 40 executions in the north."
    assert source(matcher, text, "executions") == "Northern Watch"
    text = "Northern Watch's report lists 40 executions in the north."
    assert source(matcher, text, "executions") == "Northern Watch"


def test_sources_of_an_outlet_and_sources_close_to(matcher: ActorMatcher) -> None:
    text = "Daily Meridian's military sources said the brigade withdrew from the airport."
    a = run(matcher, text)[0]
    assert a.source == "Daily Meridian" and not a.partisan
    assert a.credited == "Daily Meridian's military sources"
    text = "Sources close to the Vale Force said the commander was wounded."
    assert source(matcher, text, "commander") == "Vale Force"
    text = "A spokesman for the Vale Force said the commander was wounded."
    assert source(matcher, text, "commander") == "Vale Force"


def test_interview_credits_the_interviewee(matcher: ActorMatcher) -> None:
    text = "In an interview with Radio Kestrel, Mira Solvang said the town had fallen."
    assert source(matcher, text, "town") == "Mira Solvang"
    text = "In an interview with Mira Solvang, the paper learned that the town had fallen."
    assert source(matcher, text, "town") == "Mira Solvang"


def test_passive_reported_by(matcher: ActorMatcher) -> None:
    text = "It was reported by Radio Kestrel that the dam had been mined."
    assert source(matcher, text, "dam") == "Radio Kestrel"


def test_unnamed_sources_are_credited_as_written(matcher: ActorMatcher) -> None:
    text = "Western diplomats said the talks had stalled."
    assert source(matcher, text, "talks") == "Western diplomats"
    text = "The town fell on Monday, one resident said."
    a = run(matcher, text)[0]
    assert a.source is None and a.cue == "said"


def test_a_bare_name_the_actor_stage_missed(matcher: ActorMatcher) -> None:
    text = "The Harbour Courier website wrote that the port was closed."
    assert source(matcher, text, "port") == "Harbour Courier"


# ------------------------------------------------------------------ running on


def test_he_added_and_the_group_also_said(matcher: ActorMatcher) -> None:
    text = (
        "Mira Solvang said the town had fallen. He added that 30 fighters were captured.\n\n"
        "The harvest was poor this year.\n\n"
        "Northern Watch said the camp was shelled. The group also said that 12 people died. "
        "It said the clinic was hit."
    )
    attrs = run(matcher, text)
    assert at(attrs, text, "30 fighters").source == "Mira Solvang"
    assert at(attrs, text, "harvest").source is None
    assert at(attrs, text, "12 people").source == "Northern Watch"
    assert at(attrs, text, "clinic").source == "Northern Watch"


def test_quotation_over_three_sentences(matcher: ActorMatcher) -> None:
    text = (
        "The Vale Force said: “We crossed the river at dawn. We took the hill by noon. "
        "We will hold it.” The weather was cold."
    )
    attrs = run(matcher, text)
    assert [a.source for a in attrs] == ["Vale Force"] * 3 + [None]
    assert attrs[1].rule == "quote"


def test_straight_quotes_spanning_sentences(matcher: ActorMatcher) -> None:
    text = (
        'Northern Watch said: "The camp was shelled at dawn. Twelve people died. '
        'The clinic was hit." The harvest was poor.'
    )
    attrs = run(matcher, text)
    assert [a.source for a in attrs] == ["Northern Watch"] * 3 + [None]


def test_quote_continues_across_paragraphs_to_a_following_he_said(matcher: ActorMatcher) -> None:
    text = (
        "Mira Solvang visited the front on Monday.\n\n"
        "“We crossed the river at dawn. We took the hill.\n\n"
        "“We will hold it,” she said.\n\n"
        "The weather was cold."
    )
    attrs = run(matcher, text)
    assert at(attrs, text, "We crossed").source == "Mira Solvang"
    assert at(attrs, text, "We took").source == "Mira Solvang"
    assert at(attrs, text, "We will hold").source == "Mira Solvang"
    assert at(attrs, text, "weather").source is None


def test_nested_attribution_across_paragraphs(matcher: ActorMatcher) -> None:
    text = (
        "Northern Watch said: “Radio Kestrel revealed that the camp was shelled. "
        "Twelve people died.\n\n"
        "“The clinic was also hit.”\n\n"
        "The harvest was poor."
    )
    attrs = run(matcher, text)
    nested = at(attrs, text, "the camp was shelled")
    assert nested.source == "Radio Kestrel" and nested.chain == ["Northern Watch", "Radio Kestrel"]
    assert at(attrs, text, "Twelve").source == "Northern Watch"
    assert at(attrs, text, "clinic").source == "Northern Watch"
    assert at(attrs, text, "harvest").source is None


def test_a_sentence_that_only_credits_hands_on_its_source(matcher: ActorMatcher) -> None:
    text = (
        "Three units took part, Daily Meridian's sources report:\n\n"
        "1. Vale Force artillery.\n\n2. Estland infantry.\n\n"
        "The harvest was poor."
    )
    attrs = run(matcher, text)
    assert at(attrs, text, "Vale Force artillery").source == "Daily Meridian"
    assert at(attrs, text, "Estland infantry").source == "Daily Meridian"
    assert at(attrs, text, "harvest").source is None


def test_outlet_sources_carry_over_the_article_when_switched_on(
    matcher: ActorMatcher, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (
        "Offensive stalls\n\n"
        "The offensive stalled on Tuesday, Daily Meridian's military sources report. "
        "The brigade withdrew from the airport.\n\n"
        "Next story\n\n"
        "The harvest was poor."
    )
    assert at(run(matcher, text), text, "The brigade").source is None
    on = tmp_path / "attribution.yaml"
    on.write_text(
        attribution.DATA_PATH.read_text(encoding="utf-8").replace(
            "outlet_sources_carry: false", "outlet_sources_carry: true"
        ),
        encoding="utf-8",
    )
    monkeypatch.setattr(attribution, "DATA_PATH", on)
    attribution._compiled.cache_clear()
    try:
        attrs = run(matcher, text)
        assert at(attrs, text, "The brigade").source == "Daily Meridian"
        assert at(attrs, text, "The brigade").rule == "outlet-sources"
        assert at(attrs, text, "harvest").source is None
    finally:
        attribution._compiled.cache_clear()


def test_clause_boundary_splits_a_sentence(matcher: ActorMatcher) -> None:
    text = "Estland said the bridge was destroyed, while Northern Watch said it was intact."
    attrs = run(matcher, text)
    assert [a.source for a in attrs] == ["Estland", "Northern Watch"]
    assert attrs[0].end <= attrs[1].start
    assert source_at(attrs, text.index("intact")).source == "Northern Watch"


@pytest.mark.parametrize(
    "sentence",
    [
        "Estland, which has long said it wants peace, sent 500 troops to the border.",
        "The convoy left Oster just as the Vale Force announced its withdrawal.",
        "Vale Force units said to be near Oster were shelled overnight.",
        "The statement did not say who carried out the attack.",
        "The reports of shelling in Oster alarmed Northern Watch.",
        "Estland states funded the Vale Force in 2013.",
        "The prior warning gave Estland time to move its troops.",
    ],
)
def test_reporting_words_that_credit_no_one(matcher: ActorMatcher, sentence: str) -> None:
    a = run(matcher, sentence)[0]
    assert a.source is None and a.rule == "author", a


def test_he_points_to_the_subject_of_the_sentence_before(matcher: ActorMatcher) -> None:
    text = (
        "Mira Solvang met Oren Falk in Oster. “We will hold the bridge,” she said.\n\n"
        "Mira Solvang agrees with the Vale Force leader Oren Falk. “The war is over,” she said."
    )
    attrs = run(matcher, text)
    assert at(attrs, text, "We will hold").source == "Mira Solvang"
    assert at(attrs, text, "The war is over").source == "Mira Solvang"


def test_unresolved_anaphora_credits_no_one(matcher: ActorMatcher) -> None:
    text = "Smoke rose over Oster. The militants, the group said, were killed in an air strike."
    a = at(run(matcher, text), text, "militants")
    assert a.source is None and a.cue == "said"


def test_an_institution_named_by_description_is_credited_as_written(matcher: ActorMatcher) -> None:
    text = "Smoke rose over Oster. The militants, the army said, were killed in an air strike."
    a = at(run(matcher, text), text, "militants")
    assert a.source == "army" and a.cue == "said"


def test_authors_voice_headlines_and_captions(matcher: ActorMatcher) -> None:
    text = (
        "Vale Force shells the border town\n\n"
        "May 3, 2021\n\n"
        "Smoke rises over the town. (Photo: Radio Kestrel)\n\n"
        "The Vale Force shelled the town of Oster on Sunday, killing four people."
    )
    attrs = run(matcher, text)
    assert all(a.source is None and a.chain == [] for a in attrs)
    assert all(a.rule == "author" for a in attrs)


def test_one_attribution_per_sentence_in_order(matcher: ActorMatcher) -> None:
    text = "The war began in 2014. Estland said the town fell. The harvest was poor."
    sents = split_sentences(text)
    attrs = run(matcher, text)
    assert [(a.start, a.end) for a in attrs] == sents


def test_empty_input() -> None:
    assert attribute("", [], []) == []


# ------------------------------------------------------------------ status


def st(
    matcher: ActorMatcher, text: str, needle: str, actor1: str | None = None
) -> tuple[str, str | None]:
    attrs = run(matcher, text)
    s = text.index(needle)
    return status_for(text, s, s + len(needle), source_at(attrs, s), actor1)


@pytest.mark.parametrize(
    ("sentence", "needle", "expected"),
    [
        (
            "The Vale Force denied shelling the market.",
            "denied shelling the market",
            ("denied", "denied"),
        ),
        (
            "The army rejected claims that it shelled the market.",
            "rejected claims that it shelled the market",
            "denied",
        ),
        ("The army did not shell the market.", "did not shell the market", ("denied", "did not")),
        (
            "Estland plans to send 500 troops to the border.",
            "plans to send 500 troops",
            ("planned", "plans to"),
        ),
        (
            "Estland will send 500 troops to the border.",
            "will send 500 troops",
            ("planned", "will"),
        ),
        ("Estland is expected to send troops next week.", "is expected to send troops", "planned"),
        (
            "If talks fail, the army could advance on the capital.",
            "If talks fail, the army could advance",
            ("hypothetical", "If"),
        ),
        (
            "The army could advance on the capital.",
            "could advance on the capital",
            ("hypothetical", "could"),
        ),
        (
            "The militia threatened to storm the prison.",
            "threatened to storm the prison",
            "hypothetical",
        ),
        (
            "Fighters reportedly executed 20 prisoners.",
            "reportedly executed 20 prisoners",
            ("claimed", "reportedly"),
        ),
        ("Fighters allegedly executed 20 prisoners.", "allegedly executed 20 prisoners", "claimed"),
        (
            "The militia is said to have executed 20 prisoners.",
            "is said to have executed 20 prisoners",
            "claimed",
        ),
        (
            "The Vale Force shelled the town of Oster on Sunday.",
            "shelled the town of Oster",
            ("asserted", None),
        ),
        ("In May, Fighters burned the village.", "Fighters burned the village", ("asserted", None)),
    ],
)
def test_status_cues(matcher: ActorMatcher, sentence: str, needle: str, expected: object) -> None:
    got = st(matcher, sentence, needle)
    assert got == expected if isinstance(expected, tuple) else got[0] == expected


def test_partisan_source_makes_a_claim(matcher: ActorMatcher) -> None:
    text = "The Vale Force said Estland troops shelled the market in Oster."
    assert st(matcher, text, "Estland troops shelled the market", "Estland") == ("claimed", "said")
    text = "According to the People's Front of Estland, soldiers arrested 40 students."
    assert st(matcher, text, "soldiers arrested 40 students")[0] == "claimed"
    # a commander named by the rules speaks for his side
    text = "“The bridge was destroyed overnight,” said Oren Falk, a commander of the Vale Force."
    assert st(matcher, text, "The bridge was destroyed overnight")[0] == "claimed"


@pytest.mark.parametrize(
    "credit",
    ["Northern Watch said", "the Global Relief Council said", "Radio Kestrel reported"],
)
def test_ngo_un_and_media_sources_are_asserted(matcher: ActorMatcher, credit: str) -> None:
    text = f"{credit[0].upper()}{credit[1:]} that the Vale Force shelled the market in Oster."
    assert st(matcher, text, "the Vale Force shelled the market", "Vale Force") == (
        "asserted",
        None,
    )


def test_an_actors_own_statement_is_not_a_claim(matcher: ActorMatcher) -> None:
    text = "The Vale Force warned that if Estland troops entered Oster, it would attack them."
    needle = "The Vale Force warned that if Estland troops entered Oster, it would attack them"
    assert st(matcher, text, needle, "Vale Force") == ("asserted", None)


def test_status_without_attribution() -> None:
    text = "Gunmen reportedly killed four clerics."
    assert status_for(text, 0, len(text), None) == ("claimed", "reportedly")
    assert status_for("Gunmen killed four clerics.", 0, 27, None) == ("asserted", None)


# ------------------------------------------------------------------ the data file


def test_shipped_data_loads() -> None:
    d = load_attribution_data()
    assert "said" in d.speech_verbs and "according to" in d.credit_before


def write(tmp_path: Path, body: str) -> Path:
    good = attribution.DATA_PATH.read_text(encoding="utf-8")
    p = tmp_path / "attribution.yaml"
    p.write_text(good.replace(*body.split("=>")) if "=>" in body else body, encoding="utf-8")
    return p


def test_malformed_data_file_names_file_entry_and_field(tmp_path: Path) -> None:
    p = write(tmp_path, "speech_verbs:\n  - said\n=>speech_verbs:\n  - 42\n  - said\n")
    with pytest.raises(KBError) as e:
        load_attribution_data(p)
    assert (
        e.value.path == str(p)
        and e.value.field == "speech_verbs"
        and e.value.entry == "speech_verbs"
    )
    assert "attribution.yaml" in str(e.value) and "#1" in str(e.value)


def test_malformed_status_pattern_and_kind(tmp_path: Path) -> None:
    p = write(tmp_path, "      - '\\bmay\\b'\n=>      - '(unclosed'\n")
    with pytest.raises(KBError) as e:
        load_attribution_data(p)
    assert e.value.entry == "hypothetical" and e.value.field == "patterns"
    p = write(tmp_path, "partisan_kinds: [armed_group,=>partisan_kinds: [warlord,")
    with pytest.raises(KBError) as e:
        load_attribution_data(p)
    assert e.value.entry == "warlord" and e.value.field == "partisan_kinds"


def test_missing_field_and_bad_yaml(tmp_path: Path) -> None:
    p = tmp_path / "a.yaml"
    p.write_text("version: 1\nsource: test\n", encoding="utf-8")
    with pytest.raises(KBError, match="speech_verbs"):
        load_attribution_data(p)
    p.write_text("speech_verbs: [said\n", encoding="utf-8")
    with pytest.raises(KBError, match="not valid YAML"):
        load_attribution_data(p)


def test_a_title_abbreviation_does_not_cut_the_speakers_name() -> None:
    from dossier.extract.pipeline import run as run_pipeline

    text = '"We received 13 dead," said Dr. Tamsin Voller, the deputy director of the hospital.'
    attrs = run_pipeline(text, "2015-06-06")._.dossier["attributions"]
    assert attrs[0].source == "Tamsin Voller"


def test_a_headline_credit_after_a_comma_is_not_the_sentence_subject() -> None:
    from dossier.extract.pipeline import run as run_pipeline

    text = "Thousands of families fled villages near Saadiya, the provincial council said."
    attrs = run_pipeline(text, "2015-02-09")._.dossier["attributions"]
    assert attrs[0].source == "provincial council"


def test_a_negation_inside_a_condition_does_not_deny_the_event() -> None:
    from dossier.extract.attribution import status_for

    text = (
        "The Badr Organization threatened to attack Turkish troops if they did not leave Bashiqa."
    )
    assert status_for(text, 0, len(text), None, "Badr Organization", "armed_group")[0] != "denied"
    plain = "The Badr Organization did not attack Turkish troops in Bashiqa."
    assert status_for(plain, 0, len(plain), None, "Badr Organization", "armed_group")[0] == "denied"
