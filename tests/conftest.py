"""Shared fixtures: the repository's sample pages and, when present, ../shared."""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SHARED = ROOT.parent / "shared"

# Property tests never time an example: hypothesis's default deadline (200 ms an example) and
# its too_slow health check fail a test when a loaded machine stalls it ("Unreliable test
# timings"), whatever the code does. The parent is hypothesis's own profile: "ci"
# (derandomized, no example database) when it sees a CI variable, which .ci/run sets, so that
# CI runs the same examples every time (`CI=true make test` runs them here).
hypothesis_settings.register_profile("dateline", deadline=None,
                                     suppress_health_check=[HealthCheck.too_slow])
hypothesis_settings.load_profile("dateline")


def shared_path(*parts: str) -> Path:
    """Return a path under ../shared, skipping the calling test when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs {path} (the team's shared data), which is not on this machine")
    return path


@pytest.fixture
def samples() -> Path:
    return SAMPLES


#: Environment variable naming a PostgreSQL database for the store tests (.ci/run sets it).
PG_URL_ENV = "DATELINE_TEST_PG_URL"


@contextlib.contextmanager
def pg_schema(base: str) -> Iterator[str]:
    """A new schema in the PostgreSQL database ``base`` (a URL), dropped on exit; yields the URL
    whose connections use it as their search path."""
    import psycopg

    schema = "test_" + uuid.uuid4().hex[:12]
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        yield f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request, tmp_path) -> Iterator[str]:
    """The address of a fresh, empty corpus store, once per backend: a SQLite file under
    ``tmp_path``, and a new schema (dropped afterwards) in the PostgreSQL database named by
    ``DATELINE_TEST_PG_URL``, skipped with a reason when that variable is unset. Close every
    Store opened on it before the test ends."""
    if request.param == "sqlite":
        yield str(tmp_path / "store.db")
        return
    base = os.environ.get(PG_URL_ENV)
    if not base:
        pytest.skip(f"{PG_URL_ENV} is not set: no PostgreSQL server to test against "
                    "(.ci/run starts one)")
    with pg_schema(base) as url:
        yield url


@pytest.fixture
def store(store_url):
    """A store holding the hand-made records of tests/webcorpus.py (``fill(store, ALL)``), once
    per backend; a test module with a ``store`` fixture of its own uses that one instead."""
    from webcorpus import ALL, fill

    from dateline.corpus.store import Store

    with Store.open(store_url) as filled:
        fill(filled, ALL)
        yield filled


#: The seed page's own stated time ("Tuesday 01 February 2022 13:18 EST"), so that the tests of
#: its dates and events check date resolution whatever the text path makes of the dateline.
SEED_PUBLISHED = "2022-02-01T13:18:00-05:00"


@pytest.fixture(scope="session")
def understood_seed():
    """The seed page's record: extracted, ``published`` set to its stated time when the text
    path finds none, then understood with the default settings (made once per session for the
    entity, quotation, date and event tests; skips without ../shared)."""
    import dateline
    from dateline.config import Settings
    from dateline.understand import understand

    text = shared_path("seed", "independent-2022-02-01.txt").read_text("utf-8")
    article = dateline.extract(text, nlp=False)
    if article.published is None:
        article = article.model_copy(update={"published": SEED_PUBLISHED})
    [understood] = understand([article], Settings())
    return understood
