"""The public face: dateline.extract (function and package at once), the error tree, the
version, the configuration read once, and `serve` on a port that is taken."""

from __future__ import annotations

import importlib
import inspect
import socket

import pytest

import dateline
import dateline.errors as errors
from dateline.cli import EXIT_CANNOT_BIND, main

PAGE = ("Harbour wall finished before the storms\n\n"
        "The new harbour wall at Pellworth was finished on Tuesday, two weeks before the winter "
        "storms are due, the council said. Engineers had worked through the night to pour the "
        "last section of concrete while the tide was out.")


def test_dateline_extract_is_the_function_and_the_package():
    import dateline.extract
    from dateline.extract import extract_page

    assert callable(dateline.extract) and inspect.ismodule(dateline.extract)
    assert dateline.extract.extract_page is extract_page  # the package is not shadowed
    assert importlib.import_module("dateline.extract") is dateline.extract
    article = dateline.extract(PAGE, format="text", nlp=False)
    assert article.headline == "Harbour wall finished before the storms"
    from dateline.face import extract

    assert list(inspect.signature(dateline.extract).parameters) == [
        "page", "format", "nlp", "source", "url", "settings"]
    assert inspect.signature(dateline.extract) == inspect.signature(extract)  # kept in step
    assert dateline.extract.__call__.__doc__ == extract.__doc__
    with pytest.raises(TypeError, match="str or bytes"):
        dateline.extract(42)  # type: ignore[arg-type]


def test_extract_reads_the_configuration_once(monkeypatch):
    import dateline.config as config

    calls = []
    real = config.load_settings
    monkeypatch.setattr(config, "load_settings", lambda *a, **k: calls.append(1) or real(*a, **k))
    config.default_settings.cache_clear()
    try:
        for _ in range(3):
            dateline.extract(PAGE, format="text", nlp=False)
        assert len(calls) == 1
    finally:
        config.default_settings.cache_clear()


def test_every_error_class_lives_in_errors_and_is_in_the_tree():
    import dateline.corpus.store
    import dateline.datafiles
    import dateline.sources.fetch
    import dateline.understand.encoder
    import dateline.understand.nlp  # noqa: F401 - load every module that raises errors
    import dateline.understand.stage

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    found = {cls for cls in subclasses(errors.DatelineError)}
    assert {cls.__module__ for cls in found} == {"dateline.errors"}
    for cls in found:
        assert f"{cls.__name__} " in errors.__doc__, cls  # drawn in the module's tree
        assert f'"{cls.kind}"' in errors.__doc__
    assert dateline.sources.fetch.FetchError is errors.FetchError  # old import paths still work
    assert dateline.corpus.store.StoreError is errors.StoreError


def test_a_bug_on_one_page_is_an_internal_error_and_the_batch_goes_on(monkeypatch):
    import dateline.pipeline as pipeline
    from dateline.config import Settings
    from dateline.pipeline import process_many
    from dateline.sources.page import RawPage

    real = pipeline.extract_page

    def flaky(page, **kw):
        if page.source == "bad":
            raise KeyError("boom")
        return real(page, **kw)

    monkeypatch.setattr(pipeline, "extract_page", flaky)
    pages = [RawPage(source=s, data=PAGE.encode(), format="text") for s in ("bad", "good")]
    results = [r for _, r in process_many(pages, Settings(), nlp=False)]
    assert isinstance(results[0], errors.InternalError) and results[0].kind == "internal"
    assert "KeyError" in str(results[0]) and isinstance(results[0].__cause__, KeyError)
    assert results[1].headline == "Harbour wall finished before the storms"


def test_version(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.strip() == f"dateline {dateline.__version__}"


def test_serve_on_a_taken_port_exits_4_without_a_serving_line(tmp_path, capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        status = main(["serve", "--db", str(tmp_path / "d.db"), "--port", str(port)])
    out, err = capsys.readouterr()
    assert status == EXIT_CANNOT_BIND == 4
    assert "serving" not in out
    assert f"cannot listen on 127.0.0.1:{port}" in err


def test_a_command_of_a_missing_extra_fails_with_one_clear_line(monkeypatch, capsys):
    import importlib

    real = importlib.import_module

    def without_pyspark(name, *args, **kwargs):
        if name.split(".")[0] == "pyspark":
            raise ImportError("No module named 'pyspark'")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(importlib, "import_module", without_pyspark)
    assert main(["spark", "x.jsonl", "--out", "out"]) == 1
    assert "pip install 'dateline[spark]'" in capsys.readouterr().err
