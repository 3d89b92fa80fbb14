"""The text path on clean article text, on unspaced scrapes, publishers and site batches.

Pages written by the dateline team; the expected values are worked out by hand.
"""

from __future__ import annotations

from pathlib import Path

import dateline
from dateline.config import load_settings
from dateline.extract.publisher import copyright_name, find_publisher, notification_name
from dateline.extract.repeats import SiteLines, site_of
from dateline.extract.text import extract_text
from dateline.model import Article
from dateline.pipeline import process_batch
from dateline.sources.page import RawPage

SAMPLES = Path(__file__).resolve().parent.parent / "samples"

# A clean article, one paragraph a line, with the short lines clean articles have: a colon line
# before a quotation, a list label, a follow line at the end.
CLEAN = """Island ferry service to resume after winter storms.

The ferry between Pellworth and the mainland will run again from Monday, the harbour authority \
said on Friday, after three weeks in which storms kept the only vessel in port and left the \
island's shops waiting for deliveries.

Harbourmaster Ines Calloway told reporters:

"We have checked every mooring twice and the crew is ready. Passengers should still expect \
delays on the first days, and we ask them to arrive at the terminal early."

Shopkeepers on the island welcomed the news. Several said deliveries of fresh food had arrived \
only by helicopter since the storms began, and that prices had risen by a third.

Timetable changes:

Morning sailings leave at 7:15 instead of 6:50, and the last evening crossing moves to 19:30 \
until the end of March, when the summer timetable begins again.

The authority said a second vessel, on loan from a neighbouring port, would join the service \
in April so that a breakdown no longer cuts the island off.

Islanders who need to travel before Monday can book seats on the supply boat, which sails on \
Saturday morning if the wind drops below gale force.

Follow Ines Calloway on Twitter @harbourines.
"""


def _kept(article: Article) -> list[str]:
    return [t for t in (article.headline, article.standfirst) if t] + article.paragraphs


def test_clean_article_keeps_every_line() -> None:
    # before: "Harbourmaster Ines Calloway told reporters:", "Timetable changes:" and the
    # follow line were dropped as boilerplate
    article = dateline.extract(CLEAN, format="text", nlp=False)
    lines = [line for line in CLEAN.split("\n") if line.strip()]
    assert article.headline == "Island ferry service to resume after winter storms."
    assert _kept(article) == lines
    assert article.boilerplate == []


# A clean article with a tally of short lines and a note broken across two lines: the line
# model trained without clean articles dropped the five lines from the colon line to "AGAINST."
# (issue 9, item 2).
TALLY = """Harbour council counts the votes on the new breakwater.

The harbour council of Pellworth voted on Tuesday evening on the plan to build a second \
breakwater at the mouth of the bay, after two winters in which storms damaged the ferry pier.

The count, as the council clerk read it out:

IN FAVOUR.

Fishermen's guild: 14.

Ferry company: 9.

AGAINST.

Residents' association: 11.

The clerk said the plan passed by twelve votes and that building would begin in the spring, \
once the contract had gone to tender and the harbour had been surveyed a second time.

Editor's note: an earlier version of this article gave the wrong
number of votes for the ferry company.

Several residents said they would appeal the decision, arguing that the breakwater would \
change the currents that keep the small beach on the north side of the bay free of silt.
"""


def test_clean_article_keeps_its_tally_lines() -> None:
    article = dateline.extract(TALLY, format="text", nlp=False)
    lines = [line for line in TALLY.split("\n") if line.strip()]
    assert article.headline == lines[0]
    assert _kept(article) == lines


def test_unspaced_scrape_gives_the_spaced_record() -> None:
    spaced = (SAMPLES / "harbour-council-vote.txt").read_text(encoding="utf-8")
    unspaced = "\n".join(line for line in spaced.split("\n") if line.strip())
    a, b = extract_text(spaced), extract_text(unspaced)
    assert b.paragraphs == a.paragraphs
    assert len(b.paragraphs) == 8
    assert (b.headline, b.authors) == (a.headline, a.authors)


def test_publisher_from_notification_prompt() -> None:
    page = ("Stay up to date with notifications from The Pellworth Ledger\n\n"
            "Ferry timetable changes for the winter\n\n" + CLEAN.split("\n\n", 1)[1]
            + "\n© 2024 Ledger Media Group Ltd. All rights reserved.\n")
    r = extract_text(page)
    assert r.publisher == "The Pellworth Ledger"


def test_publisher_from_copyright_line() -> None:
    page = ("Home\n\nNews\n\nSport\n\n" + CLEAN
            + "\nTerms of use | Privacy policy\n\nCopyright \u00a9 2023, The Midland Courier | "
              "Terms of Service\n")
    article = dateline.extract(page, format="text", nlp=False)
    assert article.publisher == "The Midland Courier"


def test_copyright_names() -> None:
    assert copyright_name("\u00a9 2024 The Coastal Ledger") == "The Coastal Ledger"
    assert copyright_name("\u00a9 2019 Harbour Holdings, Inc. All Rights Reserved | Terms") == \
        "Harbour Holdings, Inc."
    assert copyright_name("Copyright 2021 Pellworth News. All rights reserved.") == \
        "Pellworth News"
    assert copyright_name("\u00a9 1998-2024 Island Radio (islandradio.example)") == "Island Radio"
    assert copyright_name("\u00a9 Ines Calloway") is None  # a photo credit: no year, no rights
    assert copyright_name("The ferry sailed at dawn.") is None
    assert notification_name("Get breaking news alerts from The Coastal Ledger") == \
        "The Coastal Ledger"
    assert notification_name("Get updates from our reporters") is None
    assert notification_name("Allow notifications from The Coastal Ledger?") == \
        "The Coastal Ledger"
    assert find_publisher(["\u00a9 2020 Old Owner", "Turn on notifications from Ledger Daily",
                           "\u00a9 2024 New Owner"]) == "Ledger Daily"
    assert find_publisher(["\u00a9 2020 Old Owner", "\u00a9 2024 New Owner"]) == "New Owner"


# Two pages of one site: both carry the site's promotional paragraph, which reads like prose and
# which the line model alone keeps in the body.
PROMO = ("The Pellworth Ledger has covered the islands since 1921 and is owned by its readers, "
         "who fund our reporting through their subscriptions.")


def _site_page(headline: str, body: list[str]) -> str:
    return "\n\n".join(["Home", "Islands", headline, *body, PROMO, "\u00a9 2024 The Pellworth "
                        "Ledger"]) + "\n"


PAGE_A = _site_page("Ferry service to resume on Monday", [
    "The ferry between Pellworth and the mainland will run again from Monday, the harbour "
    "authority said on Friday, after three weeks of storms.",
    "Morning sailings leave at 7:15 instead of 6:50, and the last evening crossing moves to "
    "19:30 until the end of March, the authority said.",
    "Shopkeepers on the island welcomed the news and said deliveries had come only by "
    "helicopter since the storms began."])
PAGE_B = _site_page("School roof repairs finished early", [
    "Repairs to the roof of Pellworth primary school were finished a week early, the island "
    "council said on Tuesday, and lessons will resume in the main hall.",
    "The work cost 84,000 pounds, less than the council had set aside, because the weather "
    "stayed dry for most of the autumn, a council spokesman said.",
    "Parents had taken their children to classes in the church hall since September."])


def test_site_lines_count_pages_not_copies() -> None:
    sites = SiteLines(min_pages=2)
    sites.add("ledger.example", PAGE_A)
    sites.add("ledger.example", PAGE_A)  # an exact copy counts once
    assert sites.repeated("ledger.example") == frozenset()
    sites.add("ledger.example", PAGE_B)
    sites.add("other.example", PAGE_B)
    assert sites.repeated("ledger.example") == frozenset(
        {"Home", "Islands", PROMO, "\u00a9 2024 The Pellworth Ledger"})
    assert sites.repeated("other.example") == frozenset()
    assert sites.repeated(None) == frozenset()
    assert site_of("https://www.Ledger.example/news/1") == "ledger.example"
    assert site_of(None) is None and site_of("page.txt") is None


def test_batch_removes_a_line_repeated_across_one_sites_pages() -> None:
    alone = extract_text(PAGE_A)
    assert PROMO in alone.paragraphs  # one page at a time the promotion reads as body
    pages = [RawPage(source="a.txt", data=PAGE_A.encode(), url="https://ledger.example/a"),
             RawPage(source="b.txt", data=PAGE_B.encode(), url="https://www.ledger.example/b"),
             RawPage(source="c.txt", data=PAGE_A.encode(), url="https://other.example/a")]
    results = process_batch(pages, load_settings(), format="text", nlp=False)
    a, b, c = (record for _, record in results)
    assert PROMO not in a.paragraphs and PROMO not in b.paragraphs
    assert len(a.paragraphs) == 3 and len(b.paragraphs) == 3
    assert PROMO in {x.text for x in a.boilerplate}
    assert PROMO in c.paragraphs  # another site: on its own
    assert a.headline == "Ferry service to resume on Monday"


def test_batch_keeps_a_near_copy_whole() -> None:
    # the same article on two pages of a site (an update): its lines repeat, it is not chrome
    updated = PAGE_A.replace("Ferry service to resume on Monday",
                             "Ferry service to resume on Monday, authority confirms")
    pages = [RawPage(source="a.txt", data=PAGE_A.encode(), url="https://ledger.example/a"),
             RawPage(source="b.txt", data=updated.encode(), url="https://ledger.example/b")]
    (_, a), (_, b) = process_batch(pages, load_settings(), format="text", nlp=False)
    assert a.paragraphs == extract_text(PAGE_A).paragraphs
    assert b.paragraphs == a.paragraphs


def test_headline_let_into_the_body_goes_back_to_the_header() -> None:
    import numpy as np

    from dateline.extract.lines import split_lines
    from dateline.extract.text import headline_in_body

    lines = split_lines("Home\n\nNews\n\nFerry terminal to close after eighty years\n\n"
                        "The harbour council voted on Wednesday night to close the island's "
                        "ferry terminal next spring, ending a service that began in 1943.\n")
    body = np.array([2, 3])
    # the first body line is headline-like, ends no sentence, prose follows, no other headline
    assert headline_in_body(lines, body, 0) == 3
    # a first body line that ends a sentence stays body
    ended = split_lines("Home\n\nThe ferry terminal will close.\n\n" + lines[3].text)
    assert headline_in_body(ended, np.array([1, 2]), 0) == 0
    # a headline-like line before it: that is the headline
    titled = split_lines("Island news from the coast today\n\n" + "\n\n".join(
        line.text for line in lines[2:]))
    assert headline_in_body(titled, np.array([1, 2]), 0) == 0
