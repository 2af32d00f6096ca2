"""Dossier: turn conflict reporting into a sourced record.

The library is the product; the ``dossier`` command and the web workbench are thin
shells over it. Start with :func:`dossier.extract` for one text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:  # pragma: no cover
    from dossier.model import Extraction


def extract(text: str, *, published: str | None = None, **kwargs: Any) -> Extraction:
    """Extract actors, places, dates and numbers from one text.

    A thin wrapper over :func:`dossier.extract.pipeline.extract_text`; imported
    lazily so that ``import dossier`` stays fast and loads no model.
    """
    from dossier.extract.pipeline import extract_text

    return extract_text(text, published=published, **kwargs)


__all__ = ["__version__", "extract"]
