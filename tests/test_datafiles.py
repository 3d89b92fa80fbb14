"""The one loader of package data files (dateline.datafiles) and the rules it feeds."""

from __future__ import annotations

import sys

import pytest

from dateline import datafiles
from dateline.datafiles import DataFileError


@pytest.fixture
def package(tmp_path, monkeypatch):
    """A throw-away package ``fakedata`` with a ``data/`` folder; returns that folder."""
    root = tmp_path / "fakedata"
    (root / "data").mkdir(parents=True)
    (root / "__init__.py").write_text("", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield root / "data"
    sys.modules.pop("fakedata", None)


def _write(folder, name, text):
    (folder / name).write_text(text, encoding="utf-8")
    return name


def test_word_list_leaves_out_comments_and_blank_lines_and_keeps_first_column(package):
    name = _write(package, "verbs.txt", "# header\n\nSay\t12\t0.8\n  tell  \n#gone\nwarn\tx\n")
    assert datafiles.lines("fakedata", name) == ("Say\t12\t0.8", "tell", "warn\tx")
    assert datafiles.words("fakedata", name) == {"say", "tell", "warn"}
    assert datafiles.words("fakedata", name, lower=False) == {"Say", "tell", "warn"}
    assert datafiles.rows("fakedata", name) == (("Say", "12", "0.8"), ("tell",), ("warn", "x"))


def test_a_bad_row_names_the_file_and_the_line(package):
    name = _write(package, "table.txt", "# word, key\nrussian\trussia\nhungarian\n")
    with pytest.raises(DataFileError, match=r"fakedata/data/table\.txt:3: expected 2 "
                                            r"tab-separated columns, found 1: 'hungarian'"):
        datafiles.mapping("fakedata", name)
    name = _write(package, "empty_key.txt", "ok\tyes\n\tno\n")
    with pytest.raises(DataFileError, match=r"empty_key\.txt:2: empty first column"):
        datafiles.words("fakedata", name)


def test_missing_file_and_broken_json_name_the_file(package):
    with pytest.raises(DataFileError, match=r"fakedata/data/absent\.txt: no such data file"):
        datafiles.lines("fakedata", "absent.txt")
    assert not datafiles.exists("fakedata", "absent.txt")
    name = _write(package, "model.json", '{"a": 1,\n "b": }\n')
    with pytest.raises(DataFileError, match=r"model\.json:2:7: invalid JSON"):
        datafiles.json_data("fakedata", name)


def test_patterns_take_word_lists_by_name(package):
    _write(package, "preps.txt", "# prepositions\non\nat\n")
    name = _write(package, "shapes.json",
                  '{"#": "comment", "medium": {"p": [{"RIGHT_ID": "cue", "RIGHT_ATTRS": {}},'
                  ' {"LEFT_ID": "cue", "REL_OP": ">", "RIGHT_ID": "prep",'
                  ' "RIGHT_ATTRS": {"LOWER": {"IN": "@preps.txt"}}}]}}')
    shapes = datafiles.patterns("fakedata", name)
    assert list(shapes) == ["medium"]
    assert shapes["medium"]["p"][1]["RIGHT_ATTRS"] == {"LOWER": {"IN": ["at", "on"]}}
    bad = _write(package, "bad.json", '{"medium": {"p": {"RIGHT_ID": "cue"}}}')
    with pytest.raises(DataFileError, match=r"bad\.json: medium\.p is not a list"):
        datafiles.patterns("fakedata", bad)


def test_the_rules_read_their_lists_from_data():
    from dateline.understand import cues, names, speakers

    assert cues.marked_cues("directive") == {"tell", "urge", "ask", "warn", "remind",
                                             "encourage", "call"}
    assert cues.marked_cues("request") == {"ask"}
    assert cues.marked_cues("relative-nominal") == {"add"}
    assert cues.content_prepositions() == {"of", "for", "as", "on", "about", "against",
                                           "over", "to"}
    assert cues.media_prepositions() == {"on", "in", "at", "during", "via", "through"}
    # honorifics carry their gender; "Dr" shows none
    assert [speakers.gender_of(w) for w in ("Mr", "Mrs.", "lady", "Sir", "Dr", "Ms")] == [
        "m", "f", "f", "m", None, "f"]
    assert speakers.PRONOUN_TYPES["they"] == ("ORG", "GPE", "NORP", "GROUP")
    assert speakers.PRONOUN_GENDER == {"he": "m", "him": "m", "his": "m", "she": "f",
                                       "her": "f", "hers": "f"}
    assert names.GENERIC_ROLES == {"leader", "head", "chief", "boss"}
    # every generic role is a role of class "head" (generic_roles.txt says so)
    assert all(names.role_class(role) == "head" for role in names.GENERIC_ROLES)


def test_every_package_data_file_loads():
    from importlib import resources

    for package in ("dateline.extract", "dateline.understand"):
        for entry in resources.files(package).joinpath("data").iterdir():
            if entry.name.endswith(".txt"):
                assert datafiles.rows(package, entry.name), entry.name
            elif entry.name == "cue_shapes.json":
                assert datafiles.patterns(package, entry.name)
            elif entry.name.endswith(".json"):
                assert datafiles.json_data(package, entry.name) is not None
