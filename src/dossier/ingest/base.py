"""What every reader returns: documents, or errors that name the input.

A reader never raises for bad input; it yields a :class:`ReadError` naming the
path (and line, for JSON Lines) and the reason, so the batch goes on.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_MAX_BYTES = 50 * 1024 * 1024


@dataclass(slots=True)
class ReadError:
    path: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.reason}"

    def to_dict(self) -> dict[str, object]:
        return {"path": self.path, "line": self.line, "reason": self.reason}
