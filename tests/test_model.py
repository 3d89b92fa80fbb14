import json

import pytest
from conftest import ROOT
from pydantic import ValidationError

from dateline.model import Article, Source, json_schema


def test_committed_schema_matches_the_model():
    committed = json.loads((ROOT / "schema" / "article.schema.json").read_text(encoding="utf-8"))
    assert committed == json_schema(), "run `make schema` and commit schema/article.schema.json"


def test_later_fields_exist_as_empty_lists():
    article = Article(id="x", source=Source(uri="a.txt", format="text", sha256="x"))
    dumped = article.model_dump(mode="json")
    for name in ("entities", "quotes", "dates", "events", "images", "paragraphs", "authors"):
        assert dumped[name] == []


def test_published_must_be_iso8601():
    source = Source(uri="a.txt", format="text", sha256="x")
    assert Article(id="x", source=source, published="2022-02-01T13:18:00-05:00").published
    with pytest.raises(ValidationError):
        Article(id="x", source=source, published="Tuesday 01 February 2022")


def test_a_time_without_a_utc_moment_is_refused(tmp_path):
    # a record built elsewhere passed validation and failed in the store (OverflowError when
    # its stages compared it in UTC); extraction drops such dates, the model now refuses them
    source = Source(uri="a.txt", format="text", sha256="x")
    for value in ("9999-12-31T23:59:59-23:59", "0001-01-01T00:30:00+01:00"):
        with pytest.raises(ValidationError, match="no UTC moment"):
            Article(id="x", source=source, published=value)
        with pytest.raises(ValidationError, match="no UTC moment"):
            Article(id="x", source=source, updated=value)
    # the same instants' own limits still are moments
    assert Article(id="x", source=source, published="9999-12-31T23:59:59+00:00").published
    assert Article(id="x", source=source, published="9999-12-31T22:00:00-01:00").published
    assert Article(id="x", source=source, published="9999-12-31").published


def test_unknown_fields_are_refused():
    with pytest.raises(ValidationError):
        Article(id="x", source=Source(uri="a", format="text", sha256="x"), title="no such field")
