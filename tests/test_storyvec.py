"""The story vector reads the first MAX_PIECES word pieces of the opening (48 since session 9,
bench/stories.py --pieces): what the encoder is given, on a text we wrote."""

from __future__ import annotations

import numpy as np

from dateline.understand import storyvec
from dateline.understand.storyvec import load_story_encoder
from dateline.understand.tagging import CLS_ID, SEP_ID

LONG = ("Dock workers at Port Ellery walked out on Monday morning over a pay offer their union "
        "called an insult, halting the loading of grain ships for the first time in eleven "
        "years, while the harbour board said talks would resume on Thursday at the town hall "
        "with the mayor, two ministers and the regional police chief in attendance.")


def test_the_encoder_reads_48_pieces_of_a_long_opening(monkeypatch):
    assert storyvec.MAX_PIECES == 48
    encoder = load_story_encoder()
    assert len(encoder._tokenizer.encode(LONG).ids) > 60  # longer than the cap
    seen = []
    real_run = encoder._session.run

    def run(names, feeds):
        seen.append(feeds["input_ids"])
        return real_run(names, feeds)

    monkeypatch.setattr(encoder, "_session", type("S", (), {"run": staticmethod(run)})())
    vec = encoder.embed(LONG)
    ids = seen[0]
    assert ids.shape == (1, 48)
    assert ids[0, 0] == CLS_ID and ids[0, -1] == SEP_ID
    assert abs(float(np.linalg.norm(vec)) - 1.0) < 1e-6
    # what lies past the cap changes nothing
    assert np.array_equal(encoder.embed(LONG + " The strike goes on."), vec)


def test_a_short_opening_is_read_whole():
    encoder = load_story_encoder()
    short = "Dockers walk out at Port Ellery over pay"
    assert len(encoder._tokenizer.encode(short).ids) < 48
    assert not np.array_equal(encoder.embed(short), encoder.embed(short + " again"))
