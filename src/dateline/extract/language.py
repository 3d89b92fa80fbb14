"""Language identification of an article body, as an ISO 639-1 code.

Uses py3langid (a maintained fork of langid.py; Lui and Baldwin, ACL 2012), whose model ships
inside the package: nothing is downloaded. The model is loaded on first use, once per process.

py3langid finds the model's byte n-grams with a deterministic automaton (Aho-Corasick: the
state after a byte is the longest suffix of the bytes read so far that is a prefix of some
n-gram), walked one byte at a time in Python. :class:`_WindowIdentifier` finds the same states
with numpy: since no state stands for more than :attr:`_WindowIdentifier.window` bytes, the
state after byte ``i`` is the state reached from the start state over bytes ``i - window + 1
.. i`` alone, so every position's state comes from ``window`` vectorised table look-ups, all
independent of one another. The n-gram counts, their order and so the scores are those of
py3langid's own walk (tests/test_language.py; the same language and probability on 1,497
bodies of ../shared/eval). On the text path, where the model's 39 MB table is out of the CPU
cache, the Python walk's dependent look-ups cost 0.37 ms a page, the independent ones 0.2
(issue 12 item 7; text-scrapes, 2026-12-01, a loaded machine). The scores multiply float32
copies of the model's float16 rows, made once a feature.
"""

from __future__ import annotations

import functools

import numpy as np

from dateline.config import current
from dateline.extract.line_patterns import ASCII_NOT_LETTER

# The normalised probability below which no language is reported is a setting:
# dateline.config.ExtractSettings.language_min_probability, read through current().extract.
#: Characters of the body looked at: enough for a stable answer, cheap on long pages. On the
#: bodies of text-scrapes, text-scrapes-modern and PolNeAR dev (619 pages) 1200 gives the same
#: language as 3000 on 618; on one Malay/Indonesian page the probability falls from 0.80 to 0.78,
#: under extract.language_min_probability. langid's time grows with the sample (15% of the text
#: path at 3000).
SAMPLE_CHARS = 1200


def _state_lengths(moves: np.ndarray, row_of: np.ndarray) -> np.ndarray:
    """Return the length in bytes of the string each automaton state stands for: its distance
    from the start state 0, breadth first (an Aho-Corasick state is an n-gram prefix, and the
    shortest byte string that reaches it is that prefix). ``moves`` holds the distinct rows of
    256 next states, ``row_of`` each state's row."""
    table = moves.reshape(-1, 256)
    length = np.full(row_of.size, -1, dtype=np.intp)
    length[0] = 0
    frontier, distance = np.zeros(1, dtype=np.intp), 0
    while frontier.size:
        reached = np.zeros(row_of.size, dtype=bool)
        reached[table[np.unique(row_of[frontier])].ravel()] = True
        frontier = np.flatnonzero(reached & (length < 0))
        distance += 1
        length[frontier] = distance
    return length


@functools.lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    class _WindowIdentifier(LanguageIdentifier):
        """py3langid's identifier with the automaton walked by windows (module docstring)."""

        __slots__ = ("_moves", "_rows", "_outputs", "_rows32", "_cast", "window")

        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            code = {2: np.uint16, 4: np.uint32, 8: np.uint64}  # the arrays' own item sizes
            self._moves = np.frombuffer(self.tk_nextmove, dtype=code[self.tk_nextmove.itemsize])
            row_of = np.frombuffer(self.tk_row, dtype=code[self.tk_row.itemsize])
            self._rows = row_of.astype(np.intp) << 8
            self._outputs = np.asarray(self.tk_output, dtype=np.intp)
            self.window = int(_state_lengths(self._moves, row_of).max())
            # float32 copies of the model's float16 rows, made the first time a feature is
            # seen (np.empty: only the rows written take memory). The scores multiply the
            # float32 rows either way; the cast of every row on every call was a third of
            # the scoring time.
            self._rows32 = np.empty(self.nb_ptc.shape, dtype=np.float32)
            self._cast = np.zeros(self.nb_ptc.shape[0], dtype=bool)

        def _raw_score(self, text: bytes) -> np.ndarray:
            found = self._features(text)
            if found is None:  # no n-gram: py3langid's own featureless scores
                return super()._raw_score(b"")
            ids, counts = found
            # py3langid's _sparse_score on the same arrays it builds from its visit counts
            if self.nb_ptc is not self._full_model[0]:  # set_languages() took some columns
                return np.log1p(counts.astype(np.float32)) @ self.nb_ptc[ids] + self.nb_pc
            new = ids[~self._cast[ids]]
            if new.size:
                self._rows32[new] = self.nb_ptc[new]
                self._cast[new] = True
            rows = self._rows32.take(ids, axis=0)  # a third faster than self._rows32[ids]
            return np.log1p(counts.astype(np.float32)) @ rows + self.nb_pc

        def _features(self, text: bytes) -> tuple[np.ndarray, np.ndarray] | None:
            """The n-gram features of ``text`` and their counts, in order of first occurrence:
            the keys and values of py3langid's ``visit_counts`` (``None`` when there is
            none)."""
            data = np.frombuffer(text, dtype=np.uint8)
            head = min(self.window - 1, data.size)
            state, found = 0, []
            for byte in text[:head]:  # the first positions: the walk itself
                state = int(self._moves[self._rows[state] + byte])
                found.append(self._outputs[state])
            features = np.asarray(found, dtype=np.intp)
            if data.size >= self.window:
                m = data.size - self.window + 1
                states = np.zeros(m, dtype=np.intp)
                for k in range(self.window):
                    states = self._moves.take(self._rows.take(states) + data[k:k + m])
                features = np.concatenate([features, self._outputs.take(states)])
            features = features[features >= 0]
            if not features.size:
                return None
            # np.unique(return_index=True, return_counts=True), written out (half its time)
            by_id = np.argsort(features, kind="stable")
            ordered = features[by_id]
            starts = np.flatnonzero(np.concatenate([[True], ordered[1:] != ordered[:-1]]))
            counts = np.diff(np.append(starts, ordered.size))
            order = np.argsort(by_id[starts])  # stable: by_id[starts] is each first occurrence
            return ordered[starts][order], counts[order]

    return _WindowIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str | None:
    """Return the ISO 639-1 code of ``text``'s language (``"en"``, ``"de"``, ...), or ``None``
    when the text is too short (under 20 letters) or the identification is unsure."""
    sample = text[:SAMPLE_CHARS]
    letters = len(sample.encode("ascii").translate(None, ASCII_NOT_LETTER)) \
        if sample.isascii() else sum(map(str.isalpha, sample))
    if letters < 20:
        return None
    code, probability = _identifier().classify(sample)
    return code if probability >= current().extract.language_min_probability else None
