"""What ``dateline ingest --no-nlp`` runs never imports spaCy: the extraction, the story vector
and lookup keys of its workers, the store's writer with every across-article stage. spaCy took
seconds of each process's start (and, with torch installed, thinc imports torch), because the
package ``dateline.understand`` imported its whole stage to reach the story encoder."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

SCRIPT = textwrap.dedent("""
    import hashlib, json, sys
    import dateline
    from dateline.corpus import Store
    from dateline.corpus.link_keys import with_link_keys
    from dateline.model import Entity, Mention, Quote, Source, Span, Speaker
    from dateline.understand.storyvec import load_story_encoder

    page = open(sys.argv[1], "rb").read()
    plain = dateline.extract(page, format="text", nlp=False, source="plain.txt")
    said = "the ferry will sail again once the new pier is finished"
    para = "\\u201c" + said + "\\u201d said Ilse Varga at the quay on Monday."
    sha = hashlib.sha256(b"spacy-free").hexdigest()
    named = dateline.model.Article(
        id=sha, source=Source(uri="named.txt", format="text", sha256=sha),
        publisher="Harbour Post", headline="Ferry to sail again", paragraphs=[para],
        published="2025-06-02T08:00:00+00:00",
        entities=[Entity(id="e1", name="Ilse Varga", type="PERSON", mentions=[
            Mention(part="body", index=0, start=len(said) + 8, end=len(said) + 18,
                    text="Ilse Varga")])],
        quotes=[Quote(kind="direct", text=said,
                      span=Span(part="body", index=0, start=1, end=1 + len(said)),
                      speaker=Speaker(name="Ilse Varga"), cue="said")])
    try:
        load_story_encoder()
        encoder = True
    except Exception:
        encoder = False
    with Store.open(sys.argv[2]) as store:
        added = [store.add(with_link_keys(a)) for a in (plain, named)]
        linked = store.get_article(named.id).story_id
    heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("spacy", "thinc", "torch"))
    print(json.dumps({"added": added, "story": linked, "heavy": heavy, "encoder": encoder}))
""")


def test_no_nlp_ingest_path_never_imports_spacy(tmp_path: Path) -> None:
    text = tmp_path / "page.txt"
    text.write_text("Ferry crossings resume\n\nThe harbour board said on Monday that the "
                    "crossings to the island will resume next week after repairs to the old "
                    "pier, which storms damaged in the spring.\n",
                    encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(text), str(tmp_path / "s.db")],
                          capture_output=True, text=True, check=False, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["added"] == [True, True]
    assert result["story"] is not None  # the story stage ran on the named record
    assert result["heavy"] == []
    if not result["encoder"]:
        pytest.skip("the encoder package is not installed: the story vector was not computed")


def test_the_stage_names_are_still_reachable_from_the_package() -> None:
    import dateline.understand as understand
    from dateline.understand.stage import understand_each

    assert understand.understand_each is understand_each
    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        understand.nothing_here  # noqa: B018


def test_the_stage_reads_the_story_vector_through_its_module(monkeypatch):
    """bench/ingest_pages.py takes the layer's encoder out by patching
    ``storyvec.story_vector``; the stage must call it there, whenever it was imported."""
    import numpy as np

    import dateline
    import dateline.understand.stage as stage
    import dateline.understand.storyvec as storyvec
    from dateline.config import Settings

    plain = dateline.extract((b"Ferry crossings resume\n\nThe harbour board said on Monday that "
                              b"the crossings to the island will resume next week after repairs "
                              b"to the old pier, which storms damaged in the spring.\n"),
                             format="text", nlp=False, source="ferry.txt")
    parsed = stage.parse_articles([plain], Settings())[0]
    given = storyvec.pack(np.full(storyvec.DIM, 1.0, np.float32) / np.sqrt(storyvec.DIM))
    monkeypatch.setattr(storyvec, "story_vector", lambda article: given)
    assert stage.annotate(parsed).story_vector == given
    monkeypatch.setattr(storyvec, "story_vector", lambda article: None)
    assert stage.annotate(parsed).story_vector is None
