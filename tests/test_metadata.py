"""The HTML metadata layer on small pages we wrote, values worked out by hand."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.errors import ExtractionError
from dateline.extract.figures import extract_images, split_credit
from dateline.extract.html import extract_html
from dateline.extract.metadata import (
    extract_metadata,
    names_from_byline,
    normalise_datetime,
    parse_html,
    strip_site_name,
)
from dateline.model import Image

BODY = ("<p>The council met on Monday evening and voted to close the old library on the "
        "high street, which has served the town since 1902.</p>")


def _meta(html: str, url: str | None = None) -> dict:
    return extract_metadata(parse_html(html), url)


def test_normalise_datetime_keeps_the_offset():
    assert normalise_datetime("2023-11-06T14:00:00.000Z") == "2023-11-06T14:00:00+00:00"
    assert normalise_datetime("2023-12-22 10:50:53 -0800") == "2023-12-22T10:50:53-08:00"
    assert normalise_datetime("2023-12-22T13:25Z") == "2023-12-22T13:25:00+00:00"
    assert normalise_datetime("2023-12-13T17:06:41") == "2023-12-13T17:06:41"
    assert normalise_datetime("2024-05-14") == "2024-05-14"
    assert normalise_datetime("not a date") is None
    assert normalise_datetime(None) is None


def test_split_credit():
    assert split_credit("Waves at Carrick Bay Photograph: Aileen Moss/Herald") == (
        "Waves at Carrick Bay", "Aileen Moss/Herald")
    assert split_credit("The ferry in port (Photo: PA)") == ("The ferry in port", "PA")
    assert split_credit("A quiet harbour at dawn") == ("A quiet harbour at dawn", None)


def test_names_from_byline_drops_a_trailing_affiliation():
    assert names_from_byline("Javier Espinoza and Patricia Nilsson, Financial Times - "
                             "Dec 20, 2023 3:06 pm UTC") == ["Javier Espinoza", "Patricia Nilsson"]
    assert names_from_byline("By Chicago Tribune staff") == ["Chicago Tribune"]


def test_strip_site_name():
    assert strip_site_name("Library to close | The Borough Post", "The Borough Post") == \
        "Library to close"
    assert strip_site_name("Library to close - Borough Post", None) == "Library to close"


def test_jsonld_graph_with_id_references():
    html = """<html lang="en-GB"><head>
    <script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
      {"@type": "WebSite", "name": "Borough Post"},
      {"@type": "Person", "@id": "#ann", "name": "Ann Okafor"},
      {"@type": "NewsArticle", "headline": "Old library to close",
       "author": {"@id": "#ann"}, "datePublished": "2023-03-09T18:42:00+00:00",
       "dateModified": "2023-03-10T08:00:00+00:00", "articleSection": "Local",
       "publisher": {"@type": "Organization", "name": "Borough Post"}}]}</script>
    </head><body><h1>Old library to close</h1>""" + BODY + "</body></html>"
    meta = _meta(html)
    assert meta["headline"] == "Old library to close"
    assert meta["authors"] == ["Ann Okafor"]
    assert meta["published"] == "2023-03-09T18:42:00+00:00"
    assert meta["updated"] == "2023-03-10T08:00:00+00:00"
    assert meta["section"] == "Local"
    assert meta["publisher"] == "Borough Post"
    assert meta["language"] == "en"


def test_a_broken_jsonld_block_does_not_hide_the_others():
    html = """<html><head>
    <script type="application/ld+json">{"@type": "NewsArticle", broken</script>
    <script type="application/ld+json">{"@type": "NewsArticle", "headline": "Pier reopens",
      "author": [{"@type": "Person", "name": "Tom Reyes"}], "datePublished": "2022-07-01"}
    </script></head><body><h1>Pier reopens</h1>""" + BODY + "</body></html>"
    meta = _meta(html)
    assert meta["authors"] == ["Tom Reyes"]
    assert meta["published"] == "2022-07-01"


def test_opengraph_and_meta_tags_without_jsonld():
    html = """<html><head><title>Pier reopens | Coast Daily</title>
    <meta property="og:site_name" content="Coast Daily">
    <meta property="og:title" content="Pier reopens">
    <meta property="og:url" content="https://coast.example/pier">
    <meta property="og:locale" content="de_DE">
    <meta property="article:published_time" content="2022-07-01T09:30:00+02:00">
    <meta property="article:section" content="Region">
    <meta name="author" content="Lena Vogt">
    </head><body><h1>Pier reopens</h1>""" + BODY + "</body></html>"
    meta = _meta(html)
    assert meta["publisher"] == "Coast Daily"
    assert meta["url"] == "https://coast.example/pier"
    assert meta["language"] == "de"
    assert meta["section"] == "Region"
    assert meta["authors"] == ["Lena Vogt"]
    # no JSON-LD: htmldate reads the OpenGraph time and keeps its offset
    assert meta["published"] == "2022-07-01T09:30:00+02:00"


def test_headline_is_the_h1_that_matches_the_title():
    html = """<html><head><title>Library to close after 120 years - Borough Post</title>
    </head><body><h1>Borough Post</h1><h1>Donate to support local news</h1>
    <h1>Library to close after 120 years</h1>""" + BODY + "</body></html>"
    assert _meta(html)["headline"] == "Library to close after 120 years"


def test_visible_byline_when_no_structured_author():
    html = """<html><head></head><body><article><h1>Old library to close</h1>
    <div class="article-byline">By <a href="/p/ann">Ann Okafor</a> and <a href="/p/raj">Raj
    Mehta</a>, Borough Post | 9 March 2023</div>""" + BODY + """</article>
    <section class="comments"><span class="comment-author">Grumpy Reader</span></section>
    </body></html>"""
    assert _meta(html)["authors"] == ["Ann Okafor", "Raj Mehta"]


def test_visible_coauthors_complete_a_jsonld_list_of_one():
    html = """<html><head><script type="application/ld+json">{"@type": "NewsArticle",
      "headline": "Old library to close", "author": {"@type": "Person", "name": "Ann Okafor"}}
    </script></head><body><h1>Old library to close</h1>
    <p class="byline">By Ann Okafor and Raj Mehta on March 9, 2023</p>""" + BODY + """
    </body></html>"""
    assert _meta(html)["authors"] == ["Ann Okafor", "Raj Mehta"]


def test_images_with_credit_in_markup_or_caption():
    tree = parse_html("""<html><body><article>
    <figure><img src="a.jpg"><figcaption>Readers at the counter
      <span class="image-credit">Jo Bell</span></figcaption></figure>
    <figure><img data-src="b.jpg" src="data:image/gif;base64,R0lGOD"><figcaption>The reading
      room in 1950 (Photo: Borough Archive)</figcaption></figure>
    <figure><img src="c.jpg"></figure>
    </article></body></html>""")
    assert extract_images(tree) == [
        Image(caption="Readers at the counter", credit="Jo Bell", url="a.jpg"),
        Image(caption="The reading room in 1950", credit="Borough Archive", url="b.jpg"),
        Image(caption=None, credit=None, url="c.jpg"),
    ]


# --- properties: parsers that meet the wild never raise ---------------------------------------


@given(st.text(max_size=60))
def test_normalise_datetime_never_raises(text):
    value = normalise_datetime(text)
    assert value is None or isinstance(value, str)


@given(st.text(max_size=120))
def test_names_from_byline_never_raises(text):
    assert all(isinstance(name, str) and name for name in names_from_byline(text))


_TAGS = st.sampled_from(["<p>", "</p>", "<div class='byline'>", "</div>", "<h1>", "</h1>",
                         "<figure>", "<figcaption>", "<a href='/x'>", "</a>", "<article>",
                         "<script type='application/ld+json'>{", "</script>", "<li>", "<br>"])
_WORDS = st.sampled_from(["The council voted.", "By Ann Okafor", "Read more: pier", "2023-03-09",
                          "Photograph: PA", "Sign up to our newsletter", "and", "\u00a9 2024"])


@settings(max_examples=40, deadline=None)
@given(st.lists(st.one_of(_TAGS, _WORDS), max_size=40))
def test_extract_html_gives_a_record_or_an_extraction_error(pieces):
    page = "<html><body>" + " ".join(pieces) + "</body></html>"
    try:
        fields = extract_html(page)
    except ExtractionError:
        return
    assert all(isinstance(p, str) and p for p in fields.paragraphs)
    assert all(b.kind for b in fields.boilerplate)


def test_meta_tag_values_lose_html_escapes_and_tags():
    # a CMS escapes markup into attributes as into JSON-LD: the parser unescapes it once, so
    # "&lt;i&gt;" reaches us as "<i>", which no reader sees
    head = ('<title>Ferry &lt;b&gt;timetable&lt;/b&gt; cut | Island Post</title>'
            '<meta property="og:site_name" content="Island Post &lt;i&gt;">'
            '<meta property="og:description" content="Two &lt;em&gt;winter&lt;/em&gt; sailings'
            ' go &amp;amp; one stays">'
            '<meta property="article:section" content="Ports &lt;span&gt;Ferries&lt;/span&gt;">'
            '<meta name="author" content="Ines &lt;b&gt;Calder">'
            '<meta name="author" content="Rob Tennant&lt;!-- desk --&gt;">')
    page = f"<html><head>{head}</head><body><article>{BODY}</article></body></html>"
    meta = _meta(page)
    assert meta["publisher"] == "Island Post"
    assert meta["headline"] == "Ferry timetable cut"
    assert meta["description"] == "Two winter sailings go & one stays"
    assert meta["section"] == "Ports Ferries"
    assert meta["authors"] == ["Ines Calder", "Rob Tennant"]
    article = extract_html(page)
    assert article.publisher == "Island Post"
    assert article.headline == "Ferry timetable cut"


def test_an_itemprop_author_name_in_a_meta_tag_loses_its_tags():
    byline = ('<div itemprop="author" itemscope><meta itemprop="name" '
              'content="Ines &lt;b&gt;Calder&lt;/b&gt;"></div>')
    page = (f"<html><head><title>Pier</title></head><body><article><h1>North pier to be rebuilt"
            f"</h1>{byline}{BODY}</article></body></html>")
    assert _meta(page)["authors"] == ["Ines Calder"]
