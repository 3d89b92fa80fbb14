"""Work per page of the HTML path grows linearly with the page (issue 12 item 7).

Work is counted, never timed: comparisons between elements (a Python ``__eq__`` on the page's
element class counts them) and the sums the page walk keeps per element. Pages written here.
"""

from __future__ import annotations

from lxml import etree
from lxml import html as lxml_html

from dateline.extract.html import PARSER, extract_html
from dateline.extract.html_blocks import walk_page
from dateline.extract.html_body import choose_container, select_body, split_body_chunks

COMPARISONS = [0]


class CountingElement(lxml_html.HtmlElement):
    """An HTML element that counts how often it is compared for equality."""

    def __eq__(self, other):
        COMPARISONS[0] += 1
        return self is other

    __hash__ = lxml_html.HtmlElement.__hash__


def _counting_tree(page: str):
    parser = etree.HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8",
                              remove_comments=True)
    parser.set_element_class_lookup(etree.ElementDefaultClassLookup(element=CountingElement))
    return lxml_html.document_fromstring(page.encode(), parser=parser)


PARAGRAPH = "<p>The ferry left the harbour at dawn with {i} passengers and the mail.</p>"


def _split_body_page(paragraphs: int) -> str:
    body = "".join(PARAGRAPH.format(i=i) for i in range(paragraphs))
    return ("<html><body><h1>Ferry timetable</h1><div class='story'>" + body + "</div>"
            "<aside class='advert'>Buy a boat</aside><div class='story'>"
            + PARAGRAPH.format(i="many") * 3 + "</div></body></html>")


def _chunks(page: str):
    tree = _counting_tree(page)
    body_el = tree.find("body")
    walk = walk_page(body_el)
    container, depth = choose_container(walk, body_el)
    body = select_body(walk, container, depth)
    COMPARISONS[0] = 0
    return split_body_chunks(walk, body, container, depth)


def test_split_body_chunks_compares_paragraph_parents_a_bounded_number_of_times():
    # 2,000 paragraphs, each in a box of its own: max(parents, key=parents.count) compared
    # every parent with every other, 4,000,000 comparisons; counted once each, none
    n = 2000
    page = ("<html><body><h1>Ferry timetable</h1><div class='story'>" + "".join(
        f"<div class='para'>{PARAGRAPH.format(i=i)}</div>" for i in range(n)) +
        "</div></body></html>")
    assert _chunks(page) == []  # no parent holds two paragraphs: nothing to add
    assert COMPARISONS[0] <= 10 * n


def test_split_body_chunks_still_finds_the_chunk_after_an_advert():
    added = _chunks(_split_body_page(20))
    assert [b.text for b in added] == [PARAGRAPH.format(i="many")[3:-4]] * 3


def test_the_walk_hands_sums_to_parents_so_a_deep_page_counts_each_block_once():
    # one paragraph of 80 code points under 1,000 nested divs: every div holds its 80 code
    # points of prose, and the walk records each element once
    depth = 1000
    text = "The council met on Tuesday to discuss the harbour wall and the ferry timetable."
    page = "<html><body>" + "<div>" * depth + f"<p>{text}</p>" + "</div>" * depth + \
        "</body></html>"
    tree = lxml_html.document_fromstring(page.encode(), parser=PARSER)
    walk = walk_page(tree.find("body"))
    assert [b.text for b in walk.blocks] == [text]
    divs = [e for e in walk.prose if e.tag == "div"]
    assert len(divs) == depth
    assert {walk.prose[e][:2] for e in divs} == {(len(text), len(text))}
    assert {walk.prose[e][3] for e in divs} == {0}  # the first block under each div


def test_a_page_of_many_paragraphs_keeps_them_all_in_order():
    n = 20_000
    page = "<html><body><article><h1>Tides</h1>" + "".join(
        f"<p>Tide {i} rose over the harbour wall and fell again before noon.</p>"
        for i in range(n)) + "</article></body></html>"
    result = extract_html(page)
    assert len(result.paragraphs) == n
    assert result.paragraphs[0].startswith("Tide 0 ") and result.paragraphs[-1].startswith(
        f"Tide {n - 1} ")
