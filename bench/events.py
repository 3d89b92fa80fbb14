"""Events typed by PLOVER on the PLOVER gold-standard sentences (issue 11, item 4).

Data: ../shared/eval/events-plover/dev.json (215 sentences of the PLOVER_GSR_CAMEO file, Open
Event Data Alliance, CC BY-SA 4.0): one gold event per sentence, with its type (2016 names), the
source and target actors as written. Dev is for measuring and choosing between designs, never
for training; a further third of the file is held back.

What is measured is what a user gets coding one sentence: the spaCy pipeline
(``dateline.understand.nlp.load_nlp``) with the ``dateline_entities``, ``dateline_quotes`` and
``dateline_events`` components, ``doc._.dateline_events``. The peer, run on the same sentences
in the same run, is a keyword coder: the type of the first cue lemma of the lexicon in the
sentence (no parse rules), its first named entity as source and the next as target.

Figures:

* type F1: recall is the share of sentences whose gold type is among the types of their
  predicted events; precision the share of all predicted events whose type is the sentence's
  gold type. Older names are mapped to PLOVER 2021: DISAPPROVE is ACCUSE, DEMAND is REQUEST,
  FIGHT is ASSAULT (the issue), and INVESTIGATE is ACCUSE (mode investigate: CAMEO 09 in the
  CAMEO-to-PLOVER table).
* source / target accuracy: over the sentences whose gold type was predicted and which have a
  gold source (target), the share where the event of that type's actor shares a word (lower
  case, ``\\w+``, not a stop word) with a gold actor's text; the actor's words are those of its
  mention as written and of its resolved name. "end to end" counts every sentence with a gold
  actor, a sentence whose type was missed counting as wrong.

    .venv/bin/python bench/events.py [--show-misses]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

DEV = ROOT.parent / "shared" / "eval" / "events-plover" / "dev.json"
#: 2016 type names of the gold file -> PLOVER 2021 (see the module docstring)
OLD_NAMES = {"DISAPPROVE": "ACCUSE", "DEMAND": "REQUEST", "FIGHT": "ASSAULT",
             "INVESTIGATE": "ACCUSE"}
_STOP = frozenset({"the", "a", "an", "of", "and", "s", "in", "for", "to", "on"})


def words(text: str | None) -> set[str]:
    """Lower-case ``\\w+`` words of ``text`` without stop words."""
    return {w for w in re.findall(r"\w+", (text or "").lower()) if w not in _STOP}


def gold_actors(value) -> list[str]:
    """The actor texts of a gold ``source`` or ``target`` (a list of objects, or "")."""
    if not isinstance(value, list):
        return []
    return [a["actorText"] for a in value if isinstance(a, dict) and a.get("actorText")]


def actor_words(actor) -> set[str]:
    """Words of a predicted actor: its mention as written and its resolved name."""
    if actor is None:
        return set()
    return words(actor.name) | words(actor.mention.text if actor.mention else "")


def score(records: list[dict], predicted: list[list[tuple[str, set[str], set[str]]]]) -> dict:
    """Type F1 and actor accuracies; ``predicted[i]`` lists (type, source words, target words)
    per predicted event of sentence ``i``."""
    hits = correct = total = 0
    src = [0, 0, 0]  # right, judged (type found), with a gold source
    tgt = [0, 0, 0]
    for record, events in zip(records, predicted, strict=True):
        gold = OLD_NAMES.get(record["event"], record["event"])
        total += len(events)
        matching = [e for e in events if e[0] == gold]
        correct += len(matching)
        hits += bool(matching)
        for side, counts in (("source", src), ("target", tgt)):
            actors = gold_actors(record.get(side))
            if not actors:
                continue
            counts[2] += 1
            if not matching:
                continue
            counts[1] += 1
            gold_words = set().union(*(words(a) for a in actors))
            if any((e[1] if side == "source" else e[2]) & gold_words for e in matching):
                counts[0] += 1
    recall = hits / len(records)
    precision = correct / total if total else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1,
            "source": src[0] / src[1] if src[1] else 0.0, "source_e2e": src[0] / src[2],
            "target": tgt[0] / tgt[1] if tgt[1] else 0.0, "target_e2e": tgt[0] / tgt[2],
            "events": total}


def keyword_peer(nlp, texts: list[str]) -> list[list[tuple[str, set[str], set[str]]]]:
    """The keyword coder of the module docstring."""
    from dateline.understand.eventcues import code, cues

    heads = {}
    for (head, _noun), found in cues().items():
        heads.setdefault(head, code(found[-1].code).type)
    out = []
    for doc in nlp.pipe(texts):
        kind = next((heads[t.lemma_.lower()] for t in doc if t.lemma_.lower() in heads), None)
        ents = [e.text for e in doc.ents if e.label_ in ("PERSON", "ORG", "GPE", "NORP")]
        if kind is None:
            out.append([])
            continue
        out.append([(kind, words(ents[0]) if ents else set(),
                     words(ents[1]) if len(ents) > 1 else set())])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--show-misses", action="store_true",
                        help="print each sentence whose gold type was not predicted")
    args = parser.parse_args()
    if not DEV.exists():
        print(f"needs {DEV} (the team's shared data), which is not on this machine")
        return
    records = json.loads(DEV.read_text("utf-8"))
    texts = [r["text"] for r in records]

    import dateline.understand.components  # noqa: F401 - registers the components
    from dateline.understand.nlp import load_nlp

    nlp = load_nlp()
    for name in ("dateline_entities", "dateline_quotes", "dateline_events"):
        if name not in nlp.pipe_names:
            nlp.add_pipe(name)
    start = time.perf_counter()
    docs = list(nlp.pipe(texts))
    elapsed = time.perf_counter() - start
    ours = [[(e.type, actor_words(e.source), actor_words(e.target))
             for e in doc._.dateline_events] for doc in docs]
    for name in ("dateline_events", "dateline_quotes", "dateline_entities"):
        nlp.remove_pipe(name)
    peer = keyword_peer(nlp, texts)

    results = {"dateline": score(records, ours), "keyword peer": peer and score(records, peer)}
    print(f"{len(records)} sentences from {DEV}; dateline {len(records) / elapsed:.0f} "
          "sentences/s (full component pipeline)")
    print(f"{'':<14} {'type P':>7} {'type R':>7} {'type F1':>8} {'source':>7} {'target':>7}"
          f" {'src e2e':>8} {'tgt e2e':>8} {'events':>7}")
    for label, r in results.items():
        print(f"{label:<14} {r['precision']:7.3f} {r['recall']:7.3f} {r['f1']:8.3f} "
              f"{r['source']:7.3f} {r['target']:7.3f} {r['source_e2e']:8.3f} "
              f"{r['target_e2e']:8.3f} {r['events']:7d}")
    a, b = results["dateline"], results["keyword peer"]
    print(f"dateline / peer: type F1 {a['f1'] / b['f1']:.2f}, "
          f"source {a['source'] / b['source']:.2f}, target {a['target'] / b['target']:.2f}")
    per_type: Counter[str] = Counter()
    found: Counter[str] = Counter()
    for record, events in zip(records, ours, strict=True):
        gold = OLD_NAMES.get(record["event"], record["event"])
        per_type[gold] += 1
        found[gold] += any(e[0] == gold for e in events)
    print("recall by gold type: " + ", ".join(
        f"{t} {found[t]}/{n}" for t, n in per_type.most_common()))
    if args.show_misses:
        for record, doc in zip(records, docs, strict=True):
            gold = OLD_NAMES.get(record["event"], record["event"])
            got = [e.type for e in doc._.dateline_events]
            if gold not in got:
                print(f"- {gold} got {got}: {record['text'][:150]}")


if __name__ == "__main__":
    main()
