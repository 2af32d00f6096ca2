"""Place extraction on sentences written for these tests."""

from __future__ import annotations

import random
import time

import pytest

from dossier.extract.places import extract_places, is_metonym
from dossier.model import PLACE_KINDS, Place


def names(text: str, **kw) -> dict[str, Place]:
    return {p.name: p for p in extract_places(text, **kw)}


def test_mentions_point_into_the_text() -> None:
    text = "Clashes erupted in Tikrit and Samarra, north of Baghdad, and spread to Diyala province."
    places = extract_places(text)
    assert places
    for p in places:
        assert p.kind in PLACE_KINDS and p.country
        for m in p.mentions:
            assert text[m.start : m.end] == m.text and m.rule


def test_transliterated_names_resolve_with_aliases() -> None:
    text = (
        "Fighters were reported in Khaneqain, Jaloula and Sa’adiyah, and displaced families "
        "from Yousefiyah and Jarf-al-Sakhar reached Esfahan and Irbil."
    )
    got = names(text)
    assert got["Khanaqin"].aliases == ["Khaneqain"]
    assert got["Jalawla"].aliases == ["Jaloula"]
    assert got["Saadiya"].aliases == ["Sa’adiyah"]
    assert got["Yusufiyah"].admin1 == "Baghdad"
    assert got["Jurf al-Sakhar"].aliases == ["Jarf-al-Sakhar"]
    assert got["Isfahan"].country == "IRN"
    assert got["Erbil"].aliases == ["Irbil"]


def test_canonical_name_is_not_an_alias() -> None:
    p = names("Mosul fell in June; the battle for Mosul lasted months.")["Mosul"]
    assert p.aliases == [] and len(p.mentions) == 2
    assert p.admin1 == "Nineveh" and p.country == "IRQ" and p.geonames_id == 99072


def test_place_inside_an_organisation_name_is_not_a_place() -> None:
    text = (
        "The Diyala Operations Command said the Baghdad government and the Basra Oil Company "
        "had agreed. The Tehran regime denied it."
    )
    assert names(text) == {}


def test_blocked_spans_are_not_places() -> None:
    text = "Officers of the Anbar Police Directorate said fighting in Anbar continued."
    s = text.index("Anbar")
    only = names(text, blocked=[(s, s + len("Anbar Police Directorate"))])
    assert [m.start for m in only["Anbar Province"].mentions] == [text.rindex("Anbar")]
    assert names("Tehran said so.", blocked=[(0, 6)]) == {}


def test_capital_as_metonym() -> None:
    text = (
        "Tehran’s interference is growing, and militias backed by Tehran answer to it. "
        "Ankara said it would respond."
    )
    assert names(text) == {}
    assert "Tehran" in names("Officials in Tehran said the militias were loyal.")
    assert "Baghdad" in names("He flew to Baghdad on Monday.")


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ("Tehran's interference grows.", "Tehran", True),
        ("Tehran uses the war as a pretext.", "Tehran", True),
        ("Ankara said on Monday it would act.", "Ankara", True),
        ("The militia is backed by Tehran.", "Tehran", True),
        ("The Baghdad government refused.", "Baghdad", True),
        ("Iran-backed groups took over.", "Iran", True),
        ("Ten people died in Tehran.", "Tehran", False),
        ("Refugees walked to Baghdad.", "Baghdad", False),
        ("Baghdad's suburbs were shelled.", "Baghdad", False),
        ("They stormed Baghdad's Green Zone.", "Baghdad", False),
    ],
)
def test_is_metonym(text: str, word: str, expected: bool) -> None:
    i = text.index(word)
    assert is_metonym(text, i, i + len(word)) is expected


def test_province_versus_city() -> None:
    text = "Gunmen attacked a checkpoint in Baghdad province, while in Baghdad a car bomb exploded."
    got = names(text)
    assert got["Baghdad Province"].kind == "province"
    assert got["Baghdad Province"].admin1 == "Baghdad"
    assert got["Baghdad"].kind == "city"
    listed = names("Forces were stationed in Baghdad, Diyala and Salah ad-Din provinces.")
    assert set(listed) == {"Baghdad Province", "Diyala Province", "Salah ad-Din Province"}
    assert listed["Diyala Province"].aliases == ["Diyala"]
    assert names("The town of Diyala saw no fighting in Diyala Province.")["Diyala Province"]


def test_common_words_and_person_names_are_not_places() -> None:
    text = (
        "Best of all, the plan was Nice and simple. Reading the report, Hit or miss, May and "
        "March were calm. This was Of no use. Qasem Soleimani met Hassan Rouhani and Haidar "
        "al-Abadi; Sistani and Sadr stayed silent. Prime Minister Abadi spoke on Sunday."
    )
    assert names(text) == {}


def test_common_word_place_with_locative_cue() -> None:
    got = names("Islamic State fighters entered Hit, a town in western Anbar.")
    assert got["Hit"].admin1 == "Anbar"
    assert got["Anbar Province"].kind == "province"


def test_place_only_in_the_project_data_file() -> None:
    got = names("Militias held Jurf al-Nasr and Camp Speicher; rockets hit the Green Zone.")
    assert got["Jurf al-Sakhar"].id == "dossier:jurf-al-sakhar"
    assert got["Camp Speicher"].kind == "site"
    assert got["Green Zone"].admin1 == "Baghdad"


def test_regions_and_features() -> None:
    text = (
        "PKK fighters came down from the Sinjar and Qandil mountains; ships in the eastern "
        "Mediterranean and the Persian Gulf watched the Middle East."
    )
    got = names(text)
    assert got["Sinjar Mountains"].aliases == ["Sinjar"]
    assert got["Qandil Mountains"].aliases == ["Qandil"]
    assert got["Eastern Mediterranean"].aliases == ["eastern Mediterranean"]
    assert got["Persian Gulf"].kind == "region" and got["Middle East"].country is None


def test_disambiguation_by_document_context() -> None:
    iraq = names("Militants advanced from Tikrit and reached Samara and Karbala in Iraq.")
    assert iraq["Samarra"].aliases == ["Samara"]
    russia = names("The Russian city of Samara on the Volga lies east of Moscow in Russia.")
    assert russia["Samara"].country == "RUS"
    iranian = names("We shed blood in Sistan, Azerbaijan, Shiraz and Esfahan, cities of Iran.")
    assert iranian["Azerbaijan (Iran)"].country == "IRN"
    assert "Azerbaijan" not in iranian
    country = names("Armenia and Azerbaijan signed a deal in Moscow.")
    assert country["Azerbaijan"].kind == "country"
    kurd = names("Erbil is the capital of Kurdistan, the autonomous north of Iraq.")
    assert kurd["Kurdistan Region"].country == "IRQ"


def test_country_hint() -> None:
    assert names("Fighting was reported in Samara.", country_hint="IRQ")["Samarra"]


def test_us_abbreviation() -> None:
    assert names("US-led coalition jets and U.S. officials") == {}
    got = names("He studied in the US before returning to Iraq.")
    assert got["United States"].aliases == ["US"]
    assert names("the campus of us all") == {}


def test_demonyms_are_not_places() -> None:
    assert names("Iraqi and Iranian officials met Syrian and Kurdish leaders.") == {}


def test_misspelt_town_in_a_list_and_unknown_village() -> None:
    got = names("Militias retook the Iraqi towns of Ramadi, Tikirit, Baiji and Fallujah.")
    assert got["Tikrit"].aliases == ["Tikirit"]
    got = names("Troops withdrew from the village of al-Qubba outside Mosul.")
    village = got["al-Qubba"]
    assert village.kind == "village" and village.lat is None
    assert village.country == "IRQ" and village.admin1 == "Nineveh"


def test_speed_on_a_generated_text() -> None:
    rng = random.Random(7)
    sentences = [
        "Militants attacked a checkpoint near Baqubah in Diyala province on Tuesday.",
        "The ministry said the Tehran government would respond to the statement.",
        "Thousands of families fled Mosul and Tal Afar towards Erbil and Dohuk.",
        "Officials in Washington and London called for restraint and a ceasefire.",
        "The report, published by a group based in Geneva, counted the dead and wounded.",
        "Prices rose again as the currency fell and many shops in the market closed early.",
        "Kurdish fighters said they had retaken several villages south of Kobani.",
        "The spokesman declined to say how many soldiers had been sent to the border.",
    ]
    text = " ".join(rng.choice(sentences) for _ in range(4200))
    words = len(text.split())
    assert words >= 50_000
    extract_places("warm up in Baghdad")
    t = time.perf_counter()
    places = extract_places(text)
    elapsed = time.perf_counter() - t
    assert {"Baqubah", "Mosul", "Kobani", "Geneva"} <= {p.name for p in places}
    assert elapsed < 5.0, f"{words / elapsed:.0f} words/s"
