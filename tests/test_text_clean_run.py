"""Clean article text the prose-run test missed: vox pops, broken notes, introduced lists.

Pages written by the dateline team (issue 9, item 2); the expected values are worked out by hand.
"""

from __future__ import annotations

import numpy as np

import dateline
from dateline.extract.clean_run import clean_run_start, introduced_lists, signed_quotation
from dateline.extract.lines import line_features, split_lines
from dateline.model import Article

# A vox pop: each answer is a quotation signed by its speaker (no line ends with a sentence
# mark), groups of answers separated by a photo credit line, and a note at the end that the
# paste broke into short lines.
VOXPOP = """Nine Islanders Say What They Think Of The New Ferry Timetable.

\u201cThe morning boat now leaves before the bakery opens, so I cross without breakfast and \
arrive at work hungry every single day.\u201d \u2015 Marta Oyelaran

Harbour Camera Club.

\u201cI like the later evening crossing. My son can finally stay for football practice and \
still get home before it is dark.\u201d \u2015 Tomas Reddig.
\u201cNobody asked the fishermen. We land our catch at six and now the first ferry to the \
market is gone by then.\u201d\u2015 Ellen Varga
\u201cIt is fine in summer, but in winter the wind picks up in the afternoon and the last \
crossing will be cancelled more often.\u201d \u2015 Piet Ansgar

Harbour Camera Club.

\u201cThree weeks without a boat taught us how much we need it. Any timetable is better than \
no timetable at all, honestly.\u201d \u2015 Rosa Kettle
\u201cThe council should have put the new times up at the pier a month ago instead of the \
week before they started.\u201d \u2015 Joan Whitcombe
\u201cMy shop gets its deliveries on the noon boat, which has not changed, so for me nothing \
is different at all.\u201d \u2015 Ahmed Salter.
\u201cI would pay more for a second vessel. One boat for the whole island is simply not \
enough any more, in any season.\u201d \u2015 Nils Brandvold
\u201cWe will get used to it. We got used to the old timetable too, and people complained \
about that one for years.\u201d \u2015 Greta Moss

Harbour Camera Club.

Editor\u2019s note: the ferry company did not
answer
questions about the timetable before this article
went to press.
"""


def _kept(article: Article) -> list[str]:
    return [t for t in (article.headline, article.standfirst) if t] + article.paragraphs


def test_signed_quotation() -> None:
    assert signed_quotation("\u201cWe will get used to it.\u201d \u2015 Greta Moss")
    assert signed_quotation("\u201cNobody asked us.\u201d\u2015 Ellen Varga")
    assert signed_quotation("\"It is fine in summer.\" - Piet Ansgar.")
    assert not signed_quotation("The ferry sailed at dawn, the harbourmaster said.")
    assert not signed_quotation("\u201cIt is fine,\u201d he said \u2014 and then he left "
                                "the pier without another word to anyone there")


def test_vox_pop_is_a_clean_article() -> None:
    lines = split_lines(VOXPOP)
    # the run starts at the first answer; the headline, the last credit line and the note
    # (four lines, counted once) stand outside it
    assert clean_run_start(lines, line_features(lines)) == 1


def test_vox_pop_keeps_every_line() -> None:
    # before: the answers the model doubted, the credit lines and the note were boilerplate
    article = dateline.extract(VOXPOP, format="text", nlp=False)
    lines = [" ".join(line.split()) for line in VOXPOP.split("\n") if line.strip()]
    assert article.headline == lines[0]
    assert _kept(article) == lines


def test_scrape_with_a_menu_is_not_clean() -> None:
    page = "Home\n\nIslands\n\nSport\n\nWeather\n\n" + VOXPOP + "\nContact us\n\nJobs\n"
    lines = split_lines(page)
    assert clean_run_start(lines, line_features(lines)) is None


LIST = ["Pellworth council gives the ferry company its tasks for the winter.",
        "The council met on Tuesday and agreed what the ferry company must do before the "
        "storms return, after three weeks without a crossing last year.",
        "The company has to do the following:",
        "Keep a spare engine on the island",
        "Publish the timetable at the pier",
        "Answer complaints within a week.",
        "The company said it would meet every demand and report back to the council in March, "
        "when the summer timetable is drawn up."]


def test_introduced_list_items_are_body() -> None:
    lines = split_lines("\n\n".join(LIST))
    is_body = np.array([False, True, True, False, False, False, True])
    assert introduced_lists(lines, is_body, line_features(lines)) == [3, 4, 5]
    # no body line after the items: a list of links under the article, not body
    assert introduced_lists(lines[:6], is_body[:6], line_features(lines[:6])) == []
    # the colon line is not body but follows a body paragraph: it introduces its list and is
    # returned with it (issue 12 item 5: it was left out with its items)
    is_body[2] = False
    assert introduced_lists(lines, is_body, line_features(lines)) == [2, 3, 4, 5]
    # ... and nothing when no body paragraph stands before it
    is_body[1] = False
    assert introduced_lists(lines, is_body, line_features(lines)) == []
    # a forced chrome line ends the list: no body after the items
    is_body[1:3] = True
    assert introduced_lists(lines, is_body, line_features(lines), chrome={5}) == []


# Two lists, each introduced by a prose line ending with a colon and followed by prose.
LIST_PAGE = """What The Council Wants From The Ferry Company This Winter.

Pellworth council wants the ferry company to run more boats and talk less about the weather, \
according to the minutes of Tuesday's meeting. As one councillor put it in the debate, \
the island has heard every excuse.

The minutes list what the company has to do before the storms return:

Keep a spare engine on the island
Publish the timetable at the pier
Answer complaints within a week.

The harbour authority, on the other hand, apparently only has to do this:

Stop waiting
Dredge the channel
Paint the pier.

"We have run this service for forty years and we know the sea better than the council \
does. We will read the minutes and answer them in writing," the company's director said on \
Wednesday.
"""


def test_introduced_lists_keep_their_items() -> None:
    # before: "Stop waiting" and "Dredge the channel" were boilerplate (navigation)
    article = dateline.extract(LIST_PAGE, format="text", nlp=False)
    lines = [" ".join(line.split()) for line in LIST_PAGE.split("\n") if line.strip()]
    assert article.headline == lines[0]
    assert _kept(article) == lines


# A results table introduced by a colon line, with a header row and no prose after it.
TABLE = """Home

Results

Pellworth regatta: the final standings

Saturday 6 July 2024 18:40

The annual regatta of the Pellworth sailing club ended on Saturday after four races in light \
winds, and the club published its final standings in the evening.

Final standings after four races, with points per race:

Pos. Boat Skipper Points
1 Gannet Ines Calloway 4 1 2 1
2 Kittiwake Tomas Reddig 2 3 1 3
3 Puffin Ellen Varga 1 2 4 4
4 Shearwater Piet Ansgar 3 4 3 2
5 Fulmar Rosa Kettle 5 5 5 5

* Points: first place 1, second 2, and so on; the lowest total wins.

Share this on WhatsApp

Related: Ferry to get a second vessel next spring

Copyright 2024 Pellworth Ledger. All rights reserved.
"""


def test_introduced_table_keeps_its_rows() -> None:
    # before: the header row and the five rows were boilerplate (prose on one side only)
    article = dateline.extract(TABLE, format="text", nlp=False)
    assert article.paragraphs[1] == "Final standings after four races, with points per race:"
    assert article.paragraphs[2:] == ["Pos. Boat Skipper Points",
                                      "1 Gannet Ines Calloway 4 1 2 1",
                                      "2 Kittiwake Tomas Reddig 2 3 1 3",
                                      "3 Puffin Ellen Varga 1 2 4 4",
                                      "4 Shearwater Piet Ansgar 3 4 3 2",
                                      "5 Fulmar Rosa Kettle 5 5 5 5"]


STREETS = ["Harbour Road", "Mill Lane", "Station Street", "Quarry Hill", "Church Walk",
           "Fenwick Avenue", "Kiln Row", "Marsh Lane", "Orchard Close", "Tannery Yard",
           "Bridge End", "Salter Way", "Goose Green", "Ropewalk", "Chapel Street",
           "Lime Kiln Lane", "West Parade", "Pottery Lane", "Baker's Row", "Weir Road",
           "Cooper Street", "Beacon Rise", "Netherfield Drive", "Old Forge Lane", "Priory Gate",
           "Sandpit Lane", "Wharf Street", "Heron Close", "Copse Road", "Pilgrim Way"]


def _streets_page(tight: bool) -> str:
    """A short article whose colon line introduces 30 street names, one a line (blank lines
    between them or not), and ends with one paragraph after them."""
    return "\n\n".join([
        "Thirty Pellworth roads close for resurfacing from Monday",
        "By Ines Calloway",
        "Pellworth council will resurface thirty streets in the town over the next six weeks, "
        "and each of them will be closed to traffic for up to three days while the work is done.",
        "The work was planned for last summer but was put off when the contractor went into "
        "administration, the council's head of highways told a meeting on Thursday evening.",
        "The closures affect these roads:",
        *(["\n".join(STREETS)] if tight else STREETS),
        "Buses will follow signed diversions while the work goes on, the council said.",
    ]) + "\n"


def test_a_long_introduced_list_and_the_paragraph_after_it_are_body() -> None:
    # a new user's trial (issue 12 item 5): the colon line, the 30 names and the closing
    # paragraph were all boilerplate (related, navigation, other); the HTML path keeps them
    for tight in (False, True):
        article = dateline.extract(_streets_page(tight), format="text", nlp=False)
        assert article.headline == "Thirty Pellworth roads close for resurfacing from Monday"
        assert article.authors == ["Ines Calloway"]
        assert len(article.paragraphs) == 2 + 1 + 30 + 1
        assert article.paragraphs[2] == "The closures affect these roads:"
        assert article.paragraphs[3:33] == STREETS
        assert article.paragraphs[-1] == ("Buses will follow signed diversions while the work "
                                          "goes on, the council said.")
        assert article.boilerplate == []


def test_a_long_list_ends_at_a_blank_line_or_chrome() -> None:
    # a tight list ends at the first blank line: the menu after it is not its items, and with
    # no prose after the items nothing is introduced
    page = "\n\n".join([
        "The harbour authority says the work will take six weeks and start on Monday, a week "
        "later than the council first said.",
        "The closures affect these roads:",
        "\n".join(STREETS[:12]),
        "\n\n".join(["Home", "News", "Sport", "Weather", "Contact us"]),
    ])
    lines = split_lines(page)
    is_body = np.zeros(len(lines), dtype=bool)
    is_body[0] = True
    X = line_features(lines)
    assert introduced_lists(lines, is_body, X) == []
    # the same names followed by a paragraph: the colon line, the names and the paragraph
    lines = split_lines(page.replace("Home", "Buses will follow signed diversions while the "
                                             "work goes on, the council said on Friday."))
    X = line_features(lines)
    assert introduced_lists(lines, is_body, X) == list(range(1, 15))
    # a chrome line among the names (a strong phrase the rules forced out) ends them
    assert introduced_lists(lines, is_body, X, chrome={7}) == []
