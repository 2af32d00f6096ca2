"""Extraction: one module per pipeline stage, assembled in :mod:`.pipeline`.

``dossier.extract`` is both this package and the library call
``dossier.extract(text, published=...)``: Python binds a subpackage to its parent
package's attribute on import, which would hide a function of the same name, so
the package itself is callable.
"""

from __future__ import annotations

import sys
import types
from typing import Any


class _CallablePackage(types.ModuleType):
    def __call__(self, text: str, *, published: str | None = None, **kwargs: Any) -> Any:
        """Extract actors, places, dates, numbers, events and relations from one text.

        See :func:`dossier.extract.pipeline.extract_text` for the keyword arguments.
        """
        from dossier.extract.pipeline import extract_text

        return extract_text(text, published=published, **kwargs)


sys.modules[__name__].__class__ = _CallablePackage
