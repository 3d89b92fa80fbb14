"""The trained attribution model's parts: windows, tags, the encoder graph, the weight delta."""

from __future__ import annotations

import numpy as np
import pytest

from dateline.understand.encoder import (
    apply_delta,
    base_weights,
    build_graph,
    load_tokenizer,
    quantize_delta,
    session,
)
from dateline.understand.tagger import link
from dateline.understand.tagging import (
    _ALLOWED,
    BEGIN,
    INSIDE,
    OUTSIDE,
    Piece,
    TaggedSpan,
    Window,
    _viterbi,
    batch_arrays,
    decode_window,
    pack_windows,
    paragraph_pieces,
    piece_labels,
    viterbi,
)


def pieces(n, paragraph, width=3):
    return [Piece(1000 + i, paragraph, i * width, i * width + width - 1) for i in range(n)]


def test_pack_windows_keeps_paragraphs_whole_and_cuts_long_ones():
    paras = [pieces(3, 0), pieces(4, 1), pieces(9, 2), pieces(2, 3)]
    windows = pack_windows(paras, max_pieces=10)  # room for 8 pieces a window
    layout = [[None if p is None else p.paragraph for p in w.slots] for w in windows]
    assert layout == [
        [None, 0, 0, 0, None, 1, 1, 1, 1, None],   # 3 + [SEP] + 4 fit in 8
        [None] + [2] * 8 + [None],                 # paragraph 2 is longer than a window:
        [None, 2, None],                           # cut into windows of its own
        [None, 3, 3, None],
    ]
    assert windows[0].ids()[:5] == [101, 1000, 1001, 1002, 102]
    seen = [(p.paragraph, p.start) for w in windows for p in w.slots if p is not None]
    assert len(seen) == len(set(seen)) == 18


def test_batch_arrays_pads_with_zero_mask():
    windows = pack_windows([pieces(2, 0)], 10) + pack_windows([pieces(4, 0)], 10)
    ids, mask = batch_arrays(windows)
    assert ids.shape == (2, 6) and mask.tolist() == [[1, 1, 1, 1, 0, 0], [1] * 6]
    assert ids[0].tolist() == [101, 1000, 1001, 102, 0, 0]


def test_piece_labels_and_decode_round_trip():
    text = "Smith said the bridge would open."
    tokenizer = load_tokenizer()
    window = pack_windows(paragraph_pieces(tokenizer, [text]))[0]
    gold = {0: [("source", 0, 5), ("cue", 6, 10), ("content", 11, 32)]}
    labels = piece_labels(window, gold)
    # [CLS] smith said the bridge would open . [SEP]
    assert labels[:, 0].tolist() == [0, BEGIN, 0, 0, 0, 0, 0, 0, 0]
    assert labels[:, 2].tolist() == [0, 0, 0, BEGIN, INSIDE, INSIDE, INSIDE, 0, 0]
    spans = decode_window(window, labels, np.ones_like(labels, dtype=float))
    got = {(s.layer, text[s.start:s.end]) for s in spans}
    assert got == {("source", "Smith"), ("cue", "said"), ("content", "the bridge would open")}


def test_decode_starts_a_span_at_an_orphan_inside_and_stops_at_paragraph_end():
    window = Window([None, Piece(1, 0, 0, 3), Piece(2, 0, 4, 7), None, Piece(3, 1, 0, 5), None])
    labels = np.zeros((6, 3), dtype=np.int64)
    labels[1:5, 2] = [INSIDE, INSIDE, OUTSIDE, INSIDE]
    spans = decode_window(window, labels, np.full((6, 3), 0.5))
    assert [(s.paragraph, s.start, s.end) for s in spans] == [(0, 0, 7), (1, 0, 5)]
    assert spans[0].score == pytest.approx(0.5)


def test_link_takes_nearest_cue_then_its_source():
    spans = [TaggedSpan("content", 0, 0, 30, 1), TaggedSpan("cue", 0, 33, 37, 1),
             TaggedSpan("source", 0, 38, 43, 1), TaggedSpan("source", 0, 200, 205, 1),
             TaggedSpan("content", 1, 10, 40, 1)]
    got = link(spans)
    assert [(a.paragraph, a.cue and a.cue.start, a.source and a.source.start) for a in got] == [
        (0, 33, 38), (1, None, None)]


def test_quantized_delta_is_close():
    rng = np.random.default_rng(1)
    delta = rng.normal(scale=0.01, size=(8, 16)).astype(np.float32)
    q, scale = quantize_delta(delta)
    assert q.dtype == np.int8 and scale.shape == (8,)
    assert np.abs(q * scale[:, None] - delta).max() <= scale.max() / 2 + 1e-9
    base = {"w": np.ones((8, 16), np.float32), "b": np.zeros(8, np.float32)}
    merged = apply_delta(base, {"delta.w.q": q, "delta.w.scale": scale,
                                "full.b": np.full(8, 2.0, np.float32)})
    assert np.allclose(merged["w"], 1 + delta, atol=scale.max())
    assert merged["b"].tolist() == [2.0] * 8 and base["b"].tolist() == [0.0] * 8


def _embed(sess, tokenizer, sentences):
    encs = tokenizer.encode_batch(sentences, add_special_tokens=True)
    width = max(len(e.ids) for e in encs)
    ids = np.zeros((len(encs), width), np.int64)
    mask = np.zeros_like(ids)
    for i, e in enumerate(encs):
        ids[i, :len(e.ids)] = e.ids
        mask[i, :len(e.ids)] = 1
    hidden = sess.run(None, {"input_ids": ids, "attention_mask": mask})[0]
    pooled = (hidden * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
    return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)


def test_encoder_graph_gives_sentence_embeddings_of_the_official_weights():
    """Mean-pooled all-MiniLM-L6-v2: a paraphrase is nearer than an unrelated sentence, and
    padding a sentence does not change its embedding."""
    sess = session(build_graph(base_weights(), head=False))
    tok = load_tokenizer()
    a, b, c = _embed(sess, tok, ["The ferry was cancelled because of the storm.",
                                 "Storm conditions forced the ferry crossing to be called off.",
                                 "The library reopened with a new children's room."])
    assert float(a @ b) > 0.6 > float(a @ c)
    alone = _embed(sess, tok, ["The ferry was cancelled because of the storm."])[0]
    assert np.allclose(alone, a, atol=1e-4)


def test_link_joins_a_broken_content_and_drops_unsure_ones():
    spans = [TaggedSpan("source", 0, 0, 5, 1), TaggedSpan("cue", 0, 6, 10, 1),
             TaggedSpan("content", 0, 11, 30, 0.9), TaggedSpan("content", 0, 32, 50, 0.8),
             TaggedSpan("content", 1, 0, 20, 0.5)]
    got = link(spans)
    assert [(a.paragraph, a.content.start, a.content.end, a.content.score) for a in got] == [
        (0, 11, 50, 0.8)]
    # a cue between two contents keeps them apart: '"X," he said, "Y."'
    spans = [TaggedSpan("content", 0, 0, 10, 1), TaggedSpan("source", 0, 12, 14, 1),
             TaggedSpan("cue", 0, 15, 19, 1), TaggedSpan("content", 0, 21, 40, 1)]
    got = link(spans)
    assert [(a.content.start, a.cue.start, a.source.start) for a in got] == [(0, 15, 12),
                                                                            (21, 15, 12)]


def test_an_unsure_fragment_does_not_drop_the_sure_content_beside_it():
    """"The Gazette is expected to endorse the harbour candidate.": the tagger's stray content
    "to" (inside the cue, 0.52) was joined to the sure content after it (0.98) and the join,
    scored 0.52, dropped; the unsure fragment goes first now and the sure content stays."""
    spans = [TaggedSpan("source", 0, 0, 11, 0.9), TaggedSpan("cue", 0, 12, 34, 0.94),
             TaggedSpan("content", 0, 24, 26, 0.52), TaggedSpan("content", 0, 35, 57, 0.98)]
    got = link(spans)
    assert [(a.content.start, a.content.end, a.cue.start, a.source.start) for a in got] == [
        (35, 57, 12, 0)]


def test_contents_stay_apart_over_a_sentence_end_before_a_closing_mark():
    text = "Ferris says the board will \u201cmeet again in May.\u201d The vote was close, she said."
    first_end = text.index("\u201d") + 1
    second = text.index("The vote")
    spans = [TaggedSpan("source", 0, 0, 6, 1), TaggedSpan("cue", 0, 7, 11, 1),
             TaggedSpan("content", 0, 12, first_end, 1),
             TaggedSpan("content", 0, second, second + 18, 1)]
    got = link(spans, [text])
    assert [(a.content.start, a.content.end) for a in got] == [(12, first_end),
                                                              (second, second + 18)]


def test_a_content_takes_the_cue_of_its_own_sentence_before_a_nearer_one():
    """The cue "has not said" of the next sentence is 2 characters from the first content,
    "told" 24 before it: the first content is told, its source the clerk."""
    text = ("The harbour clerk told the gazette on Monday that the ferry would stop. "
            "The board has not said why the ferry would stop.")
    at = text.index
    spans = [TaggedSpan("source", 0, 0, 17, 1), TaggedSpan("cue", 0, 18, 22, 1),
             TaggedSpan("content", 0, at("that"), at(" The board"), 1),
             TaggedSpan("source", 0, at("The board"), at(" has"), 1),
             TaggedSpan("cue", 0, at("has"), at(" why"), 1),
             TaggedSpan("content", 0, at("why"), len(text) - 1, 1)]
    got = link(spans, [text])
    assert [(a.cue.start, a.source.start) for a in got] == [(18, 0), (at("has"), at("The board"))]


def test_a_cue_takes_no_source_across_a_sentence_end():
    text = "The harbour clerk spoke first. Then came word that the ferry would sail in May."
    at = text.index
    spans = [TaggedSpan("source", 0, 0, 17, 1), TaggedSpan("cue", 0, at("came"), at(" that"), 1),
             TaggedSpan("content", 0, at("that"), len(text) - 1, 1)]
    got = link(spans, [text])
    assert [(a.cue.start, a.source) for a in got] == [(at("came"), None)]


def test_a_cue_word_the_tagger_missed_keeps_two_contents_apart():
    text = "She said the pier would open and predicted that the ferry would sail in May."
    at = text.index
    spans = [TaggedSpan("source", 0, 0, 3, 1), TaggedSpan("cue", 0, 4, 8, 1),
             TaggedSpan("content", 0, at("the pier"), at(" and"), 1),
             TaggedSpan("content", 0, at("that the"), len(text) - 1, 1)]
    got = link(spans, [text])
    assert [(a.content.start, a.content.end) for a in got] == [
        (at("the pier"), at(" and")), (at("that the"), len(text) - 1)]


def test_cue_words_hold_the_forms_of_the_cue_verbs():
    from dateline.understand.tagger import cue_words

    assert {"said", "says", "saying", "told", "predicted", "denies", "denied"} <= cue_words()
    assert "the" not in cue_words() and "and" not in cue_words()


def test_a_window_is_tagged_the_same_whatever_windows_share_its_article():
    """Windows are run one a call: with int8 activations quantised over a whole padded batch,
    the tags of a window changed with the other windows of its article."""
    from dateline.understand.tagger import load_tagger

    tagger = load_tagger()
    lead = ["The harbour board said on Tuesday that the ferry would sail again in May.",
            "\u201cWe have waited long enough,\u201d said Mara Lind, who runs the kiosk."]
    filler = ["Crates of apples and rolls of netting stood along the wall of the old shed, "
              "and gulls walked the roof above them while the tide came in. " * 12] * 3
    alone = tagger.tag(lead)
    beside = [s for s in tagger.tag(lead + filler) if s.paragraph < len(lead)]
    assert len(pack_windows(paragraph_pieces(load_tokenizer(), lead + filler))) > 1
    assert beside == alone
    assert {s.layer for s in alone} == {"source", "cue", "content"}


def test_viterbi_fills_a_dip_and_never_starts_with_inside():
    """Argmax of these probabilities gives content labels I, I, O, I (two spans, the first an
    orphan inside); under the BIO constraints the likeliest path is B, I, I, I: one span.
    Path scores (log of the product of the chosen probabilities), content layer:
    B I I I = .4*.9*.45*.9 = .1458; B I O B = .4*.9*.5*.05 = .009; O O O O = .2*.05*.5*.05."""
    window = Window([None, Piece(1, 0, 0, 3), Piece(2, 0, 4, 7), Piece(3, 0, 8, 11),
                     Piece(4, 0, 12, 15), None])
    probs = np.zeros((6, 3, 3))
    probs[:, :, OUTSIDE] = 1.0  # source and cue layers, and the special pieces: outside
    probs[1:5, 2] = [[0.2, 0.4, 0.4 + 1e-9], [0.05, 0.05, 0.9], [0.5, 0.05, 0.45],
                     [0.05, 0.05, 0.9]]
    labels = viterbi(window, probs)
    assert probs[1:5, 2].argmax(-1).tolist() == [INSIDE, INSIDE, OUTSIDE, INSIDE]
    assert labels[:, 2].tolist() == [OUTSIDE, BEGIN, INSIDE, INSIDE, INSIDE, OUTSIDE]
    assert labels[:, :2].tolist() == [[OUTSIDE, OUTSIDE]] * 6
    spans = decode_window(window, labels, np.take_along_axis(probs, labels[..., None], -1)[..., 0])
    assert [(s.layer, s.start, s.end) for s in spans] == [("content", 0, 15)]
    assert spans[0].score == pytest.approx((0.4 + 0.9 + 0.45 + 0.9) / 4)


class _FakeTagger:
    """Tags the given (layer, words) spans wherever the words occur in a paragraph."""

    def __init__(self, marks):
        self.marks = marks

    def tag(self, paragraphs):
        out = []
        for n, text in enumerate(paragraphs):
            for layer, words in self.marks:
                at = text.find(words)
                if at >= 0:
                    out.append(TaggedSpan(layer, n, at, at + len(words), 0.99))
        return out


def test_a_content_nobody_says_is_no_quotation(monkeypatch):
    """A content with no cue, no source and no speaker before it to continue is nobody's
    word: dropped (the gulls), while the one Mara Lind said stays."""
    import dateline
    from dateline.understand import model_quotes

    fake = _FakeTagger([("content", "the quay was loud with gulls"), ("source", "Mara Lind"),
                        ("cue", "said"), ("content", "the ferry would sail in May")])
    monkeypatch.setattr(model_quotes, "load_tagger", lambda: fake)
    page = ("Ferry to sail again\n\nBy morning the quay was loud with gulls and crates of "
            "apples.\n\nMara Lind said the ferry would sail in May, as the board had hoped.\n")
    record = dateline.extract(page, format="text")
    assert [(q.text, q.speaker and q.speaker.name) for q in record.quotes] == [
        ("the ferry would sail in May", "Mara Lind")]


def test_viterbi_breaks_ties_to_the_first_label_as_argmax_does():
    """Equal path scores go to the lower label (numpy's argmax, which the written-out recursion
    follows). Log probabilities, one layer, two pieces: the first piece O or B (-0.5 each, I
    barred at a start); after it O -1, B -1, I -1: all four paths O-O, O-B, B-O, B-B score -1.5,
    and B-I too: the first of equals is O-O. With I at -0.1 instead, B-I (-0.6) wins."""
    emit = np.array([[[-0.5, -0.5, -0.2]], [[-1.0, -1.0, -1.0]]], np.float32)
    assert _viterbi(emit)[:, 0].tolist() == [OUTSIDE, OUTSIDE]
    emit[1, 0, INSIDE] = -0.1
    assert _viterbi(emit)[:, 0].tolist() == [BEGIN, INSIDE]


def _matrix_viterbi(emit):
    """The matrix Viterbi over :data:`_ALLOWED` that :func:`_viterbi` writes out for three
    labels: numpy's max and first-of-equals argmax over the labels before, a position a step."""
    n, layers = emit.shape[:2]
    trans = np.where(_ALLOWED, 0.0, -np.inf)  # (before, after)
    score = emit[0].astype(np.float64)
    score[:, INSIDE] = -np.inf
    back = np.zeros((n, layers, 3), dtype=np.int64)
    for pos in range(1, n):
        cand = score[:, :, None] + trans[None]  # (layers, before, after)
        back[pos] = cand.argmax(1)
        score = cand.max(1) + emit[pos]
    labels = np.zeros((n, layers), dtype=np.int64)
    labels[-1] = score.argmax(-1)
    for pos in range(n - 1, 0, -1):
        labels[pos - 1] = back[pos, np.arange(layers), labels[pos]]
    return labels


def test_viterbi_gives_the_paths_of_the_matrix_recursion():
    """Random log probabilities, some rounded to force ties and some special pieces (BEGIN and
    INSIDE at -inf), decoded both ways: the same labels."""
    rng = np.random.default_rng(3)
    for n in (1, 2, 5, 40):
        for rounding in (None, 0):
            emit = np.log(rng.dirichlet(np.ones(3), (n, 4))).astype(np.float32)
            if rounding is not None:
                emit = np.round(emit, rounding)
            special = rng.random(n) < 0.2
            emit[special, :, 1:] = -np.inf
            assert _viterbi(emit).tolist() == _matrix_viterbi(emit).tolist()


def test_unmasked_graph_gives_the_masked_graphs_output_to_the_bit():
    """One unpadded sequence: the graph without an attention mask (what the tagger and the
    story encoder run) gives exactly the output of the masked graph with a mask of ones."""
    weights = base_weights()
    ids = np.array([[101, 1996, 7139, 2001, 8014, 1012, 102]], np.int64)
    masked = session(build_graph(weights, head=False)).run(
        None, {"input_ids": ids, "attention_mask": np.ones_like(ids)})[0]
    plain = session(build_graph(weights, head=False, masked=False))
    assert [i.name for i in plain.get_inputs()] == ["input_ids"]
    assert np.array_equal(plain.run(None, {"input_ids": ids})[0], masked)
