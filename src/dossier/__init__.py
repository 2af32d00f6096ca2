"""Dossier: turn conflict reporting into a sourced record.

The library is the product; the ``dossier`` command and the web workbench are thin
shells over it. Start with :func:`dossier.extract` for one text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from pathlib import Path

    from dossier.api import Dossier

__version__ = "0.1.0"

from dossier import extract  # callable: dossier.extract(text, published=...)


def open(path: str | Path) -> Dossier:  # noqa: A001 - dossier.open(path), like sqlite3.connect
    """Open a store for analysis: ``dossier.open("dossier.db").events(actor="Badr")``.

    A thin wrapper over :class:`dossier.api.Dossier`; imported lazily so that
    ``import dossier`` stays fast (pandas loads on first use).
    """
    from dossier.api import Dossier

    return Dossier(path)


__all__ = ["__version__", "extract", "open"]
