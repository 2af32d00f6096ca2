"""Header block, date lines and metadata dates; decoding corner cases."""

from __future__ import annotations

import os

import pytest

from dossier.ingest.base import ReadError
from dossier.ingest.header import parse_date, parse_date_line, parse_header
from dossier.ingest.readers import expand_inputs, read_file
from dossier.ingest.text import decode_bytes, format_size
from dossier.model import Document

BODY = (
    "Fighters of the Northern Shield Brigade shelled the market in Kafr Hamra on Sunday, "
    "killing at least twelve civilians, according to local medics."
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2016-03-14", "2016-03-14"),
        ("2016-03-14T08:30:00+02:00", "2016-03-14"),
        ("2016/03/14", "2016-03-14"),
        ("14 March 2016", "2016-03-14"),
        ("March 14th, 2016", "2016-03-14"),
        ("Monday, March 14, 2016 08:30", "2016-03-14"),
        ("14-03-2016", "2016-03-14"),
        ("03/14/2016", "2016-03-14"),
        ("14/03/2016", "2016-03-14"),
        ("04/03/2016", "2016"),  # day-first or month-first: only the year is sure
        ("March 2016", "2016-03"),
        ("2016-03", "2016-03"),
        ("2016", "2016"),
        ("14 mars 2016", "2016-03-14"),
        ("1er mai 2016", "2016-05-01"),
        ("14 de marzo de 2016", "2016-03-14"),
        ("14. März 2016", "2016-03-14"),
        ("31-02-2016", None),
        ("yesterday", None),
        ("2016 was a hard year", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_date(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    "line",
    ["May 2 people died in the raid", "Iran 2015", "July", "12 killed in 2015 attack", "1,200"],
)
def test_not_a_date_line(line):
    assert parse_date_line(line) is None


def test_updated_line_is_not_published():
    info = parse_header("Talks collapse in the capital\n\nUpdated April 24, 2015\n\n" + BODY)
    assert info.published is None
    assert info.extra["updated"] == "2015-04-24"


def test_header_first_value_wins_and_unparsed_date_kept():
    info = parse_header("Date: sometime last spring\nTitle: One\nTitle: Two\n\n" + BODY)
    assert info.title == "One"
    assert info.published is None
    assert info.extra["date_raw"] == "sometime last spring"


def test_header_language_and_byline():
    info = parse_header(
        "Ceasefire talks resume\n\nBy Jane Roe and John Doe | Reuters\nLanguage: French\n\n" + BODY
    )
    assert info.author == "Jane Roe and John Doe"
    assert info.language == "fr"
    assert info.title == "Ceasefire talks resume"


def test_outlet_needs_outlet_word_when_several_words():
    assert (
        parse_header("Headline goes here\n\nApril 3, 2016\nDaily Sabah\n\n" + BODY).outlet
        == "Daily Sabah"
    )
    assert (
        parse_header("Headline goes here\n\nApril 3, 2016\nAmir Karimi\n\n" + BODY).outlet is None
    )
    assert parse_header("Headline goes here\n\nApril 3, 2016\nAFP\n\n" + BODY).outlet == "AFP"
    assert parse_header("Headline goes here\n\nApril 3, 2016\nShare\n\n" + BODY).outlet is None


def test_unknown_key_is_not_header():
    info = parse_header("Warning: heavy fighting reported\n\n" + BODY)
    assert info.extra == {} and info.published is None
    assert info.title == "Warning: heavy fighting reported"  # a headline with a colon


def test_decode_cp1251_via_charset_normalizer():
    text = (
        "Боевики обстреляли рынок в деревне в воскресенье утром, погибли по меньшей мере "
        "двенадцать мирных жителей, сообщили местные врачи."
    )
    decoded, meta = decode_bytes(text.encode("cp1251"))
    assert decoded == text
    assert meta["encoding"] == "cp1251"


def test_decode_mostly_utf8_with_stray_byte():
    raw = "Le général a déclaré que la trêve était rompue.".encode() + b" \x92 end"
    decoded, meta = decode_bytes(raw)
    assert decoded.startswith("Le général")
    assert meta["encoding"] == "utf-8" and meta["encoding_errors"] == 1


def test_format_size():
    assert format_size(50 * 1024 * 1024) == "50 MB"
    assert format_size(1536) == "1.5 KB"
    assert format_size(100) == "100 bytes"


def test_permission_denied_reported(tmp_path, monkeypatch):
    p = tmp_path / "locked.txt"
    p.write_text(BODY)
    monkeypatch.setattr(os, "access", lambda *a, **k: False)
    items = list(read_file(p))
    assert items == [ReadError(str(p), "Permission denied")]
    files, errors = expand_inputs([p])
    assert files == [] and errors == [ReadError(str(p), "Permission denied")]


@pytest.mark.skipif(os.name != "posix", reason="symlinks")
def test_broken_symlink(tmp_path):
    link = tmp_path / "gone.txt"
    link.symlink_to(tmp_path / "missing-target.txt")
    files, errors = expand_inputs([link])
    assert files == [] and "No such file or directory" in errors[0].reason
    [err] = list(read_file(link))
    assert err.reason == "No such file or directory"


def test_read_file_accepts_str_path(tmp_path):
    p = tmp_path / "s.txt"
    p.write_text(BODY)
    [doc] = list(read_file(str(p)))
    assert isinstance(doc, Document) and doc.name == "s.txt"
