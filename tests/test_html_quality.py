"""Quality of the HTML path on the team's shared evaluation sets (skipped when ../shared is absent).

The figures are those of bench/extraction.py on the whole sets; there is no train split, so the
rules of the HTML path were set on these same pages (see bench/README.md).
"""

from __future__ import annotations

import json
import logging
import sys

import pytest
from conftest import ROOT, shared_path

sys.path.insert(0, str(ROOT / "bench"))

pytestmark = pytest.mark.shared


def test_html_body_f1():
    from extraction import _dateline_html, load_html_set

    from dateline.evaluation import score

    shared_path("eval", "html-articles")
    logging.disable(logging.WARNING)
    try:
        pages = load_html_set(None)
        result = score((gold, _dateline_html(page, url)) for _, page, url, gold in pages)
    finally:
        logging.disable(logging.NOTSET)
    assert result.pages == 127
    # Through the product (dateline.extract on the bytes): 0.9718 before dateline's own body
    # recovery (issue 12 item 7), 0.9728 with it. One page whose body has 18 words is refused
    # as no article and scores 0; extract_html alone, as measured before, gave 0.9758.
    assert result.f1 >= 0.972


def test_metadata_accuracy():
    from extraction import META_SYSTEMS, author_set, load_metadata_set, normalise

    base = shared_path("eval", "metadata-articles")
    assert len(json.loads((base / "ground-truth.json").read_text("utf-8"))) == 26
    logging.disable(logging.WARNING)
    try:
        hits = [0, 0, 0]
        pages = load_metadata_set(None)
        for _, page, gold in pages:
            got = META_SYSTEMS["dateline"](page)
            hits[0] += normalise(got["headline"]) == normalise(gold["title"])
            hits[1] += author_set(got["authors"]) == author_set(gold["authors"].split(","))
            hits[2] += (got["date"] or "")[:10] == gold["date"]
    finally:
        logging.disable(logging.NOTSET)
    headline, authors, date = (h / len(pages) for h in hits)
    assert headline >= 0.95
    assert date >= 0.95
    # Three of the 26 gold author strings cannot be read from their pages (bench/README.md:
    # a photo credit, a related podcast's hosts, a name absent from the HTML), so 23/26 is the
    # ceiling; this guards the level reached (23/26 = 0.885, issue 12).
    assert authors >= 0.88
