"""Duplicate groups and syndication: every stored article joins a group of copies of one text.

A copy is the same article in another format or with other chrome (an HTML page and a text
scrape of it) or a syndicated copy of one wire text with edits: a new headline, another byline,
paragraphs trimmed or added, a "Reporting by ...; editing by ..." line. Only the body is
compared (the headline and byline are what syndication changes).

Method (Broder, "On the resemblance and containment of documents", 1997; banded LSH as in
Leskovec, Rajaraman and Ullman, *Mining of Massive Datasets*, ch. 3):

1. the body is folded with :func:`dateline.text_fold.fold` (the one fold of names and keys),
   cut into ``\\w+`` words, and every run of :data:`SHINGLE` words is a shingle (a 32-bit
   hash, see :func:`shingle_hashes`);
2. a 128-value MinHash signature (datasketch ``MinHash``, scheme ``affine32``, seed
   :data:`SEED`) is taken of the set of shingles;
3. the signature is cut into :data:`BANDS` bands of :data:`ROWS` values; each band's hash is a
   row of ``duplicate_bands`` (key, article; :class:`BandIndex`), so candidates are the
   articles sharing a band key: one indexed select, whose cost does not grow with the store;
4. each candidate is verified on the stored signatures: estimated Jaccard similarity ``J`` of the
   two shingle sets, and estimated containment of the smaller set in the larger
   (``|A∩B| = J(|A|+|B|)/(1+J)``), so that a copy trimmed or extended by paragraphs still
   matches (:func:`is_copy`).

The new article joins the group of its best verified candidate; if it also verifies against
members of other groups, those groups are merged into one. A group's id is the article id of its
original: the member with the earliest ``published`` instant (UTC; a bare date counts as its
midnight UTC; undated members come last), then the earliest added (``articles.seq``). When an
earlier copy arrives, or groups merge, the group's id becomes the new original's (one indexed
update of its members).

Tables (created by migration 0006, declared in :mod:`dateline.corpus.schema`):
``duplicate_groups`` (group id, member count), ``duplicates`` (one row per article: group,
the member it matched, similarity, containment, signature) and the band index
``duplicate_bands``.
"""

from __future__ import annotations

import functools
import logging
import re
import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import sqlalchemy as sa

from dateline.corpus.driver import DriverStatement
from dateline.corpus.provenance import utc_moment
from dateline.corpus.schema import articles, duplicate_bands, duplicate_groups, duplicates
from dateline.text_fold import fold

if TYPE_CHECKING:
    from dateline.corpus.backends import Backend
    from dateline.corpus.rows import Projection
    from dateline.model import Article, LinkKeys

log = logging.getLogger(__name__)

#: Words per shingle. Four: a copy-edit changes the four shingles around one word only, and two
#: different articles on one subject share few runs of four words.
SHINGLE = 4
#: MinHash size and its LSH bands (the first BANDS x ROWS values; verification uses all
#: NUM_PERM). A pair with Jaccard similarity J is a candidate with probability
#: 1 - (1 - J**ROWS)**BANDS: 0.75 at J = 0.4, 0.94 at 0.5, 0.99 at 0.6 (a copy needs to reach
#: one member of its group); a pair at J = 0.01 (two unrelated articles) shares a band with
#: probability 2e-5. 21 bands rather than 42 (all 126 values): bench/duplicates.py F1 0.9972
#: against 0.9978 on the syndication set (same-page 0.9960 both), half the band rows, linker
#: CPU 0.86 against 1.14 ms an article (bench/corpus.py articles, 2026-12-01).
NUM_PERM, BANDS, ROWS = 126, 21, 3
SEED = 1
#: Verification (:func:`is_copy`). Set on the same-page pairs of html-articles and
#: text-scrapes-modern and the generated syndication set (bench/duplicates.py, 2026-12-01).
JACCARD = 0.5
CONTAINMENT = 0.7
#: Containment counts only when the smaller body has this many shingles (about 30 words).
MIN_CONTAINED = 25
#: The most candidates verified per article (any that share a band: a group's members verify
#: alike, and two unrelated articles rarely share one).
MAX_CANDIDATES = 50

_WORD = re.compile(r"\w+")
# odd 64-bit multipliers (digits of pi and e) for combining word hashes and band values
_MIX = np.array([0x243F6A8885A308D3, 0x13198A2E03707345, 0xA4093822299F31D1,
                 0x082EFA98EC4E6C89, 0x452821E638D01377, 0xBE5466CF34E90C6D],
                dtype=np.uint64) | np.uint64(1)


def _fmix64(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 64-bit finaliser, element-wise (wrapping uint64 arithmetic)."""
    h = h ^ (h >> np.uint64(33))
    h = h * np.uint64(0xFF51AFD7ED558CCD)
    h = h ^ (h >> np.uint64(33))
    h = h * np.uint64(0xC4CEB9FE1A85EC53)
    return h ^ (h >> np.uint64(33))


class _WordHashes(dict):
    """CRC-32 of folded words, kept once computed (news text repeats its words)."""

    def __missing__(self, word: str) -> int:
        if len(self) > 200_000:
            self.clear()
        value = self[word] = zlib.crc32(word.encode())
        return value


_word_hash = _WordHashes().__getitem__


def shingle_hashes(body: str) -> np.ndarray:
    """The distinct shingles of ``body`` as sorted uint32 hashes: the CRC-32 of each folded word,
    combined over each run of :data:`SHINGLE` words. A body of fewer words is one shingle; an
    empty one has none."""
    words = _WORD.findall(fold(body))
    if not words:
        return np.zeros(0, dtype=np.uint32)
    wh = np.fromiter(map(_word_hash, words), dtype=np.uint64, count=len(words))
    k = min(SHINGLE, len(words))
    n = len(words) - k + 1
    h = np.zeros(n, dtype=np.uint64)
    for j in range(k):
        h += wh[j:j + n] * _MIX[j]
    h = _fmix64(h)
    return np.unique((h >> np.uint64(32)).astype(np.uint32))


class Signer:
    """MinHash signatures (datasketch ``MinHash``, :data:`NUM_PERM` values, scheme
    ``affine32``, seed :data:`SEED`; the permutations are drawn once). :meth:`signature` applies
    them itself, the arithmetic of datasketch 2.0's ``MinHash.update_batch`` for ``affine32``
    (each hash pre-mixed with MurmurHash3's 32-bit finaliser, then ``a * h + b`` wrapping in
    uint32, the minimum per permutation), without building a ``MinHash`` and a Python list of
    the hashes per article: the same values (tests/test_duplicates.py checks them against
    datasketch), 60 -> 20 us an article (bench/corpus.py articles, CPU time)."""

    def __init__(self) -> None:
        from datasketch import MinHash  # imports scipy: loaded when a store is opened

        a, b = MinHash(num_perm=NUM_PERM, seed=SEED, scheme="affine32").permutations
        self._a = a.astype(np.uint32)
        self._b = b.astype(np.uint32)

    def signature(self, hashes: np.ndarray) -> np.ndarray:
        """The uint32 signature of a non-empty set of shingle hashes (uint32)."""
        h = _fmix32(hashes.astype(np.uint32))
        return (h[:, None] * self._a + self._b).min(axis=0)


def _fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finaliser, element-wise (wrapping uint32 arithmetic), as
    datasketch's ``affine32`` scheme pre-mixes its input hashes."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


@functools.cache
def default_signer() -> Signer:
    """The one :class:`Signer` of a process (its permutations drawn once)."""
    return Signer()


def body_keys(body: str, signer: Signer | None = None
              ) -> tuple[int, np.ndarray | None, list[int]]:
    """``(shingle count, signature, band keys)`` of a body: :func:`shingle_hashes`, its
    MinHash signature (None without words) and :func:`band_keys` (empty without words)."""
    hashes = shingle_hashes(body)
    if not len(hashes):
        return 0, None, []
    sig = (signer or default_signer()).signature(hashes)
    return len(hashes), sig, band_keys(sig)


def band_keys(signature: np.ndarray) -> list[int]:
    """The :data:`BANDS` band keys of a signature, signed 64-bit integers (distinct bands
    give distinct keys with near certainty; equal bands always equal keys)."""
    v = signature[:BANDS * ROWS].astype(np.uint64).reshape(BANDS, ROWS)
    h = (v * _MIX[:ROWS]).sum(axis=1, dtype=np.uint64)
    h = _fmix64(h + np.arange(1, BANDS + 1, dtype=np.uint64) * _MIX[5])
    return sorted(set(h.view(np.int64).tolist()))


def similarity(sig_a: np.ndarray, n_a: int, sig_b: np.ndarray, n_b: int) -> tuple[float, float]:
    """``(jaccard, containment)`` estimated from two signatures and the shingle counts: the
    share of equal MinHash values, and the estimated intersection over the smaller set."""
    j = float(np.count_nonzero(sig_a == sig_b)) / NUM_PERM
    smaller = min(n_a, n_b)
    if smaller == 0:
        return j, 0.0
    return j, min(1.0, j * (n_a + n_b) / (1.0 + j) / smaller)


def is_copy(jaccard: float, containment: float, n_a: int, n_b: int) -> bool:
    """The verification rule: Jaccard at least :data:`JACCARD`, or containment at least
    :data:`CONTAINMENT` when the smaller body has :data:`MIN_CONTAINED` shingles or more."""
    return jaccard >= JACCARD or (containment >= CONTAINMENT and min(n_a, n_b) >= MIN_CONTAINED)


def published_utc(published: str | None) -> str | None:
    """A record's ``published`` as a UTC instant ``YYYY-MM-DDTHH:MM:SS`` (a bare date is its
    midnight UTC), or ``None`` when absent or unreadable."""
    when = utc_moment(published)
    return None if when is None else when.strftime("%Y-%m-%dT%H:%M:%S")


class BandIndex:
    """The LSH band keys of the stored articles: table ``duplicate_bands`` (key, article_seq),
    its primary key the index a lookup reads (one indexed select of up to :data:`BANDS` keys).
    Statements run on the driver (:mod:`dateline.corpus.driver`), a lookup's built once per
    number of keys."""

    def __init__(self) -> None:
        self._insert = DriverStatement(duplicate_bands.insert(), ["key", "article_seq"])
        self._lookups: dict[int, DriverStatement] = {}

    def add(self, conn: sa.Connection, seq: int, keys: list[int]) -> None:
        """Index the band ``keys`` of the article ``seq``."""
        self._insert.execute(conn, [{"key": k, "article_seq": seq} for k in keys])

    def lookup(self, conn: sa.Connection, keys: list[int], limit: int) -> list[int]:
        """The seqs of up to ``limit`` stored articles sharing one of ``keys`` or more."""
        stmt = self._lookups.get(len(keys))
        if stmt is None:
            stmt = self._lookups[len(keys)] = DriverStatement(
                sa.select(duplicate_bands.c.article_seq)
                .where(duplicate_bands.c.key.in_([sa.bindparam(f"k{i}")
                                                  for i in range(len(keys))]))
                .limit(sa.bindparam("n")))
        params: dict[str, int] = {f"k{i}": k for i, k in enumerate(keys)}
        params["n"] = limit * 4
        found = stmt.execute(conn, params).scalars()
        return list(dict.fromkeys(found))[:limit]


@dataclass(frozen=True, slots=True)
class _Member:
    """A stored member as the linker reads it."""

    article_id: str
    seq: int
    group_id: str
    published_utc: str | None
    shingles: int
    signature: np.ndarray | None

    @property
    def order(self) -> tuple:
        """Sort key of the original: dated first, earliest instant, earliest added."""
        return (self.published_utc is None, self.published_utc or "", self.seq)


#: the columns of a ``duplicates`` row as the linker writes it
_MEMBER_COLUMNS = ("article_id", "article_seq", "group_id", "matched_id", "similarity",
                   "containment", "published_utc", "shingles", "signature")


def _signature(blob: bytes | None) -> np.ndarray | None:
    return None if blob is None else np.frombuffer(blob, dtype="<u4")


class DuplicateLinker:
    """The :class:`dateline.corpus.linking.Linker` of duplicate groups (see the module
    docstring). ``link`` raises only ``sqlalchemy`` errors."""

    def __init__(self, backend: Backend | None = None) -> None:
        self.signer = default_signer()
        self._cols = (duplicates.c.article_id, duplicates.c.article_seq, duplicates.c.group_id,
                      duplicates.c.published_utc, duplicates.c.shingles, duplicates.c.signature)
        # statements built once (building Core statements per article cost more than running
        # them: bench/corpus.py)
        self._seq = DriverStatement(sa.select(articles.c.seq).where(
            articles.c.id == sa.bindparam("id")))
        self.bands = BandIndex()
        self._members = sa.select(*self._cols).where(
            duplicates.c.article_seq.in_(sa.bindparam("seqs", expanding=True)))
        self._originals = sa.select(*self._cols[:5]).where(
            duplicates.c.article_id.in_(sa.bindparam("ids", expanding=True)))
        self._insert_member = DriverStatement(duplicates.insert(), _MEMBER_COLUMNS)
        self._insert_group = duplicate_groups.insert()

    def link(self, conn: sa.Connection, article: Article, rows: Projection) -> None:
        """Put the new ``article`` (its rows written on ``conn``) into its duplicate group,
        with the keys it carries (``article.link_keys``, checked by the store) if any."""
        seq = self._seq.execute(conn, {"id": article.id}).scalar_one()
        self.link_body(conn, article.id, seq, rows.article.body, article.published,
                       article.link_keys)

    def link_body(self, conn: sa.Connection, article_id: str, seq: int, body: str,
                  published: str | None, keys: LinkKeys | None = None) -> str:
        """Link one stored article given its id, ``articles.seq``, body text and ``published``
        string; return its group id. ``keys``: the record's :class:`~dateline.model.LinkKeys`
        for this body and ``published`` (trusted as given), else they are computed here. Used
        at ingest and by migration 0006's backfill."""
        if keys is not None:
            n, sig, bands = keys.shingles, _signature(keys.signature), keys.bands
            utc = keys.published_utc
        else:
            n, sig, bands = body_keys(body, self.signer)
            utc = published_utc(published)
        me = _Member(article_id, seq, article_id, utc, n, sig)
        matches: list[tuple[float, float, _Member]] = []
        if sig is not None and bands:
            for cand in self._candidates(conn, bands):
                if cand.signature is None:
                    continue
                j, c = similarity(sig, n, cand.signature, cand.shingles)
                if is_copy(j, c, n, cand.shingles):
                    matches.append((j, c, cand))
        best = max(matches, key=lambda m: (m[0], m[1], -m[2].seq)) if matches else None
        group = self._join(conn, me, {m[2].group_id for m in matches})
        self._insert_member.execute(conn, {
            "article_id": article_id, "article_seq": seq, "group_id": group,
            "matched_id": best[2].article_id if best else None,
            "similarity": round(best[0], 4) if best else None,
            "containment": round(best[1], 4) if best else None,
            "published_utc": me.published_utc, "shingles": n,
            "signature": sig.astype("<u4").tobytes() if sig is not None else None})
        if bands:
            self.bands.add(conn, seq, bands)
        return group

    def _candidates(self, conn: sa.Connection, keys: list[int]) -> list[_Member]:
        """The stored members sharing a band key with ``keys``, at most
        :data:`MAX_CANDIDATES` (usually none: then one indexed lookup is all)."""
        seqs = self.bands.lookup(conn, keys, MAX_CANDIDATES)
        if not seqs:
            return []
        found = conn.execute(self._members, {"seqs": seqs})
        return [_Member(r[0], r[1], r[2], r[3], r[4], _signature(r[5])) for r in found]

    def _join(self, conn: sa.Connection, me: _Member, groups: set[str]) -> str:
        """Add ``me`` to the union of ``groups`` (none: a group of its own); return the id of
        the resulting group, renaming and merging group rows as needed. A group of one has
        no ``duplicate_groups`` row (most articles: an insert saved per article)."""
        if not groups:
            return me.article_id
        ids = sorted(groups)
        originals = [_Member(r[0], r[1], r[2], r[3], r[4], None) for r in conn.execute(
            self._originals, {"ids": ids})]
        sizes = dict(conn.execute(sa.select(duplicate_groups.c.group_id,
                                            duplicate_groups.c.members)
                                  .where(duplicate_groups.c.group_id.in_(ids))).all())
        members = sum(sizes.get(g, 1) for g in ids) + 1
        winner = min([*originals, me], key=lambda m: m.order).article_id
        if groups != {winner}:
            conn.execute(duplicates.update().where(duplicates.c.group_id.in_(ids))
                         .values(group_id=winner))
        if sizes:
            conn.execute(duplicate_groups.delete().where(
                duplicate_groups.c.group_id.in_(sorted(sizes))))
        conn.execute(self._insert_group, {"group_id": winner, "members": members})
        return winner
