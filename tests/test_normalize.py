"""Name keys: one key for the spellings reporting uses for one name."""

import pytest

from dossier.normalize import name_key, tokenize


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Qods Force", "Quds force"),
        ("Qasem Soleimani", "Qassem Suleimani"),
        ("Qasim Soleimani", "Qasem Soleimani"),
        ("Kata'ib Hezbollah", "Kataib Hizbollah"),
        ("Kata’ib Hezbollah", "Kata'ib Hezbollah"),
        ("Nouri al-Maliki", "Nuri Al Maliki"),
        ("Nouri al-Maliki", "Nouri Maliki"),
        ("Taqavi", "Taghavi"),
        ("Haidar al-Abadi", "Haider Al-Abadi"),
        ("Mojahedin-e-Khalgh", "Mujahedin-e Khalq"),
        ("Muqtada al-Sadr", "Moqtada as-Sadr"),
        ("Hossein Dehghan", "Hussein Dehqan"),
        ("Abdul-Mahdi", "Abd al-Mahdi"),
        ("Islamic Dawa Party", "Islamic Da'wa Party"),
        ("Iran's", "Iran"),
        ("Ali Khamene'i", "Ali Khamenei"),
    ],
)
def test_spelling_variants_share_a_key(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Iraq", "Iran"),
        ("Hamas", "Homs"),
        ("Badr", "Bader Brigades"),
        ("Sadr", "Sunni"),
        ("Quds Force", "Qods"),
    ],
)
def test_different_names_keep_different_keys(a: str, b: str) -> None:
    assert name_key(a) != name_key(b)


def test_tokens_keep_offsets_and_hyphens() -> None:
    text = "Al-Abadi met U.S. envoys"
    toks = tokenize(text)
    assert [t.text for t in toks] == ["Al", "Abadi", "met", "U.S.", "envoys"]
    assert toks[0].hyphen_after and not toks[1].hyphen_after
    assert all(text[t.start : t.end] == t.text for t in toks)
