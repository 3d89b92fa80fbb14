"""Settings: defaults < dateline.toml < DATELINE_<NAME> < flags, the origin of each value,
`dateline config`, and knobs that reach the stages."""

from __future__ import annotations

import json

import pytest

import dateline
from dateline.cli import main
from dateline.config import Settings, current, env_name, load_settings, names, using
from dateline.errors import ConfigError, ExtractionError

#: Twelve words of body: fewer than the 20 an article body needs by default.
SHORT = ("Headline of the short page\n\n"
         "The harbour wall was finished on Tuesday before the storms came back.")


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch, tmp_path):
    """No dateline.toml in the working directory and no DATELINE_* variables from outside."""
    monkeypatch.chdir(tmp_path)
    for name in names():
        monkeypatch.delenv(env_name(name), raising=False)
    monkeypatch.delenv("DATELINE_CONFIG", raising=False)


def write_toml(tmp_path, text: str):
    path = tmp_path / "dateline.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_precedence_default_file_env_flag(tmp_path, monkeypatch):
    write_toml(tmp_path, 'model = "from_file"\ndb = "file.db"\nnlp_batch_size = 8\n'
                         '[fetch]\nretries = 5\nbackoff = 2.0\n[quotes]\nmax_after_gap = 40\n')
    monkeypatch.setenv("DATELINE_DB", "env.db")
    monkeypatch.setenv("DATELINE_FETCH_RETRIES", "6")
    settings = load_settings(db="flag.db", quotes_max_after_gap=None)  # None: flag not given
    assert (settings.model, settings.db, settings.nlp_batch_size) == ("from_file", "flag.db", 8)
    assert (settings.fetch.retries, settings.fetch.backoff) == (6, 2.0)
    assert settings.quotes.max_after_gap == 40 and settings.max_page_bytes == 10 * 1024 * 1024
    assert settings.origin("model") == "file dateline.toml"
    assert settings.origin("db") == "flag"
    assert settings.origin("fetch.retries") == "env DATELINE_FETCH_RETRIES"
    assert settings.origin("fetch.backoff") == "file dateline.toml"
    assert settings.origin("max_page_bytes") == "default"


def test_every_setting_has_its_own_environment_variable():
    variables = [env_name(name) for name in names()]
    assert len(set(variables)) == len(variables)
    assert env_name("fetch.min_interval") == "DATELINE_FETCH_MIN_INTERVAL"
    assert "quotes.max_inherit_gap" in names() and "webhook.retries" in names()


def test_bad_values_name_the_setting_and_its_origin(tmp_path, monkeypatch):
    monkeypatch.setenv("DATELINE_FETCH_RETRIES", "many")
    with pytest.raises(ConfigError, match=r"fetch\.retries \(env DATELINE_FETCH_RETRIES\)"):
        load_settings()
    monkeypatch.delenv("DATELINE_FETCH_RETRIES")
    write_toml(tmp_path, "[fetch]\nretires = 5\n")  # misspelt
    with pytest.raises(ConfigError, match="retires"):
        load_settings()
    write_toml(tmp_path, "model = \n")
    with pytest.raises(ConfigError, match="cannot read the settings file"):
        load_settings()
    (tmp_path / "dateline.toml").unlink()
    with pytest.raises(ConfigError, match="unknown setting 'no_such_knob'"):
        load_settings(no_such_knob=1)
    with pytest.raises(ConfigError, match="cannot read the settings file"):
        load_settings(tmp_path / "missing.toml")


def test_a_settings_file_that_is_not_utf8_is_a_config_error(tmp_path):
    # tomllib decodes the bytes itself and raises UnicodeDecodeError, not TOMLDecodeError
    path = tmp_path / "latin1.toml"
    path.write_bytes(b'model = "caf\xe9"\n')
    with pytest.raises(ConfigError, match="cannot read the settings file .*latin1.toml"):
        load_settings(path)


def test_unknown_top_level_tables_are_kept_as_extra(tmp_path):
    write_toml(tmp_path, "[attribution_model]\npath = 'x'\n")
    assert load_settings().extra == {"attribution_model": {"path": "x"}}


def test_config_command_prints_values_and_origins(tmp_path, monkeypatch, capsys):
    write_toml(tmp_path, "[webhook]\nretries = 9\n")
    monkeypatch.setenv("DATELINE_API_TOKEN", "s3cret")
    assert main(["config", "--json", "--set", "fetch.retries=1", "--set", "model=x"]) == 0
    rows = {row["name"]: row for row in map(json.loads, capsys.readouterr().out.splitlines())}
    assert rows["webhook.retries"] == {"name": "webhook.retries", "value": 9,
                                       "origin": "file dateline.toml"}
    assert rows["fetch.retries"] == {"name": "fetch.retries", "value": 1, "origin": "flag"}
    assert rows["model"]["value"] == "x" and rows["model"]["origin"] == "flag"
    assert rows["api_token"] == {"name": "api_token", "value": "***",
                                 "origin": "env DATELINE_API_TOKEN"}
    assert rows["quotes.max_after_gap"] == {"name": "quotes.max_after_gap", "value": 25,
                                            "origin": "default"}
    assert main(["--set", "quotes.max_before_gap=3", "config"]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines()
                if x.startswith("quotes.max_before_gap"))
    assert line.split("=")[1].split("#")[0].strip() == "3" and line.endswith("# flag")


def test_a_bad_flag_value_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as info:
        main(["config", "--set", "fetch.retries=-1"])
    assert info.value.code == 2
    assert "fetch.retries (flag)" in capsys.readouterr().err


def test_stage_threshold_reaches_the_extraction_stage():
    with pytest.raises(ExtractionError, match="fewer than the 20"):
        dateline.extract(SHORT, format="text", nlp=False, settings=Settings())
    relaxed = load_settings(extract_min_body_words=5)
    article = dateline.extract(SHORT, format="text", nlp=False, settings=relaxed)
    assert article.paragraphs and "harbour wall" in article.paragraphs[0]


def test_current_is_the_run_settings_inside_using_and_defaults_outside():
    assert current().quotes.max_inherit_gap == 1
    changed = load_settings(quotes_max_inherit_gap=3)
    with using(changed):
        assert current().quotes.max_inherit_gap == 3
    assert current() == Settings()
