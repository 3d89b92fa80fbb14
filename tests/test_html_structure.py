"""Body structure and removed blocks on the HTML path (issue 12 items 3 and 4), on pages we wrote.

Every expected value was worked out by hand from the page in the test.
"""

from __future__ import annotations

import pytest

import dateline
from dateline.extract.html import extract_html
from dateline.extract.result import Extraction

LEDE = ("The harbour board voted on Thursday evening to keep the winter ferry to Skerrin running "
        "for another three years, after a campaign by islanders that lasted most of the summer.")
SECOND = ("Board members said the subsidy of 1.2 million a year would come from the port's "
          "reserves, and that fares for residents would not rise before the next review.")
THIRD = ("Islanders had warned that without the ferry the school, the surgery and the only shop "
         "on Skerrin would close within a year, and more than 900 people signed their letter.")


def page(article: str, *, head: str = "", before: str = "", after: str = "") -> str:
    """A news page: a menu, the article (headline first), a sidebar, comments and a footer."""
    return f"""<!doctype html><html lang="en"><head><title>Skerrin ferry saved | Coast News</title>
<meta property="og:site_name" content="Coast News">{head}</head><body>
<header><nav class="main-nav"><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/sport">Sport</a></li></ul></nav></header>
{before}
<main><article><h1>Skerrin winter ferry saved for three years</h1>
{article}
</article>
<aside class="sidebar"><h3>Most read</h3><ul>
<li><a href="/a">Storm closes coast road for the second time this month</a></li>
<li><a href="/b">New lifeboat station opens at Carrow Point</a></li></ul></aside>
<section id="comments" class="comments"><h3>Comments</h3>
<div class="comment"><p>Great news for the island, well done to everyone who wrote to the board
about the ferry this summer.</p></div></section>
</main>
{after}
<footer><p>Copyright 2025 Coast News. All rights reserved.</p></footer>
</body></html>"""


def body(article: str, **kw) -> Extraction:
    return extract_html(page(article, **kw))


def test_the_result_is_typed_with_blocks_that_keep_their_elements():
    result = body(f"<p>{LEDE}</p><p>{SECOND}</p><p>{THIRD}</p>")
    assert isinstance(result, Extraction)
    assert result.paragraphs == [LEDE, SECOND, THIRD]
    first = next(b for b in result.blocks if b.kind == "body")
    assert first.element.tag == "p" and first.text == LEDE
    assert result.headline == "Skerrin winter ferry saved for three years"
    assert result.publisher == "Coast News"


def test_every_removed_block_is_listed_with_its_kind():
    cookie = ('<div class="cookie-banner"><p>We use cookies to improve your experience on our '
              'website. By continuing you accept our use of cookies.</p></div>')
    newsletter = ('<div class="newsletter-signup"><p>Get the morning briefing in your inbox every '
                  'day.</p></div>')
    share = '<div class="share-tools"><a href="/s">Share on Facebook</a></div>'
    result = body(f"{share}<p>{LEDE}</p><p>{SECOND}</p>{newsletter}<p>{THIRD}</p>",
                  before=cookie)
    kinds = {b.text: b.kind for b in result.boilerplate}
    assert kinds["Home"] == "navigation"
    assert kinds["Storm closes coast road for the second time this month"] == "related"
    assert kinds["Get the morning briefing in your inbox every day."] == "newsletter"
    assert kinds["Share on Facebook"] == "social"
    assert kinds["Copyright 2025 Coast News. All rights reserved."] == "other"
    assert kinds[("We use cookies to improve your experience on our website. By continuing you "
                  "accept our use of cookies.")] == "cookie"
    assert any(k == "comments" for k in kinds.values())
    assert result.paragraphs == [LEDE, SECOND, THIRD]
    # the record lists them too, in page order, each once
    texts = [b.text for b in result.boilerplate]
    assert texts.index("Home") < texts.index("Share on Facebook") < texts.index(
        "Copyright 2025 Coast News. All rights reserved.")


def test_a_cookie_preference_center_is_never_the_article():
    center = "".join(
        f"<p>{text}</p>" for text in (
            "This website uses cookies to improve your experience while you navigate through "
            "the website. Out of these cookies, the cookies that are categorised as necessary "
            "are stored on your browser as they are essential for the working of the website.",
            "Necessary cookies are absolutely essential for the website to function properly. "
            "This category only includes cookies that ensure basic functionalities and security "
            "features of the website. These cookies do not store any personal data.",
            "Any cookies that may not be particularly necessary for the website to function and "
            "is used specifically to collect user personal data via analytics, ads and other "
            "embedded contents are termed as non-necessary cookies.",
            "We also use third-party cookies that help us analyse and understand how you use "
            "this website. These cookies will be stored in your browser only with your "
            "consent, and you can opt out of them in the preferences."))
    result = body(f"<p>{LEDE}</p><p>{SECOND}</p>",
                  after=f'<div class="privacy-overview"><h4>Privacy Overview</h4>{center}</div>')
    assert result.paragraphs == [LEDE, SECOND]
    assert all("cookies" not in p for p in result.paragraphs)


def test_sub_headings_are_their_own_paragraphs():
    result = body(f"<p>{LEDE}</p><h2>What the board decided</h2><p>{SECOND}</p>"
                  f"<h3>Why islanders campaigned</h3><p>{THIRD}</p>")
    assert result.paragraphs == [LEDE, "What the board decided", SECOND,
                                 "Why islanders campaigned", THIRD]


def test_br_br_separated_paragraphs_are_split():
    result = body(f'<div class="story-text">{LEDE}<br><br>{SECOND}<br/>\n<br/>{THIRD}</div>')
    assert result.paragraphs == [LEDE, SECOND, THIRD]


def test_a_single_br_stays_inside_its_paragraph():
    result = body(f"<p>{LEDE}</p><p>Harbour Office<br>Quay Street</p><p>{SECOND}</p>")
    assert result.paragraphs == [LEDE, "Harbour Office Quay Street", SECOND]


def test_data_tables_are_kept_as_rows_of_text():
    table = ("<table><tr><th>Year</th><th>Sailings</th><th>Passengers</th></tr>"
             "<tr><td>2023</td><td>412</td><td>18,300</td></tr>"
             "<tr><td>2024</td><td>398</td><td>17,950</td></tr></table>")
    result = body(f"<p>{LEDE}</p>{table}<p>{SECOND}</p>")
    assert result.paragraphs == [LEDE, "Year | Sailings | Passengers", "2023 | 412 | 18,300",
                                 "2024 | 398 | 17,950", SECOND]


def test_captions_and_credits_become_images_not_body():
    figure = ('<figure><img src="https://coast.example/img/ferry.jpg" alt="The ferry">'
              '<figcaption>The MV Skerrin leaves Carrow harbour. <span class="credit">Photo: '
              'Ann Bell</span></figcaption></figure>')
    loose = ('<div class="image"><img src="https://coast.example/img/quay.jpg"></div>'
             '<p class="caption">Islanders on the quay in August</p>'
             '<p class="image-credit">Coast News</p>')
    result = body(f"<p>{LEDE}</p>{figure}<p>{SECOND}</p>{loose}<p>{THIRD}</p>")
    assert result.paragraphs == [LEDE, SECOND, THIRD]
    assert [(i.caption, i.credit, i.url) for i in result.images] == [
        ("The MV Skerrin leaves Carrow harbour.", "Ann Bell",
         "https://coast.example/img/ferry.jpg"),
        ("Islanders on the quay in August", "Coast News", None),
    ]
    assert not any(b.text.startswith("Islanders on the quay") for b in result.boilerplate)


@pytest.mark.parametrize("teaser", [
    '<p><strong>Read more:</strong> <a href="/x">Ferry fares frozen for residents</a></p>',
    '<p><a href="/x">Mehr zum Thema: Fährverbindung nach Skerrin gesichert</a></p>',
    '<div><h4>Mehr zum Thema</h4><ul><li><a href="/y">Fährverbindung gesichert</a></li>'
    '<li><a href="/z">Inselschule bleibt offen</a></li></ul></div>',
])
def test_in_story_teaser_links_are_removed(teaser):
    result = body(f"<p>{LEDE}</p>{teaser}<p>{SECOND}</p>")
    assert result.paragraphs == [LEDE, SECOND]
    assert {b.kind for b in result.boilerplate
            if "Mehr" in b.text or "Read more" in b.text or "gesichert" in b.text} == {"related"}


def test_a_standfirst_in_h2_itemprop_description_is_filled():
    standfirst = "Islanders celebrate after a summer-long campaign to save their only link"
    result = body(f'<h2 itemprop="description">{standfirst}</h2><p>{LEDE}</p><p>{SECOND}</p>')
    assert result.standfirst == standfirst
    assert result.paragraphs == [LEDE, SECOND]


def test_both_paths_end_in_the_same_article():
    html_record = dateline.extract(page(f"<p>{LEDE}</p><p>{SECOND}</p>"), nlp=False)
    text = f"Skerrin winter ferry saved for three years\n\n{LEDE}\n\n{SECOND}\n"
    text_record = dateline.extract(text, format="text", nlp=False)
    assert type(html_record) is type(text_record)
    assert html_record.paragraphs == [LEDE, SECOND]
    assert text_record.paragraphs == [LEDE, SECOND]
