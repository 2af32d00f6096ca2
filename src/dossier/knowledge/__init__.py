"""The curated knowledge base: actors as data, with a loader and a schema check."""

from dossier.knowledge.loader import KBActor, KBError, KnowledgeBase, get_kb, load_kb

__all__ = ["KBActor", "KBError", "KnowledgeBase", "get_kb", "load_kb"]
