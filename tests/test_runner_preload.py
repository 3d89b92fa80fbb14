"""The runner loads the models once in the parent before its workers fork (runner.preload):
the workers find them loaded and give the same records; a model that cannot be loaded is left
to the workers."""

from __future__ import annotations

import sys

import pytest
from test_runner import outcome, pages

import dateline.understand.stage  # noqa: F401 - its modules bind the real loaders, before
from dateline import runner as runner_module  # the tests below patch them
from dateline.config import Settings
from dateline.errors import ModelError
from dateline.runner import Runner, preload

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="workers fork on Linux only")


def test_the_parent_loads_the_models_before_the_workers_fork(monkeypatch):
    calls = []
    real = runner_module.preload
    monkeypatch.setattr(runner_module, "preload",
                        lambda *args: (calls.append(args), real(*args))[1])
    given = pages(4)
    one = [outcome(r) for _, r in Runner(Settings(), workers=1, nlp=False,
                                          link_keys=True).run(given)]
    assert calls == []  # one worker: the work runs here, loading as it goes
    two = [outcome(r) for _, r in Runner(Settings(), workers=2, nlp=False, batch=1,
                                          link_keys=True).run(given)]
    assert [args[1:] for args in calls] == [(False, True)]
    assert two == one


def test_a_model_that_cannot_be_loaded_is_left_to_the_workers(monkeypatch):
    import dateline.understand.nlp as nlp

    def missing(name):
        raise ModelError(f"the spaCy pipeline {name} is not installed")

    monkeypatch.setattr(nlp, "load_nlp", missing)
    assert preload(Settings(), True, True) is None  # no exception: the workers report it


def test_preload_loads_what_the_workers_would(monkeypatch):
    import dateline.understand.storyvec as storyvec
    import dateline.understand.tagger as tagger

    loaded = []
    monkeypatch.setattr("dateline.understand.nlp.load_nlp", lambda name: loaded.append(name))
    monkeypatch.setattr(tagger, "load_tagger", lambda: loaded.append("tagger"))
    monkeypatch.setattr(storyvec, "load_story_encoder", lambda: loaded.append("encoder"))
    preload(Settings(), True, False)
    assert loaded == [Settings().model, "tagger", "encoder"]
    loaded.clear()
    preload(Settings(attribution="rules"), False, True)  # --no-nlp ingest: the encoder only
    assert loaded == ["encoder"]
    loaded.clear()
    preload(Settings(), False, False)
    assert loaded == []


def test_a_model_that_fails_leaves_the_others_loaded(monkeypatch):
    import dateline.understand.storyvec as storyvec
    import dateline.understand.tagger as tagger

    loaded = []

    def missing(name):
        raise ModelError(f"the spaCy pipeline {name} is not installed")

    monkeypatch.setattr("dateline.understand.nlp.load_nlp", missing)
    monkeypatch.setattr(tagger, "load_tagger", lambda: loaded.append("tagger"))
    monkeypatch.setattr(storyvec, "load_story_encoder", lambda: loaded.append("encoder"))
    preload(Settings(), True, True)
    assert loaded == ["tagger", "encoder"]
