"""dateline's stages as spaCy components on a plain Doc, and the understanding stage wired into
the pipeline (batches, input order, per-page errors, model selection, --no-nlp)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import spacy
from spacy.language import Language

import dateline.understand.stage as understand_module
from dateline.config import Settings, load_settings
from dateline.errors import DatelineError
from dateline.model import Article
from dateline.pipeline import process_many
from dateline.sources.page import RawPage
from dateline.understand.components import (
    EntityComponent,
    QuoteComponent,
    component_config,
    make_components,
)
from dateline.understand.nlp import ModelError, load_nlp

TEXT = ("Norwegian Prime Minister Lars Haugen met Finnish President Aino Virtanen in Oslo. "
        "The Norwegian leader said the talks were useful, and Mr Haugen left on Monday.")


def _page(name: str, body: str) -> RawPage:
    text = f"{name}\n\n{body}\n\n{body}\n"
    return RawPage(source=name, data=text.encode("utf-8"), format="text")


def test_entities_component_on_a_plain_doc():
    import dateline.understand.components  # noqa: F401 - registers the components

    nlp = spacy.load(load_nlp().path)  # a fresh copy: never change the cached pipeline
    nlp.add_pipe("dateline_entities")
    doc = nlp(TEXT)
    names = {e.name: e for e in doc._.dateline_entities}
    haugen = names["Lars Haugen"]
    assert haugen.type == "PERSON"
    assert [(m.part, m.index, m.start, m.end, m.text) for m in haugen.mentions] == [
        ("body", 0, 25, 36, "Lars Haugen"), ("body", 0, 82, 102, "The Norwegian leader"),
        ("body", 0, 138, 144, "Haugen")]
    assert TEXT[138:144] == "Haugen"
    assert TEXT[82:102] == "The Norwegian leader"


def test_components_are_found_by_entry_point_without_import():
    path = str(load_nlp().path)
    code = ("import spacy, sys\n"
            f"nlp = spacy.load({path!r})\n"
            "nlp.add_pipe('dateline_entities')\n"
            "doc = nlp('Mr Lars Haugen spoke. Haugen left.')\n"
            "print([e.name for e in doc._.dateline_entities])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "['Lars Haugen']"


def test_quotes_component_on_a_plain_doc():
    import dateline.understand.components  # noqa: F401

    nlp = spacy.load(load_nlp().path)
    nlp.add_pipe("dateline_entities")
    nlp.add_pipe("dateline_quotes")
    doc = nlp('"We will not move," Haugen said on Monday.')
    [quote] = doc._.dateline_quotes
    assert (quote.kind, quote.text, quote.span.start, quote.span.end) == (
        "direct", "We will not move", 1, 17)
    assert (quote.speaker.name, quote.speaker.entity, quote.cue) == ("Haugen", "e1", "said")
    assert doc._.dateline_entities[0].name == "Haugen"


def test_quotes_component_is_found_by_entry_point_without_import():
    path = str(load_nlp().path)
    code = ("import spacy\n"
            f"nlp = spacy.load({path!r})\n"
            "nlp.add_pipe('dateline_entities')\n"
            "nlp.add_pipe('dateline_quotes')\n"
            "doc = nlp('\"We will stay,\" Haugen said.')\n"
            "print([(q.text, q.speaker.name, q.cue) for q in doc._.dateline_quotes])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[('We will stay', 'Haugen', 'said')]"


def test_factories_have_a_default_config_that_add_pipe_overrides():
    import dateline.understand.components  # noqa: F401

    assert Language.get_factory_meta("dateline_quotes").default_config == {
        "attribution": "model"}
    assert Language.get_factory_meta("dateline_entities").default_config == {}
    nlp = spacy.blank("en")
    assert nlp.add_pipe("dateline_quotes").attribution == "model"
    assert nlp.add_pipe("dateline_quotes", name="q2",
                        config={"attribution": "rules"}).attribution == "rules"
    with pytest.raises(ValueError, match="attribution must be one of"):
        nlp.add_pipe("dateline_quotes", name="q3", config={"attribution": "guess"})


def test_own_pipeline_configures_the_components_from_dateline_toml(tmp_path, monkeypatch):
    for name in list(os.environ):
        if name.startswith("DATELINE_"):
            monkeypatch.delenv(name)
    assert make_components(Settings())[1].attribution == "model"
    config = tmp_path / "dateline.toml"
    config.write_text('attribution = "rules"\n', encoding="utf-8")
    settings = load_settings(config)
    assert component_config(settings, "dateline_quotes") == {"attribution": "rules"}
    entities, quotes = make_components(settings)
    assert isinstance(entities, EntityComponent) and isinstance(quotes, QuoteComponent)
    assert quotes.attribution == "rules"
    monkeypatch.setenv("DATELINE_ATTRIBUTION", "model")
    assert make_components(load_settings(config))[1].attribution == "model"


def test_process_many_batches_keep_order_and_isolate_failures(monkeypatch):
    real = EntityComponent.find

    def failing(self, parsed):
        if "Bellwether" in " ".join(parsed.article.paragraphs):
            raise RuntimeError("boom")
        return real(self, parsed)

    monkeypatch.setattr(EntityComponent, "find", failing)
    pages = [
        _page("one", "Lars Haugen, the mayor of Tromso, opened the new harbour bridge today "
                     "after three years of work, and Haugen thanked the builders."),
        RawPage(source="empty", data=b""),
        _page("two", "The Bellwether company said it would close its factory in Bergen after "
                     "forty years, with the loss of two hundred jobs in the town."),
        _page("three", "Aino Virtanen, the Finnish president, arrived in Oslo for talks on "
                       "energy and fishing rights, and Virtanen met students."),
    ]
    results = list(process_many(pages, Settings(nlp_batch_size=2)))
    assert [page.source for page, _ in results] == ["one", "empty", "two", "three"]
    one, empty, two, three = (result for _, result in results)
    assert isinstance(one, Article) and "Lars Haugen" in [e.name for e in one.entities]
    assert isinstance(empty, DatelineError) and empty.kind == "empty"
    assert isinstance(two, DatelineError) and two.kind == "understand" and "boom" in str(two)
    assert isinstance(three, Article) and "Aino Virtanen" in [e.name for e in three.entities]


def test_model_setting_selects_the_pipeline():
    # at least 20 body words, or extraction refuses the page before the model is asked for
    pages = [_page("one", "Lars Haugen opened the new bridge in Tromso on a cold morning, and "
                          "the mayor thanked the builders who had worked through the winter.")]
    [(_, result)] = list(process_many(pages, Settings(model="no_such_spacy_pipeline")))
    assert isinstance(result, ModelError) and result.kind == "model"
    with pytest.raises(ModelError):
        load_nlp("no_such_spacy_pipeline")


def test_no_nlp_never_loads_spacy(samples):
    code = ("import sys\n"
            "from dateline.cli import main\n"
            f"status = main(['extract', '--no-nlp', {str(samples)!r}])\n"
            "assert status == 0, status\n"
            "assert not [m for m in sys.modules if m.startswith('spacy')]\n")
    subprocess.run([sys.executable, "-c", code], capture_output=True, check=True)


def test_a_page_that_breaks_the_batch_parse_fails_alone(monkeypatch):
    real = load_nlp()

    class Breaking:
        """Parses like the real pipeline, but fails on any batch holding "Bellwether"."""

        lang = real.lang

        def pipe(self, texts, batch_size):
            texts = list(texts)
            if any("Bellwether" in t for t in texts):
                raise RuntimeError("tokenizer blew up")
            return real.pipe(texts, batch_size=batch_size)

    monkeypatch.setattr(understand_module, "load_nlp", lambda name: Breaking())
    pages = [_page("one", "Lars Haugen opened the new harbour bridge in Tromso on a cold "
                          "morning after three years of work on the crossing."),
             _page("two", "The Bellwether company said it would close its factory in Bergen "
                          "after forty years, with the loss of two hundred jobs."),
             _page("three", "Aino Virtanen arrived in Oslo for talks on energy and fishing "
                            "rights, and later met students at the university.")]
    results = [result for _, result in process_many(pages, Settings(nlp_batch_size=8))]
    assert [type(r).__name__ for r in results] == ["Article", "UnderstandError", "Article"]
    assert "tokenizer blew up" in str(results[1])
    assert "Aino Virtanen" in [e.name for e in results[2].entities]


def test_understanding_is_deterministic_and_spans_slice_back(samples):
    pages = [RawPage(source=str(p), data=p.read_bytes()) for p in sorted(samples.iterdir())]
    first = [r for _, r in process_many(pages, Settings(nlp_batch_size=2))]
    second = [r for _, r in process_many(pages, Settings(nlp_batch_size=3))]
    assert all(isinstance(r, Article) for r in first)
    assert [r.model_dump() for r in first] == [r.model_dump() for r in second]
    for article in first:
        for entity in article.entities:
            for m in entity.mentions:
                assert article.part_text(m.part, m.index)[m.start:m.end] == m.text
        for date in article.dates:
            span = date.span
            assert article.part_text(span.part, span.index)[span.start:span.end] == date.text


def test_fast_attribute_ruler_gives_spacy_s_output():
    from dateline.understand.fastruler import FastAttributeRuler

    fast = load_nlp()
    assert type(fast.get_pipe("attribute_ruler")) is FastAttributeRuler
    plain = spacy.load(fast.path)  # spaCy's own AttributeRuler
    assert type(plain.get_pipe("attribute_ruler")).__name__ == "AttributeRuler"
    # one-token tag rules, and the rules left to the Matcher: two tokens ("gonna", "let's",
    # "y'all", "there is"), DEP ("it" as subject and object, "that" as pronoun, aux), spaces
    text = ("We're gonna win, let's go, y'all. There is a plan and it works; they saw it.\n\n"
            "That was what I did. She has been told that the vote, which failed, ain't over.")
    for a, b in zip(plain(text), fast(text), strict=True):
        assert (a.pos_, str(a.morph), a.tag_, a.dep_, a.lemma_) == (
            b.pos_, str(b.morph), b.tag_, b.dep_, b.lemma_), a.text


def test_fast_lemmatizer_gives_spacy_s_lemmas_and_caches_base_forms():
    from dateline.understand.fastruler import FastLemmatizer

    fast = load_nlp()
    lemmatizer = fast.get_pipe("lemmatizer")
    assert type(lemmatizer) is FastLemmatizer
    plain = spacy.load(fast.path)
    # base forms (singular nouns, positive adjectives, infinitives), inflections, exceptions,
    # proper nouns, and a word twice with two parts of speech
    text = ("The ministers were told the older bridges had been closed; she flies to Oslo "
            "and they fly back. Geese ran, better late than never.\n\nA run of mice stops "
            "the run.")
    for a, b in zip(plain(text), fast(text), strict=True):
        assert a.lemma_ == b.lemma_, a.text
    doc = fast(text)
    assert [t.lemma_ for t in doc if t.text in ("were", "told", "flies", "mice")] == [
        "be", "tell", "fly", "mouse"]
    run = doc[-2]  # "the run": a singular noun, a base form spaCy does not cache
    assert (run.text, run.pos_, str(run.morph)) == ("run", "NOUN", "Number=Sing")
    assert lemmatizer._lemmas[(run.orth, run.pos, run.morph.key)] == fast.vocab.strings["run"]


def test_numpy_gemm_keeps_the_parse_and_limits_blas_threads():
    from thinc.api import NumpyOps
    from threadpoolctl import threadpool_info

    fast = load_nlp()
    ner_nodes = list(fast.get_pipe("ner").model.walk())
    assert all(type(n.ops) is NumpyOps and n.ops.use_blis is False for n in ner_nodes)
    assert all(pool["num_threads"] == 1 for pool in threadpool_info()
               if pool["user_api"] == "blas")
    plain = spacy.load(fast.path)  # blis matrix products
    assert plain.get_pipe("ner").model.ops.use_blis is True
    text = ("Viktor Orban met Jens Stoltenberg in Brussels on Monday, NATO said.\n\n"
            "“We will not send weapons,” the Hungarian prime minister told reporters.")
    a_doc, b_doc = plain(text), fast(text)
    assert [(e.text, e.label_) for e in a_doc.ents] == [(e.text, e.label_) for e in b_doc.ents]
    assert [(t.tag_, t.dep_, t.head.i) for t in a_doc] == [(t.tag_, t.dep_, t.head.i)
                                                           for t in b_doc]
