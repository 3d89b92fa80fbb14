"""`dateline serve` on a --db that names no store (session 7's trial: a mistyped --db served an
empty site and said nothing, where search, stories and export refuse it)."""

from __future__ import annotations

import socket

from dateline.cli import EXIT_CANNOT_BIND, main
from dateline.corpus.store import Store


def _serve_on_a_taken_port(db: str) -> int:
    """Run ``dateline serve`` on a port already taken: it opens the store, then exits 4."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        return main(["serve", "--db", db, "--port", str(taken.getsockname()[1])])


def test_serving_a_missing_store_says_it_serves_a_new_empty_one(tmp_path, capsys):
    db = str(tmp_path / "dateilne.db")  # a typo
    status = _serve_on_a_taken_port(db)
    err = capsys.readouterr().err
    assert status == EXIT_CANNOT_BIND
    assert f"dateline serve: no store at {db}: serving a new, empty one" in err


def test_serving_an_existing_store_says_nothing_of_it(tmp_path, capsys):
    db = str(tmp_path / "dateline.db")
    Store.open(db).close()
    status = _serve_on_a_taken_port(db)
    assert status == EXIT_CANNOT_BIND
    assert "no store" not in capsys.readouterr().err
