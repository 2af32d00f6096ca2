"""HTML pages: the article's main text and its metadata.

trafilatura finds the main text (dropping navigation, footers, sidebars) and the
title, date, site name and canonical URL. If it finds nothing, the text of
``<article>``, ``<main>`` or ``<body>`` (minus scripts, navigation, headers and
footers) is used. The document text is the extracted text, paragraphs separated
by a blank line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dossier.ingest.base import DEFAULT_MAX_BYTES
from dossier.ingest.header import parse_date
from dossier.ingest.text import ReadFailure, count_words, decode_bytes, make_document, read_bytes
from dossier.model import Document

_MIN_WORDS_TRAFILATURA = 5  # fewer: trafilatura kept only page furniture; try the fallback
_MIN_WORDS = 3
_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "iframe",
    "svg",
    "button",
    "select",
)
_BLOCK_TAGS = (
    "p",
    "div",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "blockquote",
    "pre",
    "table",
    "tr",
    "br",
    "figure",
    "figcaption",
    "dd",
    "dt",
)
# Without extensive search htmldate does not take a copyright year for the date.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}
# Page furniture removed before extraction: trafilatura keeps it on small pages.
_PRUNE_XPATH = [
    "//nav",
    "//aside",
    "//footer",
    '//*[@role="navigation" or @role="banner" or @role="contentinfo"]',
]


def _paragraphs(text: str) -> str:
    """Collapse spaces inside lines, one blank line between paragraphs."""
    lines = (" ".join(line.split()) for line in text.replace("\r", "\n").split("\n"))
    return "\n\n".join(line for line in lines if line)


def _trafilatura(content: bytes | str) -> tuple[str | None, dict[str, Any]]:
    import trafilatura

    result = trafilatura.bare_extraction(
        content,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        date_extraction_params=_DATE_PARAMS,
        prune_xpath=_PRUNE_XPATH,
    )
    if result is None:
        return None, {}
    if isinstance(result, dict):  # older trafilatura versions
        get = result.get
    else:

        def get(key: str) -> Any:
            return getattr(result, key, None)

    fields = {
        "title": get("title"),
        "url": get("url"),
        "outlet": get("sitename"),
        "published": get("date"),
        "author": get("author"),
        "description": get("description"),
        "hostname": get("hostname"),
        "tags": get("tags") or [],
        "categories": get("categories") or [],
    }
    text = get("text")
    return (text if isinstance(text, str) else None), fields


def _lxml_fallback(content: bytes | str) -> tuple[str, dict[str, Any]]:
    import lxml.html

    try:
        root = lxml.html.fromstring(content)
    except Exception:  # lxml raises several types for junk input
        return "", {}
    fields: dict[str, Any] = {}
    title = root.findtext(".//title")
    if not title:
        og = root.xpath('//meta[@property="og:title"]/@content')
        title = og[0] if og else None
    fields["title"] = title.strip() if title and title.strip() else None
    canonical = root.xpath('//link[@rel="canonical"]/@href') or root.xpath(
        '//meta[@property="og:url"]/@content'
    )
    fields["url"] = canonical[0].strip() if canonical else None
    site = root.xpath('//meta[@property="og:site_name"]/@content')
    fields["outlet"] = site[0].strip() if site else None
    published = root.xpath(
        '//meta[@property="article:published_time"]/@content'
        ' | //meta[@name="date"]/@content | //time/@datetime'
    )
    fields["published"] = parse_date(published[0]) if published else None
    for tag in _DROP_TAGS:
        for el in root.xpath(f"//{tag}"):
            el.drop_tree()
    container = None
    for tag in ("article", "main", "body"):
        found = root.xpath(f"//{tag}")
        if found:
            container = found[0]
            break
    if container is None:
        container = root
    for el in container.iter(*_BLOCK_TAGS):
        el.tail = "\n" + (el.tail or "")
    return _paragraphs(container.text_content()), fields


def html_document(content: bytes | str, *, source: str, name: str | None) -> Document:
    """A Document from HTML bytes or text; ReadFailure if there is no article text."""
    meta: dict[str, Any] = {}
    if isinstance(content, bytes) and content.startswith(
        (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")
    ):
        # UTF-16/32 with a byte-order mark: decode here, the HTML parser would not.
        content, enc = decode_bytes(content)
        meta["encoding"] = enc.get("encoding")
    try:
        text, fields = _trafilatura(content)
    except Exception:  # trafilatura must not stop the batch
        text, fields = None, {}
    text = _paragraphs(text) if text else ""
    meta["extractor"] = "trafilatura"
    if count_words(text) < _MIN_WORDS_TRAFILATURA:
        fallback_text, fallback_fields = _lxml_fallback(content)
        if count_words(fallback_text) >= max(_MIN_WORDS, count_words(text)):
            text = fallback_text
            meta["extractor"] = "lxml"
            for key, value in fallback_fields.items():
                if not fields.get(key):
                    fields[key] = value
    if count_words(text) < _MIN_WORDS:
        raise ReadFailure("no article text found")
    for key in ("author", "description", "hostname"):
        if fields.get(key):
            meta[key] = fields[key]
    for key in ("tags", "categories"):
        values = fields.get(key)
        if values:
            meta[key] = list(values) if not isinstance(values, str) else [values]
    return make_document(
        text,
        source=source,
        name=name,
        fmt="html",
        fields={k: fields.get(k) for k in ("title", "url", "outlet", "published")},
        meta=meta,
    )


def read_html(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    raw = read_bytes(path, max_bytes)
    if not raw.strip():
        raise ReadFailure("empty file (only whitespace)")
    return html_document(raw, source=str(path), name=path.name)
