"""Reader comments under an article: a thread with its own time lines is not body.

Pages written by the dateline team (issue 12, item 5); the expected values are worked out by hand.
"""

from __future__ import annotations

import dateline
from dateline.extract.comment_thread import comment_lines
from dateline.extract.lines import line_features, split_lines

THREAD = [
    "Pellworth ferry to get a second vessel next spring",
    "Tuesday 12 March 2024 9:15 am by Ines Calloway",
    "The harbour authority of Pellworth will lease a second ferry from next spring, it said "
    "on Monday, so that a breakdown of the only vessel no longer cuts the island off from the"
    " mainland.",
    "The leased ship, built in 1998, carries 240 passengers and 30 cars, twice as many as the"
    " ferry now in service, and will sail the morning and evening crossings in summer.",
    "The authority said the lease would cost 1.2 million pounds a year, paid from the harbour"
    " dues, and that fares would not rise before the end of next year.",
    "Islanders have asked for a second vessel since the storms of last winter, when the ferry"
    " stayed in port for three weeks and food reached the shops only by helicopter.",
    "[ 42 comments ]",
    "Top Rated Comments",
    "harbourfan",
    "2 days ago at 07:52 am",
    "The second vessel is the right decision, and the harbour dues were raised for exactly "
    "this purpose in 2019, when the council promised a reserve ship within five years.",
    "The lease also covers the crew, which matters more than the ship itself, because the "
    "authority has struggled to hire qualified deck officers on the island for a decade.",
    "Rating: 36 Votes",
    "seadog77",
    "2 days ago at 08:10 am",
    "The morning crossing should keep its old departure time, since the school bus on the "
    "mainland side leaves at eight and the children would otherwise miss it every day.",
    "Twice as many cars will also need a longer queue lane at the pier, which the council has"
    " not planned for, and the high street already fills with traffic on summer Saturdays.",
    "Rating: 12 Votes",
    "m.oyelaran",
    "1 day ago at 11:31 pm",
    "A ship built in 1998 will need its engines replaced within a few years, and the lease "
    "does not say who pays for that work or where the ferry sails while it is done.",
    "Rating: 9 Votes",
    "[ Read All Comments ]",
]

PAGE = "\n\n".join(THREAD) + "\n"


def test_comment_thread_leaves_the_body() -> None:
    # before: the four longest comments were body paragraphs after the article
    article = dateline.extract(PAGE, format="text", nlp=False)
    assert article.paragraphs == THREAD[2:6]
    kinds = {b.text: b.kind for b in article.boilerplate}
    assert kinds[THREAD[10]] == "comments"


def test_no_thread_without_time_lines() -> None:
    # the same page without the comments' time lines: a marker alone takes nothing
    lines = split_lines("\n\n".join(t for t in THREAD if " ago at " not in t))
    X = line_features(lines)
    is_body = X[:, 1] > 3.0  # lines of 20 words or more
    assert comment_lines(lines, is_body, X) == []


def test_marker_before_the_article_is_not_a_thread() -> None:
    # "0 Comments" in the byline stands before the article, whose lines are not comments,
    # even with time lines above its paragraphs (a marker inside the body would make a thread)
    lines = split_lines("\n\n".join(["by Ines Calloway 0 Comments", THREAD[2],
                                     "2 days ago at 07:52 am", THREAD[3],
                                     "1 day ago at 11:31 pm", THREAD[4], THREAD[5]]))
    X = line_features(lines)
    is_body = X[:, 1] > 3.0
    assert comment_lines(lines, is_body, X) == []


TIMELINE = [
    "Home | News | Sport | Weather | Contact",
    "How the Kelso bridge came down: a timeline",
    "The road bridge over the Tarn river at Kelso closed in stages over six weeks before its "
    "central span fell on Sunday night, records released by the county show.",
    "Share | 12 comments",
    "3 February",
    "Engineers from the county's roads department report a crack in the north pier after a "
    "routine inspection and ask for lorries over 18 tonnes to be kept off the bridge.",
    "17 February",
    "The bridge is closed to all traffic at night while divers examine the footings, and the "
    "ferry service between Kelso and Marrow Point runs two extra crossings a day.",
    "9 March",
    "Heavy rain raises the river by two metres in a day; the county closes the bridge "
    "completely, and the central span falls into the water shortly before midnight.",
    "Copyright 2024 Tarn Valley Gazette",
]


def test_a_comment_count_bar_under_the_standfirst_opens_no_thread() -> None:
    # review: the dated entries of a timeline under "Share | 12 comments" were taken out as
    # comments, leaving the standfirst alone as the body
    article = dateline.extract("\n\n".join(TIMELINE) + "\n", format="text", nlp=False)
    # and its date lines are body too (they were navigation: dated entries, issue 12 item 5)
    assert article.paragraphs == [TIMELINE[2], *TIMELINE[4:10]]
    assert "comments" not in {b.kind for b in article.boilerplate if b.text != TIMELINE[3]}
