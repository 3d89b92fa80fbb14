"""The options every subcommand shares (``--set`` anywhere on the line) and the one line a
command prints when its store cannot be opened."""

from __future__ import annotations

import argparse
import contextlib
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from dateline.cli import build_parser, main
from dateline.cli.options import set_flags
from dateline.corpus.store import Store, StoreError


def _commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):
    """Yield ``(names, parser)`` of every subcommand and action under ``parser``."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield (*path, name), sub
                yield from _commands(sub, (*path, name))


# --- --set after the command name ---------------------------------------------------------------

def test_every_subcommand_and_action_takes_set_and_its_help_lists_it():
    names = []
    for path, sub in _commands(build_parser()):
        names.append(" ".join(path))
        assert "--set NAME=VALUE" in sub.format_help(), path
    # the nested actions are reached too, not only the commands
    assert {"ingest", "extract", "search", "serve", "alerts list", "alerts add",
            "entities links", "entities unlink", "config"} <= set(names)


@pytest.mark.parametrize("argv", [
    ["ingest", "pages", "--set", "fetch.retries=5"],
    ["extract", "--set", "fetch.retries=5", "page.html"],
    ["search", "word", "--set=fetch.retries=5"],
    ["alerts", "list", "--set", "fetch.retries=5"],
    ["entities", "unlink", "3", "--set", "fetch.retries=5"],
])
def test_set_after_the_command_name_is_parsed_as_before_it(argv):
    assert set_flags(build_parser().parse_args(argv)) == ["fetch.retries=5"]


def test_set_before_and_after_the_names_all_count_in_command_line_order():
    # argparse copies a subcommand's values over its parent's: with one dest for both places,
    # the flags before the command name were lost once one came after it
    args = build_parser().parse_args(["--set", "a=1", "alerts", "--set", "b=2", "list",
                                      "--set", "c=3", "--set", "a=4"])
    assert set_flags(args) == ["a=1", "b=2", "c=3", "a=4"]


def test_set_on_both_sides_reaches_the_settings(capsys):
    assert main(["--set", "fetch.retries=7", "config", "--json", "--set",
                 "fetch.read_timeout=3", "--set", "quotes.max_before_gap=2"]) == 0
    out = capsys.readouterr().out
    assert '{"name": "fetch.retries", "value": 7, "origin": "flag"}' in out
    assert '{"name": "fetch.read_timeout", "value": 3.0, "origin": "flag"}' in out
    assert '{"name": "quotes.max_before_gap", "value": 2, "origin": "flag"}' in out
    # the later flag wins, wherever it stands
    assert main(["--set", "fetch.retries=7", "config", "--json", "--set", "fetch.retries=1"]) == 0
    assert '{"name": "fetch.retries", "value": 1, "origin": "flag"}' in capsys.readouterr().out


def test_config_after_the_command_name_reads_that_file(tmp_path, capsys):
    first, second = tmp_path / "a.toml", tmp_path / "b.toml"
    first.write_text("[fetch]\nretries = 4\n", encoding="utf-8")
    second.write_text("[fetch]\nretries = 6\n", encoding="utf-8")
    # accepted after an action too (status 1: there is no store x.db, not 2 for bad usage)
    assert main(["alerts", "list", "--config", str(first), "--db", str(tmp_path / "x.db")]) == 1
    assert main(["config", "--json", "--config", str(first)]) == 0
    assert (f'{{"name": "fetch.retries", "value": 4, "origin": "file {first}"}}'
            in capsys.readouterr().out)
    assert main(["--config", str(first), "config", "--config", str(second), "--json"]) == 0
    assert (f'{{"name": "fetch.retries", "value": 6, "origin": "file {second}"}}'
            in capsys.readouterr().out)


@pytest.mark.parametrize("where", ["before", "after"])
@pytest.mark.parametrize("pair, message", [
    ("fetch.retries=x", "bad settings: fetch.retries (flag): Input should be a valid integer"),
    ("fetch.nothing=1", "unknown setting 'fetch.nothing'"),
    ("fetch.retries", "--set expects NAME=VALUE, not 'fetch.retries'"),
])
def test_a_bad_set_is_the_same_usage_error_before_or_after_an_action(where, pair, message,
                                                                     tmp_path, capsys):
    db = str(tmp_path / "x.db")
    argv = (["--set", pair, "alerts", "list", "--db", db] if where == "before"
            else ["alerts", "list", "--db", db, "--set", pair])
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    assert message in capsys.readouterr().err
    assert not Path(db).exists()


# --- a store that cannot be opened --------------------------------------------------------------

def _dateline(capsys, *argv: str) -> tuple[int, str]:
    """The exit status and standard error of ``dateline ARGV``."""
    capsys.readouterr()
    status = main(list(argv))
    return status, capsys.readouterr().err


def _writable(folder: Path) -> bool:
    probe = folder / ".probe"
    try:
        probe.touch()
    except OSError:
        return False
    probe.unlink()
    return True


@contextlib.contextmanager
def read_only_dir(folder: Path) -> Iterator[Path]:
    """``folder``, made and then read-only: mode 0555, and immutable (``chattr +i``) when the
    mode alone does not stop us (root); skips the test when neither does."""
    folder.mkdir(exist_ok=True)
    folder.chmod(0o555)
    immutable = False
    try:
        if _writable(folder):
            immutable = bool(shutil.which("chattr")) and subprocess.run(
                ["chattr", "+i", str(folder)], capture_output=True).returncode == 0
            if not immutable or _writable(folder):
                pytest.skip("cannot make a read-only directory here (root, and no chattr +i)")
        yield folder
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
        folder.chmod(0o755)


def _one_line(stderr: str, command: str, path: str, reason: str) -> None:
    lines = stderr.strip().splitlines()
    assert lines == [f"dateline {command}: error: cannot open store {path}: {reason}"], stderr
    assert "sqlalche.me" not in stderr and "sqlite3." not in stderr


@pytest.fixture
def page(tmp_path) -> Path:
    path = tmp_path / "page.txt"
    path.write_text("Harbour ferry returns\n\nThe ferry between Pellworth and Carrow sailed "
                    "again on Monday, three weeks after a winter storm tore away part of its "
                    "landing stage.\n", encoding="utf-8")
    return path


def test_a_store_in_a_directory_that_does_not_exist_is_one_clear_line(tmp_path, page,
                                                                       capsys):
    db = str(tmp_path / "no" / "such" / "dir" / "x.db")
    status, err = _dateline(capsys, "ingest", "--db", db, "--no-progress", "--no-nlp",
                            "--workers", "1", str(page))
    assert status == 1
    # SQLite's own words were "unable to open database file" (session 10's trial)
    _one_line(err, "ingest", db, f"its folder {tmp_path / 'no' / 'such' / 'dir'} does not exist")
    assert not (tmp_path / "no").exists()


@pytest.mark.parametrize("argv", [
    ["search", "ferry"], ["quotes"], ["export", "--format", "jsonl", "--out", "OUT"],
    ["stories"], ["entities", "links"], ["alerts"], ["alerts", "add", "--query", "ferry"],
    ["ingest", "--no-progress", "--no-nlp", "--workers", "1", "PAGE"], ["serve", "--port", "0"],
])
def test_a_file_that_is_not_a_database_is_one_clear_line(argv, tmp_path, page, capsys):
    db = tmp_path / "random.db"
    noise = bytes((i * 97 + 13) % 256 for i in range(4096))  # no SQLite header
    db.write_bytes(noise)
    argv = [str(page) if a == "PAGE" else str(tmp_path / "out.jsonl") if a == "OUT" else a
            for a in argv]
    status, err = _dateline(capsys, *argv, "--db", str(db))
    assert status == 1
    _one_line(err, argv[0], str(db), "file is not a database")
    assert db.read_bytes() == noise  # left as it was


def test_a_store_in_a_read_only_directory_is_one_clear_line(tmp_path, page, capsys):
    with read_only_dir(tmp_path / "ro") as folder:
        db = str(folder / "x.db")
        status, err = _dateline(capsys, "ingest", "--db", db, "--no-progress", "--no-nlp",
                                "--workers", "1", str(page))
    assert status == 1
    _one_line(err, "ingest", db, "unable to open database file")


def test_store_open_names_the_reason_and_hides_a_url_password():
    with pytest.raises(StoreError) as info:
        Store.open("postgresql://reader:hunter2@127.0.0.1:1/none?connect_timeout=2")
    message = str(info.value)
    assert message.startswith("cannot open store postgresql://reader:***@127.0.0.1:1/none")
    assert "hunter2" not in message and "\n" not in message and "sqlalche.me" not in message
    assert "Connection refused" in message or "connection failed" in message


def test_a_store_of_a_newer_schema_says_so(tmp_path):
    import sqlalchemy as sa

    path = str(tmp_path / "new.db")
    Store.open(path).close()
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '9999_future'"))
    engine.dispose()
    with pytest.raises(StoreError, match=r"^cannot open store .*new\.db: Can't locate revision "
                       r"identified by '9999_future' \(a store written by a newer dateline\?\)$"):
        Store.open(path)
