"""Search of text written without spaces (Chinese, Japanese) and of Korean, on SQLite and
PostgreSQL: runs of CJK characters are indexed and queried as character bigrams
(dateline.corpus.cjk). Before, a whole run was one token and "地铁" found nothing. The pages
are written for this test."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic import command
from store_corpus import article, stored

from dateline.config import Settings
from dateline.corpus import Store, fts5, fulltext, migrations
from dateline.corpus.backends import backend_for
from dateline.corpus.cjk import bigrams, index_text, phrase_tokens, run_tokens
from dateline.corpus.keys import fts5_query, query_terms, tsquery
from dateline.corpus.store import database_url

METRO = article("cjk-metro", headline="河湾市地铁五号线开通",
                paragraphs=["河湾市地铁五号线今天正式开通运营，共设十九座车站。",
                            "许多市民来到新的地铁站体验，五号线在滨江站与2号线换乘。"],
                publisher="河湾晚报", published="2025-06-18T09:30:00+08:00")
# the same characters as METRO, never next to each other: no bigram of "地铁" in it
SCATTERED = article("cjk-scattered", headline="城市新闻",
                    paragraphs=["这里的地下有铁矿，站台旁边是公园。"],
                    publisher="河湾晚报", published="2025-06-19T08:00:00+08:00")
JAPANESE = article("cjk-station", headline="新しい駅が開業",
                   paragraphs=["東京都の地下鉄に新しい駅が開業しました。ガイドも配られました。"],
                   publisher="港日報", published="2025-07-01T10:00:00+09:00")
KOREAN = article("cjk-korean", headline="서울시는 새 노선을 열었다",
                 paragraphs=["서울시는 오늘 지하철 새 노선을 열었다고 밝혔다."],
                 publisher="한강일보", published="2025-07-02T10:00:00+09:00")
QUOTED = article("cjk-quoted", headline="乘客的话",
                 paragraphs=["一位乘客说，“现在只要三十五分钟就到老城。”"],
                 publisher="河湾晚报", published="2025-06-20T08:00:00+08:00",
                 quotes=[{"kind": "direct", "text": "现在只要三十五分钟就到老城。",
                          "paragraph": 0, "speaker": None, "cue": "说"}])
LATIN = article("cjk-latin", headline="Ferry service resumes",
                paragraphs=["The harbour ferry resumes on Monday, the council said."],
                publisher="The Midland Courier", published="2025-07-03T10:00:00+00:00")
ALL = [METRO, SCATTERED, JAPANESE, KOREAN, QUOTED, LATIN]


@pytest.fixture
def store(store_url):
    with Store.open(stored(store_url, ALL)) as filled:
        yield filled


def _found(store: Store, q: str) -> list[str]:
    items, total = store.search(q, collapse=False)
    assert total == len(items)
    return [i.id for i in items]


def test_bigrams_of_a_run_worked_out_by_hand():
    assert bigrams("地铁站") == ["地铁", "铁站"] and bigrams("站") == ["站"]
    assert run_tokens("地铁站") == ["地铁", "铁站", "站"] and run_tokens("站") == ["站"]
    assert index_text("河湾地铁3号线", str.lower) == " 河湾 湾地 地铁 铁 3 号线 线 "
    assert index_text("Łódź only", str.upper) == "ŁÓDŹ ONLY"  # no CJK: fold alone
    assert phrase_tokens(["地铁站"]) == ["地铁", "铁站"]
    assert phrase_tokens(["号线3"]) == ["号线", "线", "3"]
    assert phrase_tokens(["铁"]) == ["铁*"] and phrase_tokens(["東京*"]) == ["東京*"]
    assert phrase_tokens(["ferry", "timetable"]) == ["ferry", "timetable"]


def test_queries_keep_cjk_as_typed_and_render_bigram_phrases():
    # before: fold_words cut Hangul syllables to their first consonant ("ᄒᄀ")
    assert query_terms("地铁站 한국 ガイド") == [["地铁站"], ["한국"], ["ガイド"]]
    assert fts5_query(query_terms("地铁站 OR 铁")) == '"地铁" + "铁站" OR "铁"*'
    assert tsquery(query_terms("地铁站 3号线")) == "(地铁 <-> 铁站) & (3 <-> 号线)"
    # Latin queries render as before
    assert fts5_query(query_terms('Orbán "prime minister" elec*')) == \
        '"orban" "prime" + "minister" "elec"*'


@pytest.mark.parametrize(("q", "want"), [
    ("地铁", [METRO]),  # before: nothing
    ("地铁站", [METRO]),  # "地铁" then "铁站", adjacent: not SCATTERED's 地, 铁, 站
    ("五号线 换乘", [METRO]),
    ("2号线", [METRO]),
    ("铁", [SCATTERED, METRO]),  # one character: in 铁矿 (SCATTERED) and 地铁 (METRO)
    ("站台", [SCATTERED]),
    ("地下鉄", [JAPANESE]),
    ("ガイド", [JAPANESE]),
    ("カイド", []),  # kana voicing marks count: ガ is not カ
    ("서울시", [KOREAN]),  # inside the spaced word 서울시는
    ("地铁公园", []),
    ("ferry", [LATIN]),
])
def test_cjk_search_finds_the_runs_that_hold_the_query(store, q, want):
    assert sorted(_found(store, q)) == sorted(a.id for a in want)


def test_cjk_snippet_shows_the_original_text_with_the_hit_marked(store):
    items, _ = store.search("地铁站")
    # 16 words, a CJK character each, from 4 before the hit; the hit's 3 marked as one
    assert items[0].snippet == "… 来到新的<mark>地铁站</mark>体验，五号线在滨江站 …"
    items, _ = store.search("铁")
    by_id = {i.id: i.snippet for i in items}
    assert by_id[METRO.id].startswith("河湾市地<mark>铁</mark>五号线今天")


def test_cjk_matches_saved_searches_and_facets(store):
    assert store.matching_articles(query="地铁站") == [METRO.id]
    facets = store.facets("地铁")
    assert [(f.value, f.count) for f in facets.publisher] == [("河湾晚报", 1)]


def test_quote_lookup_of_a_reworded_cjk_quote_past_the_scan_all_size(store, monkeypatch):
    from dateline.corpus import search

    monkeypatch.setattr(search, "LOOKUP_SCAN_ALL", 0)  # candidates from the full-text index
    # before: the run was one word, its bigrams a phrase the reworded quote does not hold
    hits = store.lookup_quote("只要三十五分钟就能到老城")
    assert [h.text for h in hits] == ["现在只要三十五分钟就到老城。"]


def test_api_articles_search_finds_cjk(store):
    from fastapi.testclient import TestClient

    from dateline.web import create_app

    got = TestClient(create_app(store, Settings())).get("/api/v1/articles",
                                                        params={"q": "地铁"}).json()
    assert got["total"] == 1 and got["items"][0]["id"] == METRO.id


def test_0012_indexes_the_stored_cjk_records_again(store_url, monkeypatch):
    engine = backend_for(database_url(store_url)).create_engine(database_url(store_url))
    with engine.begin() as conn:
        command.upgrade(migrations.config(conn), "0011")
    old = Store(engine)
    with monkeypatch.context() as m:  # the index as it was written before: a run one token
        for module in (fts5, fulltext):
            m.setattr(module, "index_text", lambda text, fold: fold(text))
        for art in (METRO, QUOTED, LATIN):
            assert old.add(art) is True
        assert _found(old, "地铁站") == [] and _found(old, "ferry") == [LATIN.id]
    migrations.upgrade(engine)
    try:
        with engine.connect() as conn:
            assert migrations.current(conn) == migrations.head()
        assert _found(old, "地铁站") == [METRO.id] and _found(old, "ferry") == [LATIN.id]
        assert [q.text for q in old.quotes(q="分钟")[0]] == ["现在只要三十五分钟就到老城。"]
        with engine.connect() as conn:  # written again in place: no row added
            table = "articles_fts" if engine.dialect.name == "sqlite" else "articles"
            assert conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one() == 3
    finally:
        engine.dispose()
