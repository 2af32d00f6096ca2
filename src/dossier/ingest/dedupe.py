"""Near-duplicates: the same report syndicated by several outlets.

A copy carries an outlet header or footer, a new headline, a few edited words; it
is one origin, not corroboration, so the store links it (``near_duplicate_of``) to
the earliest version instead of counting it as a second source.

How, and why these numbers:

- Texts are compared as sets of **word 5-shingles** (five consecutive words, after
  lower-casing and dropping punctuation). Unrelated reports on the same topic share
  names and stock phrases ("the Islamic Revolutionary Guard Corps") but almost no
  runs of five words, so they score near 0; an edit of one word removes at most five
  shingles, so light editing keeps a copy high.
- A leading ``Key: value`` block (``Title:``, ``Outlet:``, ``Date:`` ...) is left
  out: copies differ there by definition, and on a short report it would weigh as
  much as the story.
- **Threshold 0.7** (Jaccard of the shingle sets), below the ~0.8 often quoted,
  because copy desks edit more than that assumes. The syndicated pair in
  ``examples/news`` (own header, one sentence added, a credit line dropped, one word
  changed, about 300 words) scores 0.79; a 500-word story with a 30-word footer and
  five changed words about 0.85. Different reports of the same event, even ones
  quoting the same statement, score below 0.1 (0.04 at most in ``examples/``). 0.7
  sits well inside that gap and still means that about four fifths of each text is
  shared word for word; a follow-up that reuses half a report is a different report.
- Candidates come from **MinHash LSH** (datasketch, 128 permutations) with 25 bands
  of 5 rows, tuned *below* the threshold: a pair at Jaccard 0.7 becomes a candidate
  with probability 0.99 (0.8: 0.9999, 0.5: 0.55, 0.3: 0.06). Each candidate is then
  checked with the exact Jaccard of the two texts, so the decision never depends on
  the sketch's ±0.04 estimation error.
- Signatures are stored with the document (``document_signatures``); each run
  rebuilds the LSH from them, so a later run finds copies of earlier documents.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # datasketch imports scipy: load it only when deduplicating
    from datasketch import MinHash

SHINGLE_WORDS = 5
THRESHOLD = 0.7
NUM_PERM = 128
SEED = 1
BANDS, ROWS = 25, 5

_WORD = re.compile(r"\w+", re.UNICODE)


def words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


_HEADER_LINE = re.compile(r"^[^\W\d][\w ]{0,24}:(?:\s|$)")
_MAX_HEADER_LINES = 12


def body(text: str) -> str:
    """The text without a leading block of ``Key: value`` lines ended by a blank line."""
    lines = text.lstrip().split("\n", _MAX_HEADER_LINES + 1)
    for n, line in enumerate(lines[: _MAX_HEADER_LINES + 1]):
        if not line.strip():
            return "\n".join(lines[n:]) if n else text
        if not _HEADER_LINE.match(line.strip()):
            return text
    return text


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    """The set of ``size``-word runs of the body; a text shorter than that is one shingle."""
    tokens = words(body(text))
    if len(tokens) <= size:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


def jaccard(a: set[str], b: set[str]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def _scheme_name() -> str:
    from datasketch import MinHash

    # datasketch 2 introduced permutation schemes; signatures of different schemes
    # must not be compared, so the name of the scheme is stored with each signature.
    probe = MinHash(num_perm=1, seed=SEED)
    return f"minhash/{getattr(probe, 'scheme', 'legacy')}/{NUM_PERM}/seed{SEED}/w{SHINGLE_WORDS}"


class NearDuplicateIndex:
    """Candidate near-duplicates of new texts among everything indexed so far.

    Build it with :meth:`from_signatures` from the stored signatures, then for each
    new document call :meth:`candidates`, decide, and :meth:`add` it.
    """

    def __init__(self) -> None:
        from datasketch import MinHash, MinHashLSH

        self._minhash_cls = MinHash
        self._template = MinHash(num_perm=NUM_PERM, seed=SEED)
        self.scheme = _scheme_name()
        self._dtype = self._template.hashvalues.dtype
        self._lsh = MinHashLSH(num_perm=NUM_PERM, params=(BANDS, ROWS))
        self._size = 0

    def __len__(self) -> int:
        return self._size

    def signature(self, text: str) -> MinHash:
        """The MinHash of a text's shingles."""
        mh = self._template.copy()
        mh.update_batch([s.encode("utf-8") for s in shingles(text)])
        return mh

    def to_bytes(self, mh: MinHash) -> bytes:
        return mh.hashvalues.astype(self._dtype.newbyteorder("<"), copy=False).tobytes()

    def from_bytes(self, data: bytes) -> MinHash:
        import numpy as np

        values = np.frombuffer(data, dtype=self._dtype.newbyteorder("<")).astype(self._dtype)
        kwargs: dict[str, Any] = {"hashvalues": values, "permutations": self._template.permutations}
        if hasattr(self._template, "scheme"):
            kwargs["scheme"] = self._template.scheme
        return self._minhash_cls(num_perm=NUM_PERM, seed=SEED, **kwargs)

    def add(self, key: str, mh: MinHash) -> None:
        if key in self._lsh:
            return
        self._lsh.insert(key, mh)
        self._size += 1

    def candidates(self, mh: MinHash) -> list[str]:
        return list(self._lsh.query(mh))

    @classmethod
    def from_signatures(
        cls, rows: Iterable[tuple[str, str, bytes]], stale: list[str] | None = None
    ) -> NearDuplicateIndex:
        """An index of stored ``(id, scheme, minhash)`` rows. Ids whose signature was
        made another way are appended to ``stale`` (for the caller to recompute)."""
        index = cls()
        for key, scheme, data in rows:
            if scheme != index.scheme:
                if stale is not None:
                    stale.append(key)
                continue
            index.add(key, index.from_bytes(data))
        return index
