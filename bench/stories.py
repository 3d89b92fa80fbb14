"""Benchmark of story clusters: BCubed precision, recall and F1 of the stories dateline's store
forms, beside a TF-IDF single-link peer, on the invented story set (bench/story_set.py: how it
was built is told there).

The product path: every page goes through ``dateline.extract`` (bytes in; extraction, entities,
quotations and the story vector of the understanding stage), then the records are added to a
new SQLite store one by one in publication order (``Store.add``, where the story linker runs)
and each article's story is read back with ``Store.story_rows``. The peer sees the same records:
TF-IDF (scikit-learn, headline and body, sublinear tf, English stop words) cosine, single link
in arrival order: an article joins the story of its most similar earlier article within
``WINDOW_DAYS`` if the cosine reaches a threshold, chosen for the peer on the fitting seed as
dateline's threshold is. BCubed (Bagga and Baldwin, 1998; Amigó et al., 2009): per article,
precision is the share of its predicted story that shares its gold story, recall the share of
its gold story in its predicted story; each averaged over articles.

    .venv/bin/python bench/stories.py                 # report on seed 2 (fits nothing)
    .venv/bin/python bench/stories.py --fit           # fit the model on seed 1, write it, report
    .venv/bin/python bench/stories.py --cache /tmp/st # keep the extracted records between runs
    .venv/bin/python bench/stories.py --no-twins      # seed 2 without its same-day twins
    .venv/bin/python bench/stories.py --cache /tmp/st --pieces 64   # story vectors of 64 pieces
    .venv/bin/python bench/stories.py --cache /tmp/st --no-nlp      # also the --no-nlp records

``--pieces N`` sets :data:`dateline.understand.storyvec.MAX_PIECES` to ``N`` for the run and
computes the story vector of every record again (cached or not) with
:func:`~dateline.understand.storyvec.story_vector`, the function the understanding stage calls:
the cache holds the records' vectors, and the rest of a record does not depend on the vector, so
only the vectors need computing again. It prints the CPU milliseconds a vector
(``time.process_time`` over the reported set's articles, this one process). ``--revector`` does
the same at the current ``MAX_PIECES`` (a check that cached vectors are current).

``--no-nlp`` adds three rows: the records as ``dateline ingest --no-nlp`` builds them
(``dateline.extract(..., nlp=False)``: no entities, quotations or dates, then
:func:`dateline.corpus.link_keys.with_link_keys`, which gives them their story vector, as the
ingest workers do), with and without their story vectors, and in memory as the Spark job
clusters them.

``--fit`` writes ``src/dateline/corpus/data/story_model.json``: a logistic regression
(scikit-learn, C=1) of the linker's features on every (article, candidate story) pair the
linker meets when each article joins its gold story (seed 1), for records with and without a
story vector, then the probability threshold that gives the best BCubed F1 on seed 1. Four
models: ``vector`` and ``no_vector`` on seed 1's records; ``no_entities_vector`` and
``no_entities_no_vector`` (the features of
:data:`~dateline.corpus.story_features.FEATURES_NO_ENTITIES`) on seed 1's ``--no-nlp``
records, the models of records without entities
(:func:`dateline.corpus.story_features.model_name`). ``--fit-no-nlp`` fits and writes only
the last two (the models of records with entities kept as they are).
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import story_set  # noqa: E402

import dateline  # noqa: E402
from dateline.corpus import stories as linker_module  # noqa: E402
from dateline.corpus import story_features as model_module  # noqa: E402
from dateline.corpus.link_keys import with_link_keys  # noqa: E402
from dateline.corpus.store import Store  # noqa: E402
from dateline.model import Article  # noqa: E402
from dateline.understand import storyvec  # noqa: E402

MODEL_PATH = Path(model_module.__file__).parent / "data" / "story_model.json"
FIT_SEED, TEST_SEED = 1, 2


def bcubed(pred: dict[str, str], gold: dict[str, int]) -> tuple[float, float, float]:
    """BCubed ``(precision, recall, F1)`` of clusters ``pred`` (item -> cluster) against
    ``gold`` (item -> class), over the items of ``gold``."""
    by_pred, by_gold = defaultdict(set), defaultdict(set)
    for item in gold:
        by_pred[pred[item]].add(item)
        by_gold[gold[item]].add(item)
    p = r = 0.0
    for item in gold:
        cluster, klass = by_pred[pred[item]], by_gold[gold[item]]
        both = len(cluster & klass)
        p += both / len(cluster)
        r += both / len(klass)
    p, r = p / len(gold), r / len(gold)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def joined_twins(pred: dict[str, str], gold: dict[str, int], twins: dict[int, int]) -> int:
    """How many twin events (``twins``: twin event id -> its first event's id; bench/story_set.py)
    have an article in a predicted story that holds an article of their first event."""
    stories_of: dict[int, set[str]] = defaultdict(set)
    for item, story in gold.items():
        stories_of[story].add(pred[item])
    return sum(bool(stories_of[twin] & stories_of[first]) for twin, first in twins.items())


def records(seed: int, cache: str | None, twins: bool = True, nlp: bool = True
            ) -> tuple[list[Article], dict[str, int], float]:
    """The records of seed ``seed``'s pages through ``dateline.extract`` (in arrival order),
    their gold stories by id, and the seconds extraction took (0 when read from the cache);
    ``twins=False``: the set without its twins; ``nlp=False``: the records of ``dateline
    ingest --no-nlp`` (``nlp=False``, then :func:`with_link_keys`, as its workers call it)."""
    name = (f"stories-seed{seed}" + ("" if twins else "-no-twins")
            + ("" if nlp else "-no-nlp"))
    path = Path(cache) / f"{name}.pickle" if cache else None
    pages = story_set.build(seed, twins=twins)
    if path and path.exists():
        articles = pickle.loads(path.read_bytes())
        took = 0.0
    else:
        t0 = time.perf_counter()
        if nlp:
            articles = [dateline.extract(page.html) for page in pages]
        else:
            articles = [with_link_keys(dateline.extract(page.html, nlp=False))
                        for page in pages]
        took = time.perf_counter() - t0
        if path:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(pickle.dumps(articles))
    return articles, {a.id: page.story for a, page in zip(articles, pages, strict=True)}, took


def revector(articles: list[Article]) -> tuple[list[Article], float, int]:
    """``articles`` with their story vectors computed again by
    :func:`~dateline.understand.storyvec.story_vector` at the current
    :data:`~dateline.understand.storyvec.MAX_PIECES`, the CPU seconds the vectors took (this
    process, encoder loaded before), and how many vectors differ from the ones they had."""
    storyvec.load_story_encoder()
    t0 = time.process_time()
    vectors = [storyvec.story_vector(a) for a in articles]
    took = time.process_time() - t0
    changed = sum(v != a.story_vector for v, a in zip(vectors, articles, strict=True))
    return ([a.model_copy(update={"story_vector": v}) for a, v in zip(articles, vectors,
                                                                        strict=True)],
            took, changed)


def run_dateline(articles: list[Article], *, vectors: bool = True) -> tuple[dict[str, str],
                                                                             float]:
    """Each article's story id from a new store (read with ``Store.story_rows``, as the
    Parquet export reads them), and the seconds the adds took; :data:`LINK_CPU` holds the CPU
    seconds (``time.process_time``) the story linker's ``link`` took after."""
    if not vectors:
        articles = [a.model_copy(update={"story_vector": None}) for a in articles]
    LINK_CPU[0] = 0.0
    with tempfile.TemporaryDirectory() as tmp, Store.open(os.path.join(tmp, "s.db")) as store:
        for linker in store.linkers:
            if isinstance(linker, linker_module.StoryLinker):
                linker.vectors = vectors
                linker.link = _timed(linker.link)
        t0 = time.perf_counter()
        for article in articles:
            store.add(article)
        took = time.perf_counter() - t0
        pred = {aid: row.story_id for row in store.story_rows() for aid in row.article_ids}
    return pred, took


#: CPU seconds of the story linker's ``link`` in the last :func:`run_dateline`
LINK_CPU = [0.0]


def _timed(link):
    def timed(conn, article, rows):
        t0 = time.process_time()
        link(conn, article, rows)
        LINK_CPU[0] += time.process_time() - t0
    return timed


def run_memory(articles: list[Article]) -> dict[str, str]:
    """Each article's story as the Spark job forms them (:mod:`dateline.corpus.story_batch`:
    the linker's decisions in memory, one block of publication time at a time)."""
    from collections import defaultdict as dd

    from dateline.corpus.story_batch import StoryInput, cluster, story_input

    blocks = dd(list)
    for article in articles:
        item = StoryInput(*story_input(article))
        blocks[item.block()].append(item)
    return {aid: row.story_id for items in blocks.values() for row in cluster(items)
            for aid in row.article_ids}


def run_tfidf(articles: list[Article], threshold: float) -> dict[str, str]:
    """The peer's story of each article (see the module docstring)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = [" ".join([a.headline or "", *a.paragraphs]) for a in articles]
    matrix = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts)
    whens = [model_module.instant(a) for a in articles]
    story: dict[str, str] = {}
    for i, article in enumerate(articles):
        earlier = [j for j in range(i) if (whens[i] - whens[j]).days <= model_module.WINDOW_DAYS]
        best, best_sim = None, 0.0
        if earlier:
            sims = (matrix[earlier] @ matrix[i].T).toarray().ravel()
            k = int(sims.argmax())
            best, best_sim = earlier[k], float(sims[k])
        story[article.id] = (story[articles[best].id] if best is not None
                             and best_sim >= threshold else article.id)
    return story


class _Oracle(linker_module.StoryLinker):
    """The linker, joining each article to its gold story, recording every candidate pair."""

    gold: dict[str, int] = {}
    pairs: list[tuple[dict[str, float], int, bool]] = []

    def choose(self, a, found):
        current = self._current
        for story in found:
            self.pairs.append((model_module.features(a, story),
                               int(self.gold[story.id] == self.gold[current]),
                               a.vector is not None))
        for story in found:
            if self.gold[story.id] == self.gold[current]:
                return story, 1.0
        return None, 0.0

    def link(self, conn, article, rows):
        self._current = article.id
        super().link(conn, article, rows)


#: the models ``--fit`` fits on seed 1's records and ``--fit-no-nlp`` on its ``--no-nlp``
#: records: name -> its features
ENTITY_MODELS = {"vector": [n for n in model_module.FEATURES if n != "headline"],
                 "no_vector": [n for n in model_module.FEATURES if n not in ("headline",
                                                                             "cosine")]}
NO_ENTITY_MODELS = model_module.FEATURES_NO_ENTITIES


def with_vector(name: str) -> bool:
    """Whether model ``name`` is the one of records with a story vector."""
    return not name.endswith("no_vector")


def fit(articles: list[Article], gold: dict[str, int], names=ENTITY_MODELS) -> dict:
    """The logistic models ``names`` (name -> features) fitted on the oracle's pairs of
    ``articles``, with threshold 0.5 (:func:`best_threshold` picks it)."""
    from sklearn.linear_model import LogisticRegression

    _Oracle.gold, _Oracle.pairs = gold, []
    for vectors in (True, False):
        copies = articles if vectors else [a.model_copy(update={"story_vector": None})
                                           for a in articles]
        with tempfile.TemporaryDirectory() as tmp, Store.open(os.path.join(tmp, "f.db")) as st:
            st.linkers = [_Oracle(st.backend, vectors=vectors) if isinstance(
                linker, linker_module.StoryLinker) else linker for linker in st.linkers]
            for article in copies:
                st.add(article)
    model = {}
    for name, kept in names.items():
        rows = [(f, y) for f, y, v in _Oracle.pairs if v == with_vector(name)]
        x = [[f[n] for n in kept] for f, _ in rows]
        y = [label for _, label in rows]
        lr = LogisticRegression(C=1.0, max_iter=2000).fit(x, y)
        model[name] = {"weights": {n: round(float(w), 4) for n, w in zip(kept, lr.coef_[0],
                                                                          strict=True)},
                       "bias": round(float(lr.intercept_[0]), 4), "threshold": 0.5,
                       "pairs": len(rows), "positives": sum(y)}
    return model


def best_threshold(articles, gold, model: dict, name: str) -> None:
    """Set model ``name``'s threshold to the one with the best BCubed F1 on ``articles``, each
    tried in ``data/story_model.json`` (which holds ``model`` with the best one after)."""
    best = (0.0, 0.5)
    for t in (0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8):
        model[name]["threshold"] = t
        write_model(model)
        pred, _ = run_dateline(articles, vectors=with_vector(name))
        f1 = bcubed(pred, gold)[2]
        print(f"  fit {name} threshold {t}: BCubed F1 {f1:.3f}")
        best = max(best, (f1, t))
    model[name]["threshold"] = best[1]
    write_model(model)


def write_model(model: dict) -> None:
    """Write ``model`` as ``data/story_model.json`` and make the linker read it."""
    MODEL_PATH.write_text(json.dumps(model, indent=1) + "\n")
    model_module.story_model.cache_clear()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fit", action="store_true", help="fit the model on seed 1 first")
    parser.add_argument("--cache", help="folder keeping the extracted records between runs")
    parser.add_argument("--seed", type=int, default=TEST_SEED, help="seed reported on")
    parser.add_argument("--no-twins", action="store_true",
                        help="report on the set without its same-day twins (as before they "
                        "were added; the fit always uses them)")
    parser.add_argument("--pieces", type=int,
                        help="story vectors of this many word pieces (MAX_PIECES for the run; "
                        "every record's vector computed again)")
    parser.add_argument("--revector", action="store_true",
                        help="compute every record's story vector again (current MAX_PIECES)")
    parser.add_argument("--no-nlp", action="store_true",
                        help="also report the records of `dateline ingest --no-nlp`")
    parser.add_argument("--fit-no-nlp", action="store_true",
                        help="fit only the models of records without entities, on seed 1's "
                        "--no-nlp records (--fit fits them too), and write them")
    args = parser.parse_args()
    if args.pieces:
        storyvec.MAX_PIECES = args.pieces
    again = bool(args.pieces or args.revector)

    fit_articles, fit_gold, _ = records(FIT_SEED, args.cache)
    if again and args.fit:
        fit_articles = revector(fit_articles)[0]
    if args.fit or args.fit_no_nlp:
        model = {**json.loads(MODEL_PATH.read_text()), "note": "fitted by bench/stories.py "
                 "--fit on seed 1 of bench/story_set.py: vector, no_vector on its records, "
                 "no_entities_* on its --no-nlp records"}
        fitted = [(fit_articles, ENTITY_MODELS)] if args.fit else []
        fit_plain = records(FIT_SEED, args.cache, nlp=False)[0]
        if again:
            fit_plain = revector(fit_plain)[0]
        fitted.append((fit_plain, NO_ENTITY_MODELS))
        for articles, names in fitted:
            model.update(fit(articles, fit_gold, names))
            for name in names:
                best_threshold(articles, fit_gold, model, name)
        print(f"wrote {MODEL_PATH}")
    peer_t = max((bcubed(run_tfidf(fit_articles, t), fit_gold)[2], t)
                 for t in (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5))[1]

    articles, gold, took = records(args.seed, args.cache, not args.no_twins)
    stories_n = len(set(gold.values()))
    print(f"seed {args.seed}: {len(articles)} pages, {stories_n} gold stories"
          + (f"; dateline.extract {took:.0f} s ({took / len(articles) * 1000:.0f} ms a page)"
             if took else ""))
    if again:
        articles, cpu, changed = revector(articles)
        print(f"story vectors of {storyvec.MAX_PIECES} pieces computed again: "
              f"{cpu / len(articles) * 1000:.2f} ms of CPU a vector; {changed} of "
              f"{len(articles)} differ from the records' own")
    rows = []
    pred, add_s = run_dateline(articles)
    link_cpu = {"records": LINK_CPU[0]}
    rows.append(("dateline (vectors, entities, words, time)", pred))
    pred_nv, _ = run_dateline(articles, vectors=False)
    rows.append(("dateline without story vectors", pred_nv))
    rows.append(("dateline in memory, 40-day blocks (Spark)", run_memory(articles)))
    if args.no_nlp:
        plain, plain_gold, _ = records(args.seed, args.cache, not args.no_twins, nlp=False)
        assert plain_gold == gold, "the --no-nlp records are not those of the set"
        if again:
            plain = revector(plain)[0]
        rows.append(("dateline --no-nlp records, story vectors", run_dateline(plain)[0]))
        link_cpu["--no-nlp records"] = LINK_CPU[0]
        rows.append(("dateline --no-nlp records, no vectors",
                     run_dateline(plain, vectors=False)[0]))
        rows.append(("dateline --no-nlp records in memory (Spark)", run_memory(plain)))
    rows.append((f"TF-IDF single link (threshold {peer_t})", run_tfidf(articles, peer_t)))
    print(f"{'system':44s} {'P':>6s} {'R':>6s} {'F1':>6s} {'stories':>8s}")
    scores = []
    for label, p in rows:
        prec, rec, f1 = bcubed(p, gold)
        scores.append(f1)
        print(f"{label:44s} {prec:6.3f} {rec:6.3f} {f1:6.3f} {len(set(p.values())):8d}")
    print(f"dateline / peer F1: {scores[0] / scores[-1]:.2f}; store adds with the linker "
          f"{add_s / len(articles) * 1000:.1f} ms an article")
    print("story linker CPU (link(), this process): " + "; ".join(
        f"{name} {cpu / len(articles) * 1000:.2f} ms an article"
        for name, cpu in link_cpu.items()))
    twins = {page.story: page.twin_of for page in story_set.build(args.seed,
                                                                  twins=not args.no_twins)
             if page.twin_of is not None}
    print(f"same-day twins (same lead and town, another event) joined to their first event: "
          f"{joined_twins(rows[0][1], gold, twins)} of {len(twins)}")


if __name__ == "__main__":
    main()
