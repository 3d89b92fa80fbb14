"""The across-article stages give the same links whether records come one transaction each
(``Store.add``, what ``dateline ingest`` calls) or many to a transaction (``Store.add_many``):
every stage table row for row, on the pages we wrote for each stage (a syndicated copy and a
scrape, a follow-up story and another port's strike, a misquote and a conflicting speaker, two
people with one surname), SQLite and PostgreSQL (the ``store_url`` fixture)."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
import storypages

import dateline
from dateline.corpus import Store

PAGES = Path(__file__).parent / "pages"

#: every stage table, with the columns that differ by the clock (left out)
STAGE_TABLES = {"duplicates": (), "duplicate_groups": (), "duplicate_bands": (),
                "stories": (), "story_articles": (), "story_keys": (),
                "entity_links": ("created",), "entity_names": (), "entity_features": (),
                "entity_article_variants": (), "entity_link_pending": (),
                "quote_keys": (), "quote_occurrences": ()}


@pytest.fixture(scope="module")
def records():
    """The stages' test pages, understood, in one arrival order (copies after originals
    and before them, the first report of the quotation last)."""
    out = [dateline.extract((PAGES / "duplicates" / name).read_bytes(),
                            format="html" if name.endswith(".html") else "text", source=name)
           for name in ("syndicated-copy.txt", "wire-original.html", "same-subject.html",
                        "wire-original-scrape.txt")]
    out += [dateline.extract(page) for page in storypages.PAGES]
    for day, stem in enumerate(("orban-budget", "orban-interview", "anna-berg-choir",
                                "tomas-berg-football", "berg-choir-followup", "berg-bakery"),
                               start=1):
        out.append(dateline.extract((PAGES / "entity-links" / f"{stem}.txt").read_bytes(),
                                    format="text", source=f"{stem}.txt")
                   .model_copy(update={"published": f"2024-05-{day:02d}"}))
    out += [dateline.extract((PAGES / "provenance" / f"{name}.html").read_bytes())
            for name in ("post-meters", "gazette-council", "chronicle-meters",
                         "gazette-meters")]
    return out


def stage_rows(store: Store) -> dict[str, list[tuple]]:
    with store.engine.connect() as conn:
        return {table: sorted(tuple(sorted((k, v) for k, v in row.items() if k not in skip))
                              for row in conn.execute(sa.text(f"SELECT * FROM {table}"))
                              .mappings())
                for table, skip in STAGE_TABLES.items()}


def test_add_many_links_as_add_does(store_url, records, tmp_path):
    with Store.open(str(tmp_path / "one-by-one.db")) as store:
        assert all(store.add(r) for r in records)
        one_by_one = stage_rows(store)
    with Store.open(store_url) as store:
        assert store.add_many(records[:3], batch=2) == [True] * 3
        assert all(store.add_many(records[3:], batch=500))
        batched = stage_rows(store)
    # every stage linked something on these pages
    groups = {dict(r)["group_id"] for r in one_by_one["duplicates"]}
    assert len(groups) < len(records)
    assert any(dict(r)["articles"] > 1 for r in one_by_one["stories"])
    assert {"misquote", "conflicting_speaker"} <= {dict(r)["variant"]
                                                   for r in one_by_one["quote_occurrences"]}
    assert one_by_one["entity_links"]
    assert batched == one_by_one
