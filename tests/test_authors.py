"""Authors of HTML pages we wrote, one situation each (issue 12, item 1)."""

from __future__ import annotations

import json

import pytest

import dateline
from dateline.extract.authors import authors_from_credit_line, read_byline
from dateline.extract.metadata import extract_metadata, parse_html

LEDE = ("<p>The harbour board met on Thursday and agreed to rebuild the north pier, which has been "
        "closed to ferries since the storms of last winter, at a cost of four million.</p>"
        "<p>Work will begin in the spring and should take about eighteen months, the board's "
        "chair told the meeting, and the ferry timetable will change while it lasts.</p>")


def _page(head: str = "", byline: str = "", after: str = "", lang: str = "en") -> str:
    return (f'<html lang="{lang}"><head><title>Pier to be rebuilt</title>{head}</head><body>'
            f"<article><h1>North pier to be rebuilt after storms</h1>{byline}{LEDE}</article>"
            f"{after}</body></html>")


def _authors(html: str) -> list[str]:
    return extract_metadata(parse_html(html))["authors"]


def _ld(obj: dict) -> str:
    return f'<script type="application/ld+json">{json.dumps(obj)}</script>'


@pytest.mark.parametrize(("byline", "expected"), [
    # names that contain "by" are names, not openings
    ('<p class="byline">By Abby Bybee and Kirby Lane</p>', ["Abby Bybee", "Kirby Lane"]),
    ('<p class="byline">Bybee Hartnell</p>', ["Bybee Hartnell"]),
    # roles after a comma, and places
    ('<p class="byline">By Tomas Reiner, Senior Reporter</p>', ["Tomas Reiner"]),
    ('<p class="byline">Olena Marchuk and Petro Hadz in Kyiv</p>', ["Olena Marchuk", "Petro Hadz"]),
    # a role printed after the name without a comma, in its own element
    ('<div class="author">By <a>Tomas Reiner</a> <span>Senior Reporter</span></div>',
     ["Tomas Reiner"]),
    # agency bylines
    ('<p class="byline">Reuters staff</p>', ["Reuters"]),
    # bylines in other languages
    ('<p class="byline">Por María Ibáñez y José Núñez</p>', ["María Ibáñez", "José Núñez"]),
    ('<p class="byline">Von Hans Köhler und Eva Brandt</p>', ["Hans Köhler", "Eva Brandt"]),
    ('<p class="byline">Par Jeanne Moreau et Luc Besnard</p>', ["Jeanne Moreau", "Luc Besnard"]),
    ('<p class="byline">Di Marco Ferri e Lucia Gatti</p>', ["Marco Ferri", "Lucia Gatti"]),
    ('<p class="byline">Door Pieter de Wit en Anouk Visser</p>', ["Pieter de Wit", "Anouk Visser"]),
    # a link to an author page is a byline; a contributor credit is not an author
    ('<p>By <a href="/author/ines-calder/">Ines Calder</a></p>', ["Ines Calder"]),
    ('<div class="byline">By <a>Ines Calder</a><span>Contributions from</span>'
     '<a>Rob Tennant</a></div>', ["Ines Calder"]),
])
def test_visible_bylines(byline: str, expected: list[str]) -> None:
    assert _authors(_page(byline=byline)) == expected


def test_a_job_title_in_the_author_tag_is_no_author() -> None:
    assert _authors(_page(head='<meta name="author" content="Senior Reporter">')) == []
    assert _authors(_page(head=_ld({"@type": "NewsArticle", "author": {
        "@type": "Person", "name": "Senior Reporter"}}))) == []
    assert _authors(_page(byline='<span class="author">Senior Reporter</span>')) == []


def test_a_desk_byline_is_named_by_the_publisher() -> None:
    head = '<meta property="og:site_name" content="The Harbour Times">'
    assert _authors(_page(head=head, byline='<p class="byline">Staff and agencies</p>')) == [
        "The Harbour Times"]
    # the desk byline is the article's: a card's author further down is not taken instead
    card = ('<div class="more"><a href="/b">Ferry fares to rise again in the new year</a>'
            '<span class="byline">By Kirby Lane</span></div>')
    assert _authors(_page(head=head, byline='<p class="byline">Staff and agencies</p>',
                          after=card)) == ["The Harbour Times"]


def test_jsonld_author_when_the_meta_tag_holds_the_publisher() -> None:
    head = ('<meta name="author" content="The Harbour Times">'
            '<meta property="og:site_name" content="The Harbour Times">'
            + _ld({"@type": "NewsArticle", "author": {"@type": "Person", "name": "Ines Calder"}}))
    assert _authors(_page(head=head)) == ["Ines Calder"]
    # a JSON-LD author that is the publisher loses to the visible byline's person
    head = _ld({"@type": "NewsArticle", "author": {"@type": "Organization",
                                                   "name": "The Harbour Times"}})
    assert _authors(_page(head=head, byline='<p class="byline">By Rob Tennant</p>')) == [
        "Rob Tennant"]
    assert _authors(_page(head=head)) == ["The Harbour Times"]


@pytest.mark.parametrize(("name", "expected"), [
    # JSON-LD is no HTML parser's text: a page's escapes and tags are still in its strings
    ("Ola &lt;b&gt;Berg", ["Ola Berg"]),
    ("<span class=\"author\">Ines Calder</span>", ["Ines Calder"]),
    ("Ines Calder &amp; Rob Tennant", ["Ines Calder", "Rob Tennant"]),
    ("Ren&eacute;e Holt<!-- staff -->", ["Renée Holt"]),
])
def test_jsonld_author_names_lose_html_escapes_and_tags(name, expected) -> None:
    head = _ld({"@type": "NewsArticle", "author": [{"@type": "Person", "name": name}]})
    assert _authors(_page(head=head)) == expected


def test_jsonld_publisher_and_section_lose_html_escapes() -> None:
    head = _ld({"@type": "NewsArticle", "publisher": {"@type": "Organization",
                                                      "name": "Harbour &amp; Coast <i>Times</i>"},
                "articleSection": "Ports &gt; Ferries"})
    meta = extract_metadata(parse_html(_page(head=head)))
    assert meta["publisher"] == "Harbour & Coast Times"
    assert meta["section"] == "Ports > Ferries"


def test_markup_free_keeps_a_bare_angle_bracket() -> None:
    from dateline.extract.markup import markup_free
    assert markup_free("Fares <  5 euros &lt;b&gt;up&lt;/b&gt;") == "Fares < 5 euros up"
    assert markup_free(None) == ""


def test_jsonld_contributors_are_not_authors() -> None:
    head = _ld({"@type": "NewsArticle", "author": [{"@type": "Person", "name": "Ines Calder"},
                                                   {"@type": "Person", "name": "Rob Tennant"}]})
    byline = ('<div class="byline">By <a>Ines Calder</a> <span>With contributions from '
              '<a>Rob Tennant</a></span></div>')
    assert _authors(_page(head=head, byline=byline)) == ["Ines Calder"]


def test_authors_of_sidebar_cards_are_not_the_articles() -> None:
    cards = "".join(
        f'<div class="card"><h3><a href="/{i}">{title}</a></h3>'
        f'<span class="byline">By {name}</span><span>{i} hours ago</span></div>'
        for i, (title, name) in enumerate([("Ferry fares to rise again in the new year",
                                            "Kirby Lane"),
                                           ("Lifeboat crew honoured for winter rescue",
                                            "Abby Bybee")], start=2))
    assert _authors(_page(after=f'<div class="latest">{cards}</div>')) == []
    # the article's own byline may carry a relative time too
    byline = '<p><span class="byline">By Rob Tennant</span> <span>2 hours ago</span></p>'
    assert _authors(_page(byline=byline, after=cards)) == ["Rob Tennant"]


def test_an_iso_8859_1_page_keeps_its_authors() -> None:
    html = _page(head='<meta charset="iso-8859-1">', lang="es",
                 byline='<p class="byline">Por José Núñez y María Ibáñez</p>')
    article = dateline.extract(html.encode("iso-8859-1"), nlp=False)
    assert article.authors == ["José Núñez", "María Ibáñez"]


def test_read_byline() -> None:
    byline = read_byline("By Ines Calder. Additional reporting by Rob Tennant")
    assert byline.names == ["Ines Calder"] and byline.contributors == ["Rob Tennant"]
    assert read_byline("Staff and agencies").desk == ""
    assert read_byline("Ines Calder and Rob Tennant").joined


# --- bylines the page gives in a place the markup rules did not read (issue 12, item 1) -----------

@pytest.mark.parametrize(("byline", "expected"), [
    # a line after the headline that opens like a byline, whatever its class
    ('<p class="standfirst">By Ines Calder</p>', ["Ines Calder"]),
    ('<p>By Ines Calder</p>', ["Ines Calder"]),
    ('<p class="autor">Von Hans Köhler, 03.05.2024</p>', ["Hans Köhler"]),
    # the innermost line: the span, not its parent that runs on into the date
    ('<div class="meta"><span>By Ines Calder</span> <time>May 3, 2024</time></div>',
     ["Ines Calder"]),
    # a capitalised function word is no part of a name; a sub-heading is no byline
    ('<p>By Order Of The Court</p>', []),
    ('<p>By The Numbers</p>', []),
    # a picture's credit is no byline
    ('<figure><img src="/pier.jpg"><figcaption><p>By Rob Tennant</p></figcaption></figure>',
     []),
])
def test_a_line_that_opens_like_a_byline(byline: str, expected: list[str]) -> None:
    assert _authors(_page(byline=byline)) == expected


def test_authors_side_by_side_in_one_line() -> None:
    byline = ('<p>By <span class="author-name">Ines Calder</span> and '
              '<span class="author-name">Rob Tennant</span></p>')
    assert _authors(_page(byline=byline)) == ["Ines Calder", "Rob Tennant"]
    byline = ('<p class="meta">By <a class="link" href="/staff/ines-calder/">Ines Calder</a>, '
              '<a class="link" href="/staff/rob-tennant/">Rob Tennant</a></p>')
    assert _authors(_page(byline=byline)) == ["Ines Calder", "Rob Tennant"]


def test_a_microdata_author_named_in_a_meta_tag() -> None:
    byline = ('<div itemprop="author" itemscope itemtype="https://schema.org/Person">'
              '<meta itemprop="name" content="Ines Calder"></div>')
    assert _authors(_page(byline=byline)) == ["Ines Calder"]


@pytest.mark.parametrize(("site", "byline", "expected"), [
    ("The Harbour Times", "By Ines Calder, The Harbour Times", ["Ines Calder"]),
    ("Harbour Times", "By Ines Calder, Harbour Times", ["Ines Calder"]),
    ("The Harbour Times", "By Ines Calder, Associated Press", ["Ines Calder"]),
    ("The Harbour Times", "By Ines Calder, AP", ["Ines Calder"]),
    # an agency alone is the author
    ("The Harbour Times", "By Reuters", ["Reuters"]),
])
def test_the_paper_or_agency_after_a_name_is_no_author(site: str, byline: str,
                                                        expected: list[str]) -> None:
    head = f'<meta property="og:site_name" content="{site}">'
    assert _authors(_page(head=head, byline=f'<p class="byline">{byline}</p>')) == expected


def test_jsonld_authors_in_other_places() -> None:
    person = {"@type": "Person", "name": "Ines Calder"}
    # schema.org "creator", which "author" refines
    assert _authors(_page(head=_ld({"@type": "NewsArticle", "creator": person}))) == [
        "Ines Calder"]
    # the article as a WebPage's mainEntity
    assert _authors(_page(head=_ld({"@type": "WebPage", "mainEntity": {
        "@type": "NewsArticle", "author": person}}))) == ["Ines Calder"]
    # two blocks for one article, the first without its author
    head = (_ld({"@type": "NewsArticle", "headline": "North pier to be rebuilt"})
            + _ld({"@type": "NewsArticle", "headline": "North pier to be rebuilt",
                   "author": person}))
    assert _authors(_page(head=head)) == ["Ines Calder"]
    # ... but not the author of another article named on the page
    head = (_ld({"@type": "NewsArticle", "headline": "North pier to be rebuilt"})
            + _ld({"@type": "NewsArticle", "headline": "Ferry fares to rise", "author": person}))
    assert _authors(_page(head=head)) == []


def test_a_guest_writers_title_and_employer_are_no_authors() -> None:
    byline = '<p class="byline">By Ines Calder, Deputy CTO, Harbour Cyber Labs</p>'
    assert _authors(_page(byline=byline)) == ["Ines Calder"]
    byline = '<p class="byline">By Ines Calder, Rob Tennant, and Cai Wu</p>'
    assert _authors(_page(byline=byline)) == ["Ines Calder", "Rob Tennant", "Cai Wu"]


def test_a_photographer_in_the_byline_is_no_author() -> None:
    byline = '<p class="byline">By Ines Calder. Photographs by Rob Tennant</p>'
    assert _authors(_page(byline=byline)) == ["Ines Calder"]
    # nor when JSON-LD lists the photographer beside the writer
    head = _ld({"@type": "NewsArticle", "author": [{"@type": "Person", "name": "Ines Calder"},
                                                   {"@type": "Person", "name": "Rob Tennant"}]})
    assert _authors(_page(head=head, byline=byline)) == ["Ines Calder"]


def test_one_meta_author_tag_per_author() -> None:
    head = '<meta name="author" content="Ines Calder"><meta name="author" content="Rob Tennant">'
    assert _authors(_page(head=head)) == ["Ines Calder", "Rob Tennant"]


def test_bylines_in_russian_and_polish_and_a_bureau() -> None:
    byline = '<span class="article-info__authors">Текст: Ирина Соколова</span>'
    assert _authors(_page(byline=byline, lang="ru")) == ["Ирина Соколова"]
    byline = '<p class="byline">Автор: Иван Петров и Мария Смирнова</p>'
    assert _authors(_page(byline=byline, lang="ru")) == ["Иван Петров", "Мария Смирнова"]
    byline = '<p class="byline">Autor: Jan Nowak i Anna Kowalska</p>'
    assert _authors(_page(byline=byline, lang="pl")) == ["Jan Nowak", "Anna Kowalska"]
    head = (_ld({"@type": "NewsArticle", "author": "Harbour Times Bureau"})
            + '<meta property="og:site_name" content="Harbour Times">')
    assert _authors(_page(head=head)) == ["Harbour Times"]


def test_a_footer_inside_the_article_holds_its_byline() -> None:
    byline = '<footer class="article-meta"><span class="byline">By Ines Calder</span></footer>'
    assert _authors(_page(byline=byline)) == ["Ines Calder"]
    html = _page(byline="<footer><ul><li>Ines Calder</li></ul></footer>").replace(
        "<article>", "<main>").replace("</article>", "</main>")
    assert _authors(html.replace("<li>", '<li itemprop="author">')) == ["Ines Calder"]
    # the page's own footer is chrome
    footer = '<footer><p class="byline">By Rob Tennant</p></footer>'
    assert _authors(_page(after=footer)) == []


def test_a_korean_closing_byline() -> None:
    paragraphs = "".join(f"<p>{t}</p>" for t in (
        "부산항 북쪽 부두가 지난 겨울 폭풍으로 무너진 뒤 여객선 운항이 중단되었고 항만청은 "
        "목요일 회의에서 부두를 다시 짓기로 결정했으며 공사비는 사백만 달러로 추산된다고 밝혔다.",
        "공사는 봄에 시작되어 약 십팔 개월이 걸릴 예정이며 그동안 여객선 시간표가 바뀐다고 "
        "항만청장은 말했고 주민들은 이 결정을 환영한다는 뜻을 전했다고 지역 신문이 보도했다.",
        "정다은 기자 daeun@example.kr"))
    html = (f'<html lang="ko"><head><title>부두 재건</title></head><body><article>'
            f"<h1>폭풍에 무너진 북쪽 부두 다시 짓는다</h1>{paragraphs}</article></body></html>")
    assert dateline.extract(html.encode(), nlp=False).authors == ["정다은"]


def test_closing_credit_lines() -> None:
    body = ["The harbour board met on Thursday.", "Work will begin in the spring."]
    assert authors_from_credit_line([*body, "Reporting by The Associated Press."]) == [
        "The Associated Press"]
    assert authors_from_credit_line([*body, "정다은 기자 daeun@example.kr"]) == ["정다은"]
    assert authors_from_credit_line([*body, "시장은 이날 기자 회견에서 말했다"]) == []


def test_co_authors_linked_one_by_one_complete_a_jsonld_list() -> None:
    head = _ld({"@type": "NewsArticle", "author": {"@type": "Person", "name": "Ines Calder"}})
    byline = ('<p class="byline">By <a href="/author/ines-calder">Ines Calder</a>, '
              '<a href="/author/rob-tennant">Rob Tennant</a></p>')
    assert _authors(_page(head=head, byline=byline)) == ["Ines Calder", "Rob Tennant"]
    # a paper's name after a comma does not complete it
    byline = '<p class="byline">By <a href="/author/ines-calder">Ines Calder</a>, Harbour Post</p>'
    assert _authors(_page(head=head, byline=byline)) == ["Ines Calder"]
