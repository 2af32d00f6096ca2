"""Tests for the numbers stage: values, kinds, approximations, non-counts, evidence."""

from __future__ import annotations

import pytest
import yaml

from dossier.extract.numbers import (
    DATA_PATH,
    NumbersDataError,
    extract_numbers,
    load_numbers_data,
)
from dossier.model import NUMBER_KINDS


def nums(text: str) -> list[tuple[float, str]]:
    return [(n.value, n.kind) for n in extract_numbers(text)]


def one(text: str):
    found = extract_numbers(text)
    assert len(found) == 1, [(n.value, n.kind, n.evidence.text) for n in found]
    return found[0]


# --------------------------------------------------------------------------
# values


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The group has 7,000 fighters in the province.", 7000),
        ("The army sent 255 soldiers to the border.", 255),
        ("The army sent 12 000 soldiers to the border.", 12000),
        ("The militia has 1,250,000 members on paper.", 1250000),
        ("Officials counted 1.2 million refugees in the camps.", 1200000),
        ("Four fighters crossed the river at night.", 4),
        ("Twelve guards stood at the gate.", 12),
        ("Twenty-five militiamen surrendered to the army.", 25),
        ("One hundred and fifty families returned to the village.", 150),
        ("The unit lost a dozen soldiers in the ambush.", 12),
        ("Two dozen police officers escorted the convoy.", 24),
        ("A hundred protesters gathered outside the embassy.", 100),
        ("A thousand volunteers signed up within a week.", 1000),
        ("Half a million people live in the besieged city.", 500000),
        ("Three thousand troops were moved north.", 3000),
    ],
)
def test_values(text, value):
    assert one(text).value == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The donor pledged $1 billion for reconstruction.", 1_000_000_000),
        ("The fund received $500m from the Gulf states.", 500_000_000),
        ("Tehran transferred US$ 2 bn to the militias.", 2_000_000_000),
        ("The ministry paid 3 million dollars to the contractors.", 3_000_000),
        ("The militia was paid $2.5bn over the years.", 2_500_000_000),
        ("A ransom of $250,000 was demanded.", 250_000),
        ("The programme cost USD 40 million last year.", 40_000_000),
    ],
)
def test_money(text, value):
    n = one(text)
    assert n.kind == "money_usd"
    assert n.value == value


def test_other_currency_is_not_usd():
    n = one("The council approved 5 million euros in aid.")
    assert n.value == 5_000_000
    assert n.kind == "other"
    assert "euro" in n.about


def test_integer_values_are_ints():
    n = one("The group has 7,000 fighters in the province.")
    assert isinstance(n.value, int)
    assert n.to_dict()["value"] == 7000


# --------------------------------------------------------------------------
# approximations


@pytest.mark.parametrize(
    "cue",
    [
        "more than",
        "over",
        "at least",
        "nearly",
        "almost",
        "about",
        "around",
        "approximately",
        "some",
        "up to",
        "as many as",
        "roughly",
        "an estimated",
        "fewer than",
        "close to",
    ],
)
def test_approximation_cues(cue):
    n = one(f"The group deployed {cue} 3,000 fighters to the front.")
    assert n.value == 3000
    assert n.approximate is True
    assert n.kind == "personnel"


def test_exceeded_is_approximate():
    n = one("The number of Qods force fighters in the country has exceeded 7,000.")
    assert (n.value, n.kind, n.approximate) == (7000, "personnel", True)


def test_suffix_approximations():
    assert one("The brigade has 300 or more fighters.").approximate is True
    assert one("The brigade has 7,000-plus fighters.").approximate is True


def test_exact_number_is_not_approximate():
    assert one("The brigade has 300 fighters.").approximate is False


def test_some_million():
    n = one("The army opened corridors for some million civilians to escape.")
    assert (n.value, n.kind, n.approximate) == (1_000_000, "other", True)


def test_a_million_inhabitants():
    n = one("It is a city where a million inhabitants still remain.")
    assert (n.value, n.kind, n.approximate) == (1_000_000, "other", False)
    assert n.about == "inhabitants"


# --------------------------------------------------------------------------
# kinds


@pytest.mark.parametrize(
    ("text", "value", "kind"),
    [
        # killed
        ("Gunmen killed 4 in the market.", 4, "killed"),
        ("Gunmen killed 14 villagers in the market.", 14, "killed"),
        ("Four people were killed in the blast.", 4, "killed"),
        ("The clashes left four dead.", 4, "killed"),
        ("The death toll rose to 30 on Tuesday.", 30, "killed"),
        ("Militants assassinated four clerics in the south.", 4, "killed"),
        ("190 soldiers were shot dead at the base.", 190, "killed"),
        ("At least 17 people died in the fire.", 17, "killed"),
        ("The bodies of 20 men were found in the river.", 20, "killed"),
        ("The airstrike claimed the lives of 23 civilians.", 23, "killed"),
        # injured
        ("The blast wounded 61 shoppers.", 61, "injured"),
        ("Twelve guards were injured in the attack.", 12, "injured"),
        ("The clashes left 30 wounded.", 30, "injured"),
        # displaced
        ("The offensive displaced 300,000 people.", 300000, "displaced"),
        ("More than 2,000 families fled the town.", 2000, "displaced"),
        ("The country hosts 3.6 million refugees.", 3600000, "displaced"),
        ("Some 5,000 residents were forced from their homes.", 5000, "displaced"),
        ("The number of displaced people reaches one million.", 1000000, "displaced"),
        # detained
        ("Police arrested 45 protesters in the capital.", 45, "detained"),
        ("The militia detained 30 men at the checkpoint.", 30, "detained"),
        ("Gunmen abducted 12 aid workers on the road.", 12, "detained"),
        ("The prison holds 5,000 prisoners.", 5000, "detained"),
        ("The group is holding 40 hostages.", 40, "detained"),
        # executed
        ("The militias executed 255 prisoners in June.", 255, "executed"),
        ("The authorities hanged 12 men at dawn.", 12, "executed"),
        # personnel
        ("The group has 7,000 fighters in the province.", 7000, "personnel"),
        ("The country has 7,000 guards in the region.", 7000, "personnel"),
        ("Washington sent 3,500 troops to the region.", 3500, "personnel"),
        ("Tehran sent 1,000 military advisers to the capital.", 1000, "personnel"),
        ("The army moved 800 soldiers north.", 800, "personnel"),
        ("The tribe raised 600 militiamen.", 600, "personnel"),
        ("The party claims 20,000 members.", 20000, "personnel"),
        ("The country keeps 7,000 forces in its neighbour.", 7000, "personnel"),
        ("A 5,000-strong force crossed the border.", 5000, "personnel"),
        ("The 25,000 invasion force is ready.", 25000, "personnel"),
        # weapons
        ("The militia received 500 rockets from abroad.", 500, "weapons"),
        ("The army lost 20 tanks in the battle.", 20, "weapons"),
        ("The group fired 40 missiles at the city.", 40, "weapons"),
        ("The convoy carried 300 weapons for the rebels.", 300, "weapons"),
        # other
        ("The group carried out 12 attacks last month.", 12, "other"),
        ("The movement opened 30 offices in the south.", 30, "other"),
        ("Three formally approved participants are taking part in the operation.", 3, "other"),
        ("Sources count six assorted military groupings in the battle.", 6, "other"),
        ("The town has 40,000 civilians trapped inside.", 40000, "other"),
        ("About 200 people gathered in the square.", 200, "other"),
    ],
)
def test_kinds(text, value, kind):
    n = one(text)
    assert (n.value, n.kind) == (value, kind)
    assert n.kind in NUMBER_KINDS


def test_verb_wins_over_person_noun():
    n = one("The militants said 190 soldiers were shot dead near the airport.")
    assert (n.value, n.kind) == (190, "killed")


def test_killed_and_wounded_in_one_sentence():
    assert nums("Four people were killed and 12 wounded when the bomb exploded.") == [
        (4, "killed"),
        (12, "injured"),
    ]
    assert nums("The attack killed 12 and wounded 30 others.") == [(12, "killed"), (30, "injured")]


def test_coordinated_counts_share_the_verb():
    assert nums("A dozen soldiers and two dozen police officers were wounded.") == [
        (12, "injured"),
        (24, "injured"),
    ]


def test_including_inherits_the_victim_kind():
    text = (
        "They shot dead at least 232 people on Wednesday, including 190 former "
        "troops and 42 civilians, when they refused to obey."
    )
    assert nums(text) == [(232, "killed"), (190, "killed"), (42, "killed")]
    assert extract_numbers(text)[0].approximate is True


def test_among_the_dead():
    assert nums("Among the dead were 6 women and 4 children.") == [(6, "killed"), (4, "killed")]


def test_of_them_and_unlisted_nouns():
    assert nums("Five of them were killed.") == [(5, "killed")]
    assert nums("The police said 40 others were detained overnight.") == [(40, "detained")]


def test_active_verb_after_number_is_not_its_victim_verb():
    assert nums("Four soldiers brutally killed the prisoners.") == [(4, "personnel")]


def test_displaced_modifier():
    n = one("The country has 1 million displaced people.")
    assert (n.value, n.kind) == (1_000_000, "displaced")


def test_number_of_subject():
    n = one(
        "The opposition announced that the number of IRGC forces in the country now stands at 7,000."
    )
    assert (n.value, n.kind) == (7000, "personnel")
    assert n.about == "IRGC forces in the country"
    assert n.evidence.text.startswith("the number of IRGC forces")


def test_far_passive_after_a_participle_phrase():
    n = one("Nearly two dozen people suspected of links to the group were detained in a sweep.")
    assert (n.value, n.kind, n.approximate) == (24, "detained", True)


def test_passive_does_not_reach_across_a_clause():
    assert nums("500 soldiers guarded the town where 30 people were killed.") == [
        (500, "personnel"),
        (30, "killed"),
    ]


def test_verb_before_wins_over_a_participle_after():
    n = one("Militias have abducted at least 643 men and boys fleeing the city since May.")
    assert (n.value, n.kind) == (643, "detained")


def test_parenthetical_including_before_the_verb():
    text = "The monitor said 1,200 people, including 300 children, had been killed since May."
    assert nums(text) == [(1200, "killed"), (300, "killed")]


def test_left_context_nouns():
    assert nums("The bodies of 20 men were found in the river.") == [(20, "killed")]
    assert nums("The killing of 30 civilians and the arrest of 50 activists were condemned.") == [
        (30, "killed"),
        (50, "detained"),
    ]
    assert nums("She said the dead included two boys from the village.") == [(2, "killed")]
    assert nums("A force of 5,000 men crossed the river.") == [(5000, "personnel")]
    assert nums("The division, composed of foreign recruits, numbers some 14,000 men.") == [
        (14000, "personnel")
    ]


def test_force_size_compounds():
    assert nums("A 2,500-member brigade and a 300-man unit arrived.") == [
        (2500, "personnel"),
        (300, "personnel"),
    ]


def test_modifier_coordination_takes_the_real_head():
    n = one("Militias launched 43 rocket and drone attacks against the bases.")
    assert (n.value, n.kind) == (43, "other")
    assert n.about == "rocket and drone attacks"


def test_of_them_is_part_of_the_previous_count():
    assert nums("The monitor counted 67 militias in the alliance, 9 of them designated.") == [
        (67, "other"),
        (9, "other"),
    ]


def test_remains_the_verb_is_not_a_body_count():
    assert nums("The fate of the other 24 men remains unknown.") == [(24, "other")]


def test_left_their_homes():
    n = one("More than three thousand families have left their homes in the countryside.")
    assert (n.value, n.kind, n.approximate) == (3000, "displaced", True)


def test_table_rows_and_labels():
    text = (
        "Key figures\n"
        "Families displaced near the river (25 Jan - 7 Feb) 3,200 Provincial Council\n"
        "Winter kits distributed this period 900 Partners\n"
        "Province 1,203 2,411\n"
    )
    found = extract_numbers(text)
    assert [(n.value, n.kind) for n in found] == [(3200, "displaced")]
    assert found[0].evidence.text.startswith("Families displaced")
    assert found[0].evidence.text.endswith("Provincial Council")
    assert nums("Casualties. Killed: 30; Injured: 45.") == [(30, "killed"), (45, "injured")]


# --------------------------------------------------------------------------
# not counts


@pytest.mark.parametrize(
    "text",
    [
        # years and dates
        "The republic was founded in 1979 and expanded in 2014.",
        "The 2003 invasion changed the region.",
        "The ceasefire was signed on 27-12-2014.",
        "The statement came on December 15 after talks.",
        "The clerics were killed on 2nd January this year.",
        "On 15 March 2016 the offensive began.",
        # ages
        "The fighters were aged 25 and younger.",
        "A 25-year-old man was arrested.",
        "The commander, 45, told reporters the news.",
        # percentages
        "About 80% of the city was destroyed.",
        "Nearly 80 percent of the homes were damaged.",
        # distances
        "The missiles have a range of 500 km.",
        "The town lies 55 kilometres west of the city.",
        "The convoy drove 10 miles before it stopped.",
        "Missiles with a range of 500km were moved.",
        # durations
        "The recruits attended a 15-day course in the capital.",
        "The war lasted three years.",
        "They were trained for two weeks.",
        "The curfew lasts 24 hours.",
        # times
        "The blast happened at 3:02 pm.",
        # labels
        "Resolution 2254 calls for a ceasefire.",
        "Article 140 of the constitution was never applied.",
        "See page 3 of the report.",
        "The claim is unsourced [12].",
        "Brigade 30 controls the plain.",
        # ordinals and names
        "The 9th Armored Division retreated.",
        "The first convoy and the second column arrived.",
        "The air force flew F-16 jets over the city.",
        # phone numbers and ids
        "Call +964 770 123 4567 for information.",
        "The case number is 123456789.",
        # vague quantities
        "Thousands of people fled the city.",
        "Tens of thousands of militia members wear uniforms.",
        "Hundreds of protesters gathered.",
        "Dozens of villages were cleared.",
        "Scores of bodies were found.",
        "Several hundred fighters were left behind.",
        "Billions of dollars were spent.",
        "They called for a million-man march.",
        "A few hundred fighters remain.",
        # number words that are not quantities
        "One of the leaders spoke to the crowd.",
        "One day the war will end.",
        "No one was hurt.",
        "The two countries signed a deal.",
        "Three provinces held elections.",
        "The strategy has three key elements.",
        # list markers and model names
        "1. The army advanced from the east.",
        "The S-300 missiles arrived.",
        "The AV-8B jets and F/A-18 fighters flew in.",
        # anaphoric small counts and other non-quantities
        "A committee meets to avoid incidents between the two forces.",
        "They took the men of three houses.",
        "The strategy has three key elements.",
        "They attacked Iraq's 2010 election and the 1980-88 war.",
        "The court handed down a 10-year sentence.",
    ],
)
def test_not_counts(text):
    assert extract_numbers(text) == [], [(n.value, n.kind) for n in extract_numbers(text)]


def test_counted_noun_makes_a_four_digit_number_a_count():
    assert nums("The group sent 2000 fighters to the city.") == [(2000, "personnel")]


# --------------------------------------------------------------------------
# ranges and "X of the Y"


@pytest.mark.parametrize(
    "text",
    [
        "The group has 3,000 to 5,000 fighters in the north.",
        "The group has 3,000-5,000 fighters in the north.",
        "The group has between 3,000 and 5,000 fighters in the north.",
        "The group has 3,000 – 5,000 fighters in the north.",
    ],
)
def test_ranges(text):
    n = one(text)
    assert (n.value, n.kind, n.approximate) == (3000, "personnel", True)


def test_range_with_shared_scale():
    n = one("Officials say 1.2 to 1.5 million people were displaced.")
    assert (n.value, n.kind, n.approximate) == (1_200_000, "displaced", True)


def test_x_of_the_y():
    text = (
        "At least 3,000 of the 12,000 Kurdish fighters taking part in the offensive "
        "came from the north."
    )
    found = extract_numbers(text)
    assert [(n.value, n.kind, n.approximate) for n in found] == [
        (3000, "personnel", True),
        (12000, "personnel", False),
    ]
    assert found[1].about == "Kurdish fighters"


def test_x_out_of_the_y():
    assert nums("Its 15,000 fighters out of the 25,000 invasion force lead the way.") == [
        (15000, "personnel"),
        (25000, "personnel"),
    ]


def test_verb_belongs_to_x_not_y():
    assert nums("Two of the 14 detainees died in custody.") == [(2, "killed"), (14, "detained")]


# --------------------------------------------------------------------------
# about, evidence, sentences


def test_about_is_short_noun_phrase():
    n = one("The exiles said the country has 7,000 terrorist Qods Force guards in Iraq.")
    assert n.about == "terrorist Qods Force guards in Iraq"
    n = one("Shiite militias reportedly executed around 255 prisoners, including children.")
    assert n.about == "prisoners executed"
    assert n.kind == "executed"
    assert n.approximate is True


def test_about_for_money():
    n = one("Tehran has spent more than $1 billion on military aid.")
    assert n.about == "military aid"


def test_evidence_is_a_clause_of_one_sentence():
    text = (
        'A source confirmed that "Iran has sent more than 1,000 military advisers to Iraq '
        'and has conducted airstrikes and spent more than $1 billion on military aid". '
        "Fighting continued."
    )
    found = extract_numbers(text)
    assert [(n.value, n.kind) for n in found] == [(1000, "personnel"), (1_000_000_000, "money_usd")]
    assert found[0].evidence.text == "Iran has sent more than 1,000 military advisers to Iraq"
    assert "spent more than $1 billion on military aid" in found[1].evidence.text
    for n in found:
        assert text[n.evidence.start : n.evidence.end] == n.evidence.text
        assert "Fighting" not in n.evidence.text
        assert n.attributed_to is None


def test_evidence_offsets_hold_on_longer_text():
    text = (
        "Headline: 7,000 guards deployed\n\n"
        "BAGHDAD - Gunmen killed 4 people on Monday. Police arrested 12 suspects.\n"
        "The army sent 2,000 soldiers; the militia fired 40 rockets."
    )
    found = extract_numbers(text)
    assert [(n.value, n.kind) for n in found] == [
        (7000, "personnel"),
        (4, "killed"),
        (12, "detained"),
        (2000, "personnel"),
        (40, "weapons"),
    ]
    for n in found:
        assert text[n.evidence.start : n.evidence.end] == n.evidence.text
        assert "\n\n" not in n.evidence.text
        assert ". " not in n.evidence.text


def test_given_sentences_are_used():
    text = "Gunmen killed 4 people. Comments: I have 300 fighters."
    first = (0, text.index(".") + 1)
    found = extract_numbers(text, [first])
    assert [(n.value, n.kind) for n in found] == [(4, "killed")]
    assert found[0].evidence.end <= first[1]


def test_repeated_count_listed_once_per_statement():
    text = (
        "Iran has 7,000 guards in Iraq.\n\n"
        "The opposition said more than 7,000 guards were now stationed in the provinces."
    )
    assert nums(text) == [(7000, "personnel"), (7000, "personnel")]


def test_verbatim_repeated_headline_is_listed_once():
    text = "News Iran has 7,000 guards in Iraq\n\nIran has 7,000 guards in Iraq\n\nMore text."
    assert nums(text) == [(7000, "personnel")]


def test_empty_text():
    assert extract_numbers("") == []
    assert extract_numbers("No figures here at all.") == []


# --------------------------------------------------------------------------
# the data file


def test_packaged_data_loads():
    data = load_numbers_data()
    assert data.path == str(DATA_PATH)
    assert set(data.kinds) == set(NUMBER_KINDS)
    assert data.multipliers["dozen"] == 12


def _write(tmp_path, mutate):
    raw = yaml.safe_load(DATA_PATH.read_text(encoding="utf-8"))
    mutate(raw)
    path = tmp_path / "numbers.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


def test_copy_of_data_loads(tmp_path):
    path = _write(tmp_path, lambda raw: None)
    assert load_numbers_data(path).kinds["killed"].label == "killed"


@pytest.mark.parametrize(
    ("mutate", "entry", "field"),
    [
        (lambda r: r["kinds"]["killed"]["verbs"].append(None), "kinds.killed", "verbs["),
        (lambda r: r["kinds"]["weapons"].__setitem__("nouns", "rockets"), "kinds.weapons", "nouns"),
        (
            lambda r: r["kinds"].__setitem__("wounded", {"label": "x", "nouns": []}),
            "kinds.wounded",
            "<name>",
        ),
        (lambda r: r["kinds"]["killed"].pop("label"), "kinds.killed", "label"),
        (lambda r: r["number_words"]["units"].__setitem__("two", "2"), "number_words", "units.two"),
        (lambda r: r["currencies"]["usd"].__setitem__("kind", "dollars"), "currencies.usd", "kind"),
        (lambda r: r.pop("np_stop_words"), "<root>", "np_stop_words"),
        (lambda r: r.__setitem__("colour", "red"), "<root>", "colour"),
        (lambda r: r["non_count"].__setitem__("year_range", [2100]), "non_count", "year_range"),
        (
            lambda r: r["kinds"]["personnel"].__setitem__("verbs", ["sent"]),
            "kinds.personnel",
            "verbs",
        ),
        (
            lambda r: r["intransitive_verbs"].append("vanished"),
            "intransitive_verbs",
            "intransitive_verbs[",
        ),
    ],
)
def test_malformed_data_file_names_file_entry_and_field(tmp_path, mutate, entry, field):
    path = _write(tmp_path, mutate)
    with pytest.raises(NumbersDataError) as ei:
        load_numbers_data(path)
    msg = str(ei.value)
    assert str(path) in msg
    assert f"entry '{entry}'" in msg
    assert f"field '{field}" in msg


def test_broken_yaml_names_the_file(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("kinds: [unclosed\n  - x: y", encoding="utf-8")
    with pytest.raises(NumbersDataError) as ei:
        load_numbers_data(path)
    assert str(path) in str(ei.value)
    assert "invalid YAML" in str(ei.value)


def test_missing_file_names_the_file(tmp_path):
    path = tmp_path / "nope.yaml"
    with pytest.raises(NumbersDataError) as ei:
        load_numbers_data(path)
    assert str(path) in str(ei.value)
