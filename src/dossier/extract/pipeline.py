"""The extraction pipeline: a spaCy ``Language`` with Dossier's own components.

By default the pipeline is ``spacy.blank("en")`` (a tokenizer, no model) plus our
registered components, which need no download:

``dossier_sentences`` → ``dossier_actors`` → ``dossier_places`` →
``dossier_dates`` → ``dossier_numbers`` → ``dossier_attribution`` →
``dossier_events`` → ``dossier_relations``

Each component is a plain ``Doc -> Doc`` function that stores its results on
``doc._.dossier`` (a dict), keyed by stage. When a user names an installed
spaCy model (``--model en_core_web_sm`` or any trained pipeline), it is loaded
first and ``dossier_model_entities`` adds its PERSON/ORG/NORP/GPE/LOC entities to
ours where ours found nothing.
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Any

import numpy
import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from dossier.extract.actors import ActorMatcher, Hit, fill_surfaces
from dossier.extract.sentences import content_end, split_sentences
from dossier.knowledge.loader import get_kb
from dossier.model import Actor, Document, Extraction, Mention
from dossier.normalize import name_key, tokenize

EXTRACTOR_VERSION = "0.1.0"
MAX_CHARS = 20_000_000

if not Doc.has_extension("dossier"):
    Doc.set_extension("dossier", default=None)


def _state(doc: Doc) -> dict[str, Any]:
    ext = doc._  # one extension accessor (spaCy builds a new one on every ``doc._``)
    st = ext.dossier
    if st is None:
        st = ext.dossier = {}
    return st


def _full_text(doc: Doc, st: dict[str, Any] | None = None) -> str:
    """The document text, computed once (spaCy rebuilds ``doc.text`` on every access)."""
    st = _state(doc) if st is None else st
    if "text" not in st:
        st["text"] = doc.text
    return st["text"]


def _body(doc: Doc, st: dict[str, Any] | None = None) -> str:
    """The text up to where a comment section or related-links tail starts."""
    st = _state(doc) if st is None else st
    full = _full_text(doc, st)
    return full[: st.get("content_end", len(full))]


@lru_cache(maxsize=4)
def _matcher(kb_env: str | None) -> ActorMatcher:
    return ActorMatcher(get_kb())


def actor_matcher() -> ActorMatcher:
    """The actor matcher for the current knowledge base (built once, cached)."""
    return _matcher(os.environ.get("DOSSIER_KB_PATH"))


@Language.component("dossier_sentences", assigns=["token.is_sent_start"])
def mark_sentences(doc: Doc) -> Doc:
    """Sentence spans from :mod:`dossier.extract.sentences`, also set on tokens."""
    st = _state(doc)
    text = _full_text(doc, st)
    end = content_end(text)
    spans = split_sentences(text, end)
    st["content_end"] = end
    st["sentences"] = spans
    if not doc.has_annotation("SENT_START") and len(doc):
        # one array write: setting token.is_sent_start one by one is quadratic in spaCy
        offsets = doc.to_array("IDX")  # token start offsets, without making Token objects
        starts = numpy.fromiter((s for s, _ in spans), dtype=offsets.dtype, count=len(spans))
        # which token offsets are sentence starts: the starts are in order, so a binary
        # search per token (numpy.isin would sort both arrays first)
        if len(starts):
            at = numpy.minimum(numpy.searchsorted(starts, offsets), len(starts) - 1)
            is_start = starts[at] == offsets
        else:
            is_start = numpy.zeros(len(offsets), dtype=bool)
        flags = numpy.where(is_start, 1, -1).astype("int64")
        flags[0] = 1
        doc.from_array([SENT_START], flags.astype("uint64").reshape(-1, 1))
    return doc


@Language.component("dossier_actors", requires=["doc.sents"])
def mark_actors(doc: Doc) -> Doc:
    """Actors from the knowledge base, title/role/org rules and short forms."""
    st = _state(doc)
    text = _body(doc, st)
    toks = tokenize(text)
    st["tokens"] = toks
    result = actor_matcher().find(text, toks)
    st["actor_hits"] = result.hits
    st["actors"] = result.actors
    return doc


@Language.component("dossier_places")
def mark_places(doc: Doc) -> Doc:
    """Places from the gazetteer, ignoring names that are part of an actor's name."""
    from dossier.extract.places import extract_places
    from dossier.geo.gazetteer import load_gazetteer

    st = _state(doc)
    text = _body(doc, st)
    gaz = load_gazetteer()
    blocked = []
    for h in st.get("actor_hits", []):
        if h.generic or (h.kind == "state" and not h.metonym):
            continue
        # a country named for its state is still a place; a capital is not
        if h.metonym and any(c.kind == "country" for c in gaz.lookup(text[h.start : h.end])):
            continue
        blocked.append((h.start, h.end))
    st["places"] = extract_places(text, blocked)
    return doc


@Language.component("dossier_dates")
def mark_dates(doc: Doc) -> Doc:
    from dossier.extract.dates import extract_dates

    st = _state(doc)
    text = _body(doc, st)
    st["dates"] = extract_dates(text, st.get("published"))
    return doc


@Language.component("dossier_numbers")
def mark_numbers(doc: Doc) -> Doc:
    from dossier.extract.numbers import extract_numbers

    st = _state(doc)
    text = _body(doc, st)
    st["numbers"] = extract_numbers(text, st.get("sentences"))
    return doc


@Language.component("dossier_attribution")
def mark_attribution(doc: Doc) -> Doc:
    """Who the text credits, sentence by sentence (None = the author's voice)."""
    from dossier.extract.attribution import attribute

    st = _state(doc)
    text = _body(doc, st)
    st["attributions"] = attribute(text, st.get("sentences", []), st.get("actor_hits", []))
    for num in st.get("numbers", []):
        for a in st["attributions"]:
            if a.start <= num.evidence.start < a.end:
                num.attributed_to = (getattr(a, "credited", None) or a.source) if a.source else None
                break
    return doc


@Language.component("dossier_events")
def mark_events(doc: Doc) -> Doc:
    """PLOVER events with roles, place, date, quantities, attribution and status."""
    from dossier.extract.dates import anchor_at
    from dossier.extract.events import extract_events

    st = _state(doc)
    text = _body(doc, st)
    published = st.get("published")
    st["events"] = extract_events(
        text,
        st.get("sentences", []),
        st.get("actor_hits", []),
        st.get("places", []),
        st.get("dates", []),
        st.get("numbers", []),
        st.get("attributions", []),
        anchor=lambda offset: anchor_at(text, offset, published),
    )
    return doc


@Language.component("dossier_relations")
def mark_relations(doc: Doc) -> Doc:
    """Relations between actors stated in the text."""
    from dossier.extract.relations import extract_relations

    st = _state(doc)
    text = _body(doc, st)
    hits = [h for h in st.get("actor_hits", []) if not h.generic]
    st["relations"] = extract_relations(text, st.get("sentences", []), hits, get_kb())
    return doc


_MODEL_ACTOR_LABELS = {"PERSON": "person", "ORG": "other", "NORP": "other"}


@Language.component("dossier_model_entities")
def add_model_entities(doc: Doc) -> Doc:
    """Entities of a statistical model, added where our rules found nothing."""
    st = _state(doc)
    hits: list[Hit] = st.get("actor_hits", [])
    taken = [(h.start, h.end) for h in hits]
    places = st.get("places", [])
    place_spans = [(m.start, m.end) for p in places for m in p.mentions]
    new: list[Hit] = []
    for ent in doc.ents:
        s, e = ent.start_char, ent.end_char
        if any(a < e and s < b for a, b in taken + place_spans):
            continue
        kind = _MODEL_ACTOR_LABELS.get(ent.label_)
        if kind is None:
            continue
        new.append(
            Hit(s, e, f"x:{name_key(ent.text)}", ent.text, kind, None, f"model-{ent.label_}")
        )
    if new:
        by_key = {a.id: a for a in st.get("actors", [])}
        for h in new:
            a = by_key.get(h.key)
            if a is None:
                a = by_key[h.key] = Actor(id=h.key, name=h.name, kind=h.kind)
                st.setdefault("actors", []).append(a)
            a.mentions.append(Mention(h.start, h.end, "", h.rule))
        st["actor_hits"] = hits + new
    return doc


STAGES = (
    "dossier_sentences",
    "dossier_actors",
    "dossier_places",
    "dossier_dates",
    "dossier_numbers",
    "dossier_attribution",
    "dossier_events",
    "dossier_relations",
)


def build_nlp(model: str | None = None) -> Language:
    """A spaCy pipeline with Dossier's components; ``model`` is an installed spaCy pipeline."""
    if model:
        try:
            nlp = spacy.load(model)
        except OSError as e:
            raise ValueError(
                f"spaCy model {model!r} is not installed (Dossier never downloads models): {e}"
            ) from None
        first = nlp.pipe_names[0] if nlp.pipe_names else None
        nlp.add_pipe("dossier_sentences", before=first) if first else nlp.add_pipe(
            "dossier_sentences"
        )
        for name in STAGES[1:]:
            nlp.add_pipe(name)
            if name == "dossier_numbers" and "ner" in nlp.pipe_names:
                nlp.add_pipe("dossier_model_entities")
    else:
        nlp = spacy.blank("en")
        for name in STAGES:
            nlp.add_pipe(name)
    nlp.max_length = MAX_CHARS
    return nlp


@lru_cache(maxsize=4)
def get_nlp(model: str | None = None) -> Language:
    return build_nlp(model)


def run(text: str, published: str | None = None, model: str | None = None) -> Doc:
    """Run the pipeline on one text; results are on ``doc._.dossier``."""
    nlp = get_nlp(model)
    doc = nlp.make_doc(text)
    st = _state(doc)
    st["published"] = published
    st["text"] = text  # spaCy keeps the text exactly; no need to rebuild it
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc


def extraction_from_doc(doc: Doc, name: str, meta: dict[str, Any] | None = None) -> Extraction:
    """Assemble the public record from the pipeline's results."""
    meta = meta or {}
    st = _state(doc)
    actors = [a for a in st.get("actors", []) if not a.generic]
    fill_surfaces(actors, _full_text(doc))
    return Extraction(
        doc=name,
        title=meta.get("title"),
        url=meta.get("url"),
        outlet=meta.get("outlet"),
        published=meta.get("published"),
        language=meta.get("language"),
        actors=actors,
        places=list(st.get("places", [])),
        numbers=list(st.get("numbers", [])),
        dates=list(st.get("dates", [])),
        events=list(st.get("events", [])),
        relations=list(st.get("relations", [])),
    )


def extract_text(
    text: str,
    *,
    published: str | None = None,
    name: str = "<text>",
    title: str | None = None,
    url: str | None = None,
    outlet: str | None = None,
    language: str | None = "en",
    model: str | None = None,
) -> Extraction:
    """Extract actors, places, dates and numbers from one English text."""
    meta = {
        "title": title,
        "url": url,
        "outlet": outlet,
        "published": published,
        "language": language,
    }
    if language and language != "en":
        return Extraction(doc=name, **meta)
    doc = run(text, published=published, model=model)
    return extraction_from_doc(doc, name, meta)


def extract_document(document: Document, model: str | None = None) -> Extraction:
    """Extract from a stored or freshly read :class:`~dossier.model.Document`."""
    published = document.published
    if not published:
        from dossier.extract.dates import document_date

        published = document_date(document.text)
    return extract_text(
        document.text,
        published=published,
        name=document.name or document.source,
        title=document.title,
        url=document.url,
        outlet=document.outlet,
        language=document.language or "en",
        model=model,
    )
