"""Readers: every format, bad input, folder and glob expansion, language."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from dossier.ingest.base import DEFAULT_MAX_BYTES, ReadError
from dossier.ingest.readers import document_id, expand_inputs, read_file, read_text
from dossier.model import Document

BODY = (
    "Fighters of the Northern Shield Brigade shelled the market in Kafr Hamra on Sunday, "
    "killing at least twelve civilians, according to local medics. A spokesman for the "
    "brigade denied the accusation and blamed the rival Valley Front for the attack."
)
FRENCH = (
    "Les combattants de la brigade du Bouclier du Nord ont bombardé le marché de Kafr Hamra "
    "dimanche matin, tuant au moins douze civils, selon les médecins de la ville. Un porte-parole "
    "de la brigade a rejeté l'accusation et a accusé le Front de la Vallée."
)


def read_all(path: Path, **kwargs) -> list[Document | ReadError]:
    return list(read_file(path, **kwargs))


def read_one(path: Path, **kwargs) -> Document:
    items = read_all(path, **kwargs)
    assert len(items) == 1, items
    assert isinstance(items[0], Document), items[0]
    return items[0]


def read_error(path: Path, **kwargs) -> ReadError:
    items = read_all(path, **kwargs)
    assert len(items) == 1, items
    assert isinstance(items[0], ReadError), items[0]
    return items[0]


# --------------------------------------------------------------------------- ids and strings


def test_document_id_is_sha256_prefix():
    assert document_id("abc") == hashlib.sha256(b"abc").hexdigest()[:16]
    assert len(document_id(BODY)) == 16


def test_read_text_keeps_text_and_takes_fields():
    text = "Title line of a report\r\n\r\n" + BODY
    doc = read_text(
        text, name="mine", outlet="Invented Wire", published="April 3, 2016", tags=["x"]
    )
    assert doc.text == text  # exactly as given, \r\n included
    assert doc.id == document_id(text)
    assert doc.name == "mine" and doc.source == "mine"
    assert doc.outlet == "Invented Wire"
    assert doc.published == "2016-04-03"
    assert doc.title == "Title line of a report"
    assert doc.language == "en"
    assert doc.meta == {"tags": ["x"]}
    assert doc.format == "txt"


def test_read_text_defaults():
    doc = read_text("Short.")
    assert doc.name == "<text>"
    assert doc.language is None  # too short to tell
    assert doc.words == 1


# --------------------------------------------------------------------------- plain text encodings


def test_utf8(tmp_path):
    p = tmp_path / "report.txt"
    text = "Militia chief Abū Karīm said: “we hold the bridge”.\n\n" + BODY + "\n"
    p.write_bytes(text.encode("utf-8"))
    doc = read_one(p)
    assert doc.text == text
    assert doc.id == document_id(text)
    assert doc.source == str(p)
    assert doc.name == "report.txt"
    assert doc.format == "txt"
    assert doc.meta["encoding"] == "utf-8"
    assert doc.language == "en"
    assert doc.words > 40


def test_utf8_bom_is_stripped(tmp_path):
    p = tmp_path / "bom.txt"
    p.write_bytes(b"\xef\xbb\xbf" + BODY.encode("utf-8"))
    doc = read_one(p)
    assert doc.text == BODY
    assert not doc.text.startswith("\ufeff")
    assert doc.meta.get("bom") is True


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16(tmp_path, encoding):
    text = "Le général a déclaré « cessez-le-feu ».\n\n" + BODY
    raw = text.encode(encoding)
    if encoding == "utf-16-le":
        raw = b"\xff\xfe" + raw
    elif encoding == "utf-16-be":
        raw = b"\xfe\xff" + raw
    p = tmp_path / "wide.txt"
    p.write_bytes(raw)
    doc = read_one(p)
    assert doc.text == text
    assert doc.meta["encoding"].startswith("utf-16")


def test_utf16_without_bom(tmp_path):
    p = tmp_path / "nobom.txt"
    p.write_bytes(BODY.encode("utf-16-le"))
    doc = read_one(p)
    assert doc.text == BODY


def test_cp1252_curly_quotes_and_accents(tmp_path):
    text = (
        "The envoy said the café in Qamishli was “safe” – the army’s claim was denied.\n\n" + BODY
    )
    p = tmp_path / "legacy.txt"
    p.write_bytes(text.encode("cp1252"))
    doc = read_one(p)
    assert doc.text == text
    assert doc.meta["encoding"] == "cp1252"


def test_crlf_normalised_before_everything(tmp_path):
    p = tmp_path / "dos.txt"
    p.write_bytes(b"A report on the siege\r\n\r\n" + BODY.encode() + b"\r\nSecond line.\r\n")
    doc = read_one(p)
    assert "\r" not in doc.text
    assert doc.text == "A report on the siege\n\n" + BODY + "\nSecond line.\n"
    assert doc.title == "A report on the siege"


def test_undecodable_bytes_never_crash(tmp_path):
    p = tmp_path / "odd.txt"
    # 0x81 and 0x8d are undefined in cp1252 and invalid as UTF-8.
    p.write_bytes(
        b"Casualty list \x81\x8d from the northern front, names withheld by the council.\n"
    )
    doc = read_one(p)
    assert doc.text.startswith("Casualty list")
    assert doc.meta["encoding"]


def test_unknown_extension_text_is_read(tmp_path):
    p = tmp_path / "notes.dat"
    p.write_text(BODY, encoding="utf-8")
    doc = read_one(p)
    assert doc.format == "txt"
    assert doc.text == BODY


def test_markdown_front_matter(tmp_path):
    p = tmp_path / "note.md"
    p.write_text(
        "---\ntitle: Convoy ambushed near Tel Azra\ndate: 2019-05-04\nsource: Field Notes\n---\n\n"
        + BODY,
        encoding="utf-8",
    )
    doc = read_one(p)
    assert doc.title == "Convoy ambushed near Tel Azra"
    assert doc.published == "2019-05-04"
    assert doc.outlet == "Field Notes"


# --------------------------------------------------------------------------- header block and date lines


def test_header_block(tmp_path):
    header = (
        "Title: Brigade denies shelling market\n"
        "URL: https://invented-wire.example/2016/03/market\n"
        "Source: Invented Wire\n"
        "Date: 14 March 2016\n"
        "Author: Jane Roe\n"
        "Tags: shelling, Kafr Hamra; ceasefire\n"
        "\n"
    )
    p = tmp_path / "scraped.txt"
    p.write_text(header + BODY, encoding="utf-8")
    doc = read_one(p)
    assert doc.text == header + BODY  # the header stays in the text
    assert doc.title == "Brigade denies shelling market"
    assert doc.url == "https://invented-wire.example/2016/03/market"
    assert doc.outlet == "Invented Wire"
    assert doc.published == "2016-03-14"
    assert doc.meta["author"] == "Jane Roe"
    assert doc.meta["tags"] == ["shelling", "Kafr Hamra", "ceasefire"]
    # offsets into the text are true
    start = doc.text.index("Kafr Hamra on Sunday")
    assert doc.text[start : start + 10] == "Kafr Hamra"


def test_header_published_and_source_url(tmp_path):
    p = tmp_path / "h.txt"
    p.write_text(
        "Published: 2016-03-14T08:30:00Z\nSource: https://invented.example/a\n\n" + BODY,
        encoding="utf-8",
    )
    doc = read_one(p)
    assert doc.published == "2016-03-14"
    assert doc.url == "https://invented.example/a"
    assert doc.outlet is None


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("27-12-2014", "2014-12-27"),
        ("April 23, 2015", "2015-04-23"),
        ("July 31, 2017", "2017-07-31"),
        ("Thursday, April 23, 2015", "2015-04-23"),
        ("23 April 2015", "2015-04-23"),
        ("2015-04-23", "2015-04-23"),
        ("Apr. 23, 2015 10:32 GMT", "2015-04-23"),
        ("Posted on July 31, 2017 by admin", "2017-07-31"),
        ("23.04.2015", "2015-04-23"),
        ("March 2016", "2016-03"),
    ],
)
def test_date_line_forms(tmp_path, line, expected):
    p = tmp_path / "dated.txt"
    p.write_text(f"Brigade denies shelling market\n\n{line}\n\n{BODY}\n", encoding="utf-8")
    doc = read_one(p)
    assert doc.published == expected
    assert doc.title == "Brigade denies shelling market"


def test_date_line_then_outlet_line(tmp_path):
    p = tmp_path / "news.txt"
    p.write_text(
        "Brigade denies shelling market\n\n27-12-2014\nKurdwire\nTags: shelling\nA+ A-\n\n" + BODY,
        encoding="utf-8",
    )
    doc = read_one(p)
    assert doc.published == "2014-12-27"
    assert doc.outlet == "Kurdwire"
    assert doc.title == "Brigade denies shelling market"


@pytest.mark.parametrize(
    "after_date",
    [
        "Jane Roe\n\n",  # a person's name is not an outlet
        "\nKurdwire\n\n",  # not directly after the date line
        "Kurdwire said on Friday that the talks had failed.\n\n",  # a sentence
    ],
)
def test_outlet_heuristic_is_conservative(tmp_path, after_date):
    p = tmp_path / "news.txt"
    p.write_text("Brigade denies shelling market\n\nApril 23, 2015\n" + after_date + BODY)
    doc = read_one(p)
    assert doc.published == "2015-04-23"
    assert doc.outlet is None


def test_blog_chrome_and_breadcrumb_are_not_titles(tmp_path):
    p = tmp_path / "blog.txt"
    p.write_text("Posted tagged ‘Syria’\n\nThe valley under siege\n\nJuly 31, 2017\n\n" + BODY)
    doc = read_one(p)
    assert doc.title == "The valley under siege"
    assert doc.published == "2017-07-31"
    p2 = tmp_path / "crumbs.txt"
    p2.write_text(
        "Home News Middle East Brigade denies shelling\n\nBrigade denies shelling\n\n" + BODY
    )
    assert read_one(p2).title == "Brigade denies shelling"


def test_no_title_when_first_line_is_a_sentence(tmp_path):
    p = tmp_path / "plain.txt"
    p.write_text(BODY + "\n\nMore text follows here.\n")
    doc = read_one(p)
    assert doc.title is None
    assert doc.published is None
    assert doc.outlet is None


def test_date_in_body_is_not_published(tmp_path):
    lines = "\n".join(f"Paragraph {i} of the long report on the siege." for i in range(20))
    p = tmp_path / "late.txt"
    p.write_text(BODY + "\n" + lines + "\n\nApril 23, 2015\n")
    assert read_one(p).published is None


# --------------------------------------------------------------------------- HTML

ARTICLE_HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Brigade shells market in Kafr Hamra | The Levant Observer</title>
<meta property="og:site_name" content="The Levant Observer">
<meta property="og:title" content="Brigade shells market in Kafr Hamra">
<meta property="article:published_time" content="2016-03-14T08:30:00Z">
<link rel="canonical" href="https://levant-observer.example/2016/03/market">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World news</a></li>
<li><a href="/sport">Sport pages</a></li></ul></nav>
<header><div class="logo">The Levant Observer</div><div>Subscribe now for daily updates</div></header>
<main><article>
<h1>Brigade shells market in Kafr Hamra</h1>
<p>Fighters of the Northern Shield Brigade shelled a crowded vegetable market in the village of
Kafr Hamra on Sunday morning, killing at least twelve civilians, local medics said.</p>
<p>A spokesman for the brigade denied the accusation and blamed a rival faction, the Valley
Front, for the attack, which came two days after ceasefire talks collapsed.</p>
<p>Residents said the shelling lasted about forty minutes and that ambulances could not reach
the market until the afternoon because the main road was blocked.</p>
</article></main>
<aside>Most read: Ten recipes for summer salads</aside>
<footer><p>Copyright 2023 The Levant Observer. All rights reserved.</p>
<a href="/privacy">Privacy policy</a></footer>
</body></html>
"""


def test_html_article_and_metadata(tmp_path):
    p = tmp_path / "page.html"
    p.write_text(ARTICLE_HTML, encoding="utf-8")
    doc = read_one(p)
    assert doc.format == "html"
    assert doc.title == "Brigade shells market in Kafr Hamra"
    assert doc.outlet == "The Levant Observer"
    assert doc.published == "2016-03-14"
    assert doc.url == "https://levant-observer.example/2016/03/market"
    assert "killing at least twelve civilians" in doc.text
    assert "ambulances could not reach" in doc.text
    for boilerplate in ("Subscribe now", "recipes", "Privacy policy", "All rights reserved"):
        assert boilerplate not in doc.text
    assert doc.id == document_id(doc.text)
    assert doc.language == "en"


def test_html_no_copyright_year_as_date(tmp_path):
    p = tmp_path / "nodate.htm"
    p.write_text(
        "<html><head><title>Talks stall</title></head><body><article><p>"
        + BODY
        + "</p></article><footer>© 2021 Invented Network</footer></body></html>"
    )
    doc = read_one(p)
    assert doc.published is None
    assert "Northern Shield Brigade" in doc.text


def test_html_fallback_body_text(tmp_path):
    p = tmp_path / "tiny.html"
    p.write_text(
        "<html><head><title>Short note</title></head><body><nav>Home</nav>"
        "<div>Shelling resumed near the dam today.</div></body></html>"
    )
    doc = read_one(p)
    assert "Shelling resumed near the dam today." in doc.text
    assert "Home" not in doc.text


def test_html_without_article_text(tmp_path):
    p = tmp_path / "empty.html"
    p.write_text(
        "<html><head><title>Nothing</title><script>var a = 1;</script></head>"
        "<body><nav><a href='/'>Home</a></nav></body></html>"
    )
    assert read_error(p).reason == "no article text found"


def test_html_sniffed_without_extension(tmp_path):
    p = tmp_path / "page"
    p.write_text(ARTICLE_HTML, encoding="utf-8")
    assert read_one(p).format == "html"


# --------------------------------------------------------------------------- PDF


def _pdf_bytes(pages: list[str], title: str | None = None, **encryption) -> bytes:
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.set_font("helvetica", size=12)
    for page in pages:
        pdf.add_page()
        pdf.multi_cell(0, 8, page)
    if title:
        pdf.set_title(title)
    if encryption:
        pdf.set_encryption(**encryption)
    return bytes(pdf.output())


PAGE1 = "The Eastern Hawks militia seized the bridge at Tel Azra on 4 May 2019."
PAGE2 = "Government troops said they had retaken the bridge by nightfall."


def test_pdf_two_pages(tmp_path):
    p = tmp_path / "bulletin.pdf"
    p.write_bytes(_pdf_bytes([PAGE1, PAGE2], title="Weekly security bulletin"))
    doc = read_one(p)
    assert doc.format == "pdf"
    assert doc.meta["pages"] == 2
    assert "Eastern Hawks militia" in doc.text
    assert "\n\n" in doc.text
    first, second = doc.text.split("\n\n", 1)
    assert "Tel Azra" in first and "nightfall" in second
    assert doc.title == "Weekly security bulletin"
    assert doc.language == "en"


def test_pdf_encrypted(tmp_path):
    p = tmp_path / "secret.pdf"
    p.write_bytes(_pdf_bytes([PAGE1], owner_password="owner", user_password="reader"))
    assert read_error(p).reason == "PDF is encrypted"


def test_pdf_encrypted_with_empty_user_password_is_read(tmp_path):
    p = tmp_path / "owner_only.pdf"
    p.write_bytes(_pdf_bytes([PAGE1], owner_password="owner"))
    doc = read_one(p)
    assert "Eastern Hawks" in doc.text


def test_pdf_encrypted_with_pypdf_aes(tmp_path):
    pypdf = pytest.importorskip("pypdf")
    src = tmp_path / "plain.pdf"
    src.write_bytes(_pdf_bytes([PAGE1]))
    writer = pypdf.PdfWriter(clone_from=str(src))
    writer.encrypt(user_password="reader", owner_password="owner", algorithm="AES-256")
    p = tmp_path / "aes.pdf"
    with open(p, "wb") as f:
        writer.write(f)
    assert read_error(p).reason.startswith("PDF is encrypted")


@pytest.mark.parametrize("fraction", [0.2, 0.5, 0.9])
def test_pdf_truncated(tmp_path, fraction):
    good = _pdf_bytes([PAGE1, PAGE2])
    p = tmp_path / "cut.pdf"
    p.write_bytes(good[: int(len(good) * fraction)])
    assert read_error(p).reason.startswith("PDF is damaged or truncated: ")


def test_pdf_corrupt_inside(tmp_path):
    p = tmp_path / "junk.pdf"
    p.write_bytes(b"%PDF-1.4\n" + os.urandom(64).replace(b"%%EOF", b"") + b"\ntrailer\n%%EOF\n")
    assert read_error(p).reason.startswith("PDF is damaged or truncated: ")


def test_pdf_without_text(tmp_path):
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.rect(10, 10, 50, 50)
    p = tmp_path / "scan.pdf"
    p.write_bytes(bytes(pdf.output()))
    assert read_error(p).reason == "no text in PDF (scanned image?)"


def test_pdf_sniffed_without_extension(tmp_path):
    p = tmp_path / "download"
    p.write_bytes(_pdf_bytes([PAGE1]))
    assert read_one(p).format == "pdf"


# --------------------------------------------------------------------------- JSON Lines


def test_jsonl_records_and_bad_lines(tmp_path):
    p = tmp_path / "batch.jsonl"
    lines = [
        json.dumps(
            {
                "id": "r1",
                "text": BODY,
                "title": "Market shelled",
                "url": "https://invented.example/r1",
                "outlet": "Invented Wire",
                "published": "2016-03-14T08:30:00Z",
                "tags": ["shelling"],
            }
        ),
        "",
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"id": "r4", "title": "no text"}),
        json.dumps({"id": "r5", "text": "   "}),
        json.dumps({"id": "r6", "text": 42}),
        json.dumps({"id": 7, "text": FRENCH, "language": "FR"}),
        "   ",
        json.dumps(
            {"text": "Troops withdrew from the border town on Tuesday evening, officials said."}
        ),
    ]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = read_all(p)
    docs = [i for i in items if isinstance(i, Document)]
    errors = [i for i in items if isinstance(i, ReadError)]
    assert [d.name for d in docs] == ["r1", "7", "batch.jsonl#L10"]
    assert [(e.line, e.path) for e in errors] == [
        (3, str(p)),
        (4, str(p)),
        (5, str(p)),
        (6, str(p)),
        (7, str(p)),
    ]
    assert errors[0].reason.startswith("invalid JSON")
    assert "not a JSON object" in errors[1].reason
    assert '"text"' in errors[2].reason and errors[3].reason == '"text" is empty'
    assert "not a string" in errors[4].reason
    r1 = docs[0]
    assert r1.text == BODY and r1.id == document_id(BODY)
    assert r1.source == f"{p}#L1"
    assert r1.format == "jsonl"
    assert (r1.title, r1.url, r1.outlet, r1.published) == (
        "Market shelled",
        "https://invented.example/r1",
        "Invented Wire",
        "2016-03-14",
    )
    assert r1.meta == {"tags": ["shelling"]}
    assert r1.language == "en"
    assert docs[1].language == "fr"  # trusted from the record
    assert docs[1].source == f"{p}#L8"


def test_jsonl_language_field_is_trusted(tmp_path):
    p = tmp_path / "lang.ndjson"
    p.write_text(
        json.dumps({"id": "x", "text": BODY, "language": "de"})
        + "\n"
        + json.dumps({"id": "y", "text": BODY, "language": "pt-BR"})
        + "\n"
    )
    assert [d.language for d in read_all(p)] == ["de", "pt"]


def test_jsonl_only_blank_lines(tmp_path):
    p = tmp_path / "blank.jsonl"
    p.write_text("\n\n  \n")
    assert read_error(p).reason == "empty file"


def test_jsonl_over_max_bytes(tmp_path):
    p = tmp_path / "big.jsonl"
    p.write_text(json.dumps({"id": "b", "text": BODY}) + "\n")
    err = read_error(p, max_bytes=100)
    assert err.reason.startswith("file is larger than the 100 bytes limit")


def test_jsonl_oversized_line_is_skipped(tmp_path):
    from dossier.ingest.jsonl import read_jsonl

    p = tmp_path / "big.jsonl"
    small = json.dumps({"id": "s", "text": "Short record about the ceasefire talks."})
    big = json.dumps({"id": "b", "text": "x" * 500})
    p.write_text(small + "\n" + big + "\n" + small.replace('"s"', '"t"') + "\n")
    items = list(read_jsonl(p, max_bytes=200))
    assert [getattr(i, "name", None) for i in items] == ["s", None, "t"]
    assert items[1].line == 2 and "200 bytes" in items[1].reason


# --------------------------------------------------------------------------- bad input


def test_empty_file(tmp_path):
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    assert read_error(p).reason == "empty file"


def test_whitespace_only_file(tmp_path):
    p = tmp_path / "blank.txt"
    p.write_text("  \n\n\t\n")
    assert read_error(p).reason.startswith("empty file")


def test_binary_file(tmp_path):
    p = tmp_path / "blob.txt"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    assert read_error(p).reason == "binary file, not text"


def test_binary_control_bytes_without_nul(tmp_path):
    p = tmp_path / "ctl.txt"
    p.write_bytes(bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16, 65]) * 100)
    assert read_error(p).reason == "binary file, not text"


def test_unknown_extension_binary_is_unsupported(tmp_path):
    p = tmp_path / "blob.xyz"
    p.write_bytes(b"\x00\x01\x02\x03" * 100)
    assert read_error(p).reason.startswith("unsupported file type")


def test_known_unsupported_extension(tmp_path):
    p = tmp_path / "report.docx"
    p.write_bytes(b"PK\x03\x04" + b"\x00" * 50)
    assert read_error(p).reason == "unsupported file type (.docx)"


def test_file_over_max_bytes(tmp_path):
    p = tmp_path / "big.txt"
    p.write_text(BODY * 5)
    err = read_error(p, max_bytes=100)
    assert err.reason.startswith("file is larger than the 100 bytes limit")
    assert err.path == str(p)


def test_default_limit_message():
    from dossier.ingest.text import too_large

    assert too_large(DEFAULT_MAX_BYTES + 1, DEFAULT_MAX_BYTES).startswith(
        "file is larger than the 50 MB limit"
    )


def test_missing_path(tmp_path):
    err = read_error(tmp_path / "nope.txt")
    assert err.reason == "No such file or directory"


def test_directory_given_as_file(tmp_path):
    d = tmp_path / "folder.txt"
    d.mkdir()
    assert read_error(d).reason == "Is a directory"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can read mode-000 files")
def test_unreadable_file(tmp_path):
    p = tmp_path / "locked.txt"
    p.write_text(BODY)
    p.chmod(0)
    try:
        assert read_error(p).reason == "Permission denied"
        files, errors = expand_inputs([p])
        assert files == [] and errors[0].reason == "Permission denied"
    finally:
        p.chmod(0o644)


def test_non_english_is_read(tmp_path):
    p = tmp_path / "fr.txt"
    p.write_text(FRENCH, encoding="utf-8")
    doc = read_one(p)
    assert doc.language == "fr"
    assert doc.text == FRENCH


def test_language_english_and_french():
    assert read_text(BODY).language == "en"
    assert read_text(FRENCH).language == "fr"
    assert read_text("Iran Iraq").language is None


# --------------------------------------------------------------------------- expansion


def _tree(root: Path) -> None:
    (root / "b").mkdir(parents=True)
    (root / "a").mkdir()
    (root / ".git").mkdir()
    (root / "a" / "deep").mkdir()
    for rel in ["z.txt", "b/two.html", "a/one.txt", "a/deep/three.pdf", "A-upper.txt"]:
        (root / rel).write_text("x")
    (root / ".hidden.txt").write_text("x")
    (root / ".git" / "config.txt").write_text("x")
    (root / "a" / "~$lock.txt").write_text("x")


def test_expand_folder_recursively_sorted_skipping_hidden(tmp_path):
    _tree(tmp_path)
    files, errors = expand_inputs([tmp_path])
    assert errors == []
    rel = [f.relative_to(tmp_path).as_posix() for f in files]
    assert rel == ["a/deep/three.pdf", "a/one.txt", "A-upper.txt", "b/two.html", "z.txt"]


def test_expand_glob_and_files_dedup(tmp_path):
    _tree(tmp_path)
    files, errors = expand_inputs(
        [str(tmp_path / "**" / "*.txt"), tmp_path / "z.txt", str(tmp_path / "*.nothing")]
    )
    rel = [f.relative_to(tmp_path).as_posix() for f in files]
    assert rel == ["a/one.txt", "A-upper.txt", "z.txt"]
    assert len(errors) == 1
    assert errors[0].reason == "no files match the pattern"


def test_expand_glob_matching_folder(tmp_path):
    _tree(tmp_path)
    files, errors = expand_inputs([str(tmp_path / "[ab]")])
    rel = [f.relative_to(tmp_path).as_posix() for f in files]
    assert rel == ["a/deep/three.pdf", "a/one.txt", "b/two.html"]
    assert errors == []


def test_expand_missing_and_explicit_hidden(tmp_path):
    _tree(tmp_path)
    files, errors = expand_inputs([tmp_path / "missing.txt", tmp_path / ".hidden.txt"])
    assert files == [tmp_path / ".hidden.txt"]
    assert errors == [ReadError(str(tmp_path / "missing.txt"), "No such file or directory")]


def test_folder_then_read_everything(tmp_path):
    (tmp_path / "one.txt").write_text(BODY)
    (tmp_path / "two.jsonl").write_text(
        json.dumps({"id": "a", "text": FRENCH}) + "\n" + "oops\n", encoding="utf-8"
    )
    (tmp_path / "empty.txt").write_text("")
    files, errors = expand_inputs([tmp_path])
    results = [item for f in files for item in read_file(f)]
    docs = [r for r in results if isinstance(r, Document)]
    errs = [r for r in results if isinstance(r, ReadError)]
    assert sorted(d.name for d in docs) == ["a", "one.txt"]
    assert sorted((Path(e.path).name, e.line) for e in errs) == [
        ("empty.txt", None),
        ("two.jsonl", 2),
    ]
    assert all(str(e) for e in errs)


def test_folder_walk_skips_only_a_folders_own_notes(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("About this folder of reports.", encoding="utf-8")
    (tmp_path / "LICENSE").write_text("Terms.", encoding="utf-8")
    (tmp_path / "licensed_traders_killed.txt").write_text(
        "Gunmen killed two licensed traders in the market on Monday.", encoding="utf-8"
    )
    files, errors = expand_inputs([tmp_path])
    assert [f.name for f in files] == ["licensed_traders_killed.txt"] and errors == []


def test_a_report_pdf_takes_publisher_and_date_from_its_metadata() -> None:
    pdf = (
        Path(__file__).resolve().parents[2]
        / "examples"
        / "reports"
        / "tworivers_muqdadiyah_abductions_2015.pdf"
    )
    [doc] = list(read_file(pdf))
    assert doc.outlet == "Two Rivers Rights Observatory"
    assert doc.published == "2015-05-12"
