"""The bundled example corpus (examples/) is as designed.

Later features (readers, dedupe, corroboration, contradictions, date resolution) are
tested against the facts designed into the corpus, so this file checks the corpus
itself, with the standard library and pypdf only: no dossier module is imported.
The designed facts are listed in examples/.designed_facts.json (a dotfile, so that a
folder walk of examples/ skips it) and explained in examples/README.md.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
FACTS = json.loads((EXAMPLES / ".designed_facts.json").read_text(encoding="utf-8"))
HEADER_KEY = re.compile(r"^(Title|Outlet|Date|URL):\s+\S")
DATE_LINE = re.compile(
    r"^(\d{1,2}-\d{1,2}-\d{4}|[A-Z][a-z]+ \d{1,2}, \d{4}|\d{1,2} [A-Z][a-z]+ \d{4})$"
)
WEEKDAYS = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
    "lundi": 0,
    "mardi": 1,
    "mercredi": 2,
    "jeudi": 3,
    "vendredi": 4,
    "samedi": 5,
    "dimanche": 6,
}


# ---------------------------------------------------------------------------
# Reading the corpus without Dossier's readers


class _ArticleText(HTMLParser):
    """Text of the main <article> (the one with the <h1>), plus the <head> metadata
    the readers rely on. Other top-level <article> elements (WordPress writes one
    per comment) are counted but not read."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.articles: list[list[str]] = []
        self.main: int | None = None
        self.meta: dict[str, str] = {}
        self.canonical: str | None = None
        self.time_datetime: str | None = None
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "meta" and ("property" in a or "name" in a):
            self.meta[a.get("property") or a.get("name", "")] = a.get("content", "")
        elif tag == "link" and a.get("rel") == "canonical":
            self.canonical = a.get("href")
        elif tag == "article":
            if self.depth == 0:
                self.articles.append([])
            self.depth += 1
        elif self.depth:
            if tag == "h1" and self.main is None:
                self.main = len(self.articles) - 1
            if tag == "time" and "datetime" in a and self.time_datetime is None:
                self.time_datetime = a["datetime"]
            if tag in ("script", "style"):
                self._skip += 1
            if tag in ("p", "h1", "li", "div", "br"):
                self.articles[-1].append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "article" and self.depth:
            self.depth -= 1
        elif tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if self.depth and not self._skip:
            self.articles[-1].append(data)

    @property
    def text(self) -> str:
        return "" if self.main is None else "".join(self.articles[self.main])


def parse_html(path: Path) -> _ArticleText:
    parser = _ArticleText()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


def pdf_text(path: Path) -> str:
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(str(path))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def squash(text: str) -> str:
    """Collapse whitespace, so a phrase broken across PDF lines still matches."""
    return re.sub(r"\s+", " ", text).strip()


def txt_body(text: str) -> str:
    """The report without its header (a Key: value block, or title/date/outlet lines)."""
    lines = text.splitlines()
    if HEADER_KEY.match(lines[0]):
        return text.split("\n\n", 1)[1]
    return "\n".join(lines[3:])


def load_corpus() -> dict[str, tuple[str, str]]:
    """{key: (format, text)}: one entry per document; JSON Lines records as path#id."""
    docs: dict[str, tuple[str, str]] = {}
    for path in sorted(EXAMPLES.rglob("*")):
        rel = path.relative_to(EXAMPLES).as_posix()
        if not path.is_file() or any(part.startswith(".") for part in path.parts):
            continue
        if path.suffix == ".txt":
            docs[rel] = ("txt", path.read_text(encoding="utf-8"))
        elif path.suffix == ".html":
            docs[rel] = ("html", parse_html(path).text)
        elif path.suffix == ".pdf":
            docs[rel] = ("pdf", pdf_text(path))
        elif path.suffix == ".jsonl":
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    record = json.loads(line)
                    docs[f"{rel}#{record['id']}"] = ("jsonl", record["text"])
    return docs


@pytest.fixture(scope="module")
def corpus() -> dict[str, tuple[str, str]]:
    return load_corpus()


def text_of(corpus: dict[str, tuple[str, str]], key: str) -> str:
    assert key in corpus, f"designed fact names a missing document: {key}"
    return squash(corpus[key][1])


def shingles(text: str, n: int = 5) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def jaccard(a: set[tuple[str, ...]], b: set[tuple[str, ...]]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


# ---------------------------------------------------------------------------
# Size and formats


def test_at_least_16_documents_across_the_formats(corpus: dict[str, tuple[str, str]]) -> None:
    formats = Counter(fmt for fmt, _ in corpus.values())
    assert len(corpus) >= 16
    assert formats["txt"] >= 6
    assert formats["html"] >= 4
    assert formats["pdf"] >= 2
    assert formats["jsonl"] >= 4


def test_reports_are_short(corpus: dict[str, tuple[str, str]]) -> None:
    for key, (fmt, text) in corpus.items():
        body = txt_body(text) if fmt == "txt" else text
        words = len(body.split())
        limit = 500 if fmt == "pdf" else 450
        assert 150 <= words <= limit, f"{key}: {words} words"


def test_txt_files_carry_their_metadata_in_both_header_styles() -> None:
    key_value = scraped = 0
    for path in sorted((EXAMPLES / "news").glob("*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        if HEADER_KEY.match(lines[0]):
            block = lines[: lines.index("")]
            keys = {line.split(":", 1)[0] for line in block}
            assert {"Title", "Outlet", "Date", "URL"} <= keys, path.name
            key_value += 1
        else:
            assert DATE_LINE.match(lines[1]), f"{path.name}: no date line: {lines[1]!r}"
            assert lines[2].strip() and lines[3] == "", f"{path.name}: no outlet line"
            scraped += 1
    assert key_value >= 2 and scraped >= 2


def test_every_html_page_has_an_article_and_its_metadata() -> None:
    pages = sorted(EXAMPLES.rglob("*.html"))
    assert len(pages) >= 4
    for path in pages:
        page = parse_html(path)
        raw = path.read_text(encoding="utf-8")
        assert page.articles, f"{path.name}: no <article>"
        assert page.main is not None, f"{path.name}: no <article> with an <h1>"
        assert page.time_datetime, f"{path.name}: no <time datetime> in the article"
        assert page.meta.get("og:site_name"), path.name
        assert page.meta.get("article:published_time", "").startswith(page.time_datetime[:10]), (
            path.name
        )
        assert page.canonical and page.canonical.startswith("https://"), path.name
        # boilerplate a reader has to strip
        for marker in ("nav", "<footer", "cookie", "most read", "comment"):
            assert marker.lower() in raw.lower(), f"{path.name}: no {marker!r}"


def test_jsonl_parses_and_has_a_non_english_record() -> None:
    (path,) = sorted(EXAMPLES.rglob("*.jsonl"))
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(records) >= 4
    assert len({r["id"] for r in records}) == len(records)
    for r in records:
        assert {"id", "text", "title", "url", "outlet", "published"} <= set(r)
        dt.date.fromisoformat(r["published"][:10])

    def english_share(text: str) -> float:
        words = re.findall(r"[a-zà-ÿ']+", text.lower())
        english = sum(w in {"the", "and", "of", "to", "in", "was", "said"} for w in words)
        french = sum(w in {"le", "la", "les", "des", "et", "du", "dans", "une"} for w in words)
        return english / max(1, english + french)

    shares = {r["id"]: english_share(r["text"]) for r in records}
    assert [i for i, s in shares.items() if s < 0.2] == ["cdl-2016-06-21-falloujah"]
    assert all(s > 0.8 for i, s in shares.items() if i != "cdl-2016-06-21-falloujah")


def test_pdfs_open_and_have_text() -> None:
    pypdf = pytest.importorskip("pypdf")
    pdfs = sorted(EXAMPLES.rglob("*.pdf"))
    assert len(pdfs) >= 2
    for path in pdfs:
        reader = pypdf.PdfReader(str(path))
        assert 1 <= len(reader.pages) <= 3, path.name
        assert reader.metadata and reader.metadata.title, path.name
        assert len(pdf_text(path).split()) >= 150, path.name


def test_pdfs_are_rebuilt_by_the_script(tmp_path: Path) -> None:
    pytest.importorskip("fpdf")
    spec = importlib.util.spec_from_file_location(
        "make_example_pdf", REPO / "scripts" / "make_example_pdf.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main(["--out", str(tmp_path)])
    committed = sorted(p.name for p in (EXAMPLES / "reports").glob("*.pdf"))
    assert sorted(p.name for p in tmp_path.glob("*.pdf")) == committed
    for name in committed:
        assert pdf_text(tmp_path / name) == pdf_text(EXAMPLES / "reports" / name), name
        first = module.build(name, module.REPORTS[name])
        assert first == module.build(name, module.REPORTS[name]), f"{name}: not deterministic"
    for spec_ in module.REPORTS.values():
        for _, payload in spec_["blocks"]:
            flat = json.dumps(payload)
            assert flat.isascii() and "\\u" not in flat, "PDF text must be plain ASCII"


def test_urls_point_at_reserved_example_domains() -> None:
    """Invented stories must not be attributed to real web sites."""
    for path in sorted(EXAMPLES.rglob("*")):
        if path.suffix in (".txt", ".html", ".jsonl", ".md"):
            text = path.read_text(encoding="utf-8")
            for host in re.findall(r"https?://([^/\s\"'<>)]+)", text):
                assert host.endswith(".example") or host == "schema.org", f"{path.name}: {host}"


# ---------------------------------------------------------------------------
# The designed facts


def test_every_designed_evidence_string_is_in_its_document(
    corpus: dict[str, tuple[str, str]],
) -> None:
    def walk(node: object) -> None:
        if isinstance(node, dict):
            if "document" in node and "evidence" in node:
                assert squash(node["evidence"]) in text_of(corpus, node["document"]), node
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(FACTS)


def test_relayed_claim_figure_occurs_in_at_least_four_documents(
    corpus: dict[str, tuple[str, str]],
) -> None:
    claim = FACTS["relayed_claim"]
    figure = claim["figure"]
    holders = {key for key, (_, text) in corpus.items() if figure in text}
    assert len(holders) >= 4
    designed = {claim["origin"]["document"]} | {r["document"] for r in claim["relays"]}
    assert holders == designed, "the figure should occur only where it was designed"
    outlets = {r["outlet"] for r in claim["relays"]}
    assert len(outlets) >= 4
    for relay in claim["relays"]:
        text = text_of(corpus, relay["document"])
        assert squash(relay["attribution"]) in text, relay["document"]
        assert re.search(r"provincial council", text, re.I), relay["document"]


def test_near_copy_pair_is_the_only_near_duplicate(corpus: dict[str, tuple[str, str]]) -> None:
    pair = FACTS["near_copy"]
    original, copy = (txt_body(corpus[pair[k]][1]) for k in ("original", "copy"))
    assert original != copy
    assert jaccard(shingles(original), shingles(copy)) > 0.75
    assert "Shi'ite militias" in original and "Shia militias" in copy
    assert "Aid workers in Khanaqin" in copy and "Aid workers in Khanaqin" not in original
    keys = sorted(corpus)
    sets = {k: shingles(corpus[k][1]) for k in keys}
    close = [
        (a, b) for i, a in enumerate(keys) for b in keys[i + 1 :] if jaccard(sets[a], sets[b]) > 0.3
    ]
    assert close == [tuple(sorted((pair["original"], pair["copy"])))]


def test_disputed_number_both_figures_occur_with_their_own_source(
    corpus: dict[str, tuple[str, str]],
) -> None:
    accounts = FACTS["disputed_number"]["accounts"]
    assert len({a["killed"] for a in accounts}) == 2
    for account, other in (accounts, accounts[::-1]):
        text = text_of(corpus, account["document"])
        assert str(account["killed"]) in text
        assert "Tarmiyah" in text
        assert not re.search(rf"\b{other['killed']}\b", text), "each side gives only its figure"
    assert "Ministry of Interior" in text_of(corpus, accounts[0]["document"])
    assert "hospital" in text_of(corpus, accounts[1]["document"]).lower()


def test_denial_answers_the_accusation(corpus: dict[str, tuple[str, str]]) -> None:
    denial = FACTS["denial"]
    accusation = text_of(corpus, denial["accusation"]["document"])
    answer = text_of(corpus, denial["denial"]["document"])
    assert "at least 43 men" in accusation and "Muqdadiyah" in accusation
    assert "denied" in answer and "Muqdadiyah" in answer
    assert "Two Rivers Rights Observatory" in answer


def test_corroboration_comes_from_two_independent_sources(
    corpus: dict[str, tuple[str, str]],
) -> None:
    first, second = (text_of(corpus, a["document"]) for a in FACTS["corroboration"]["accounts"])
    assert "13" in first and "13" in second
    assert "police" in first and "police" not in second
    assert "hospital" in second.lower()
    assert "Zagros Post" not in second and "Gulf Dispatch" not in first


def test_relative_dates_resolve_as_documented(corpus: dict[str, tuple[str, str]]) -> None:
    for item in FACTS["relative_dates"]:
        text = text_of(corpus, item["document"])
        assert item["phrase"] in text, item
        published = dt.date.fromisoformat(item["published"])
        if len(item["resolves_to"]) == 7:  # a month: "last June"
            year, month = map(int, item["resolves_to"].split("-"))
            assert (year, month) < (published.year, published.month), item
            continue
        day = dt.date.fromisoformat(item["resolves_to"])
        weekday = WEEKDAYS[item["phrase"].split()[-1].lower()]
        assert day.weekday() == weekday, item
        assert 0 <= (published - day).days < 7, item


def test_varied_forms_are_present(corpus: dict[str, tuple[str, str]]) -> None:
    everything = " ".join(text for _, text in corpus.values())
    for phrase in (
        "more than 1,000",
        "at least 40",
        "nearly two dozen",
        "according to",
        "said in a statement",
        "quoted Mahmoud Salih al-Azzawi",
        "last June",
        "December 18, 2014",
        "were detained",
        "In my view",
    ):
        assert phrase.lower() in everything.lower(), phrase
    for spelling in (
        "Quds Force",
        "Qods Force",
        "Kataib Hezbollah",
        "Kata'ib Hezbollah",
        "Asa'ib Ahl al-Haq",
        "Asaib Ahl al-Haq",
        "Hashd al-Shaabi",
        "Popular Mobilization Forces",
        "Jalawla",
        "Jaloula",
        "Khanaqin",
        "Khaneqin",
        "Salahuddin",
        "Salah ad-Din",
    ):
        assert spelling in everything, spelling
