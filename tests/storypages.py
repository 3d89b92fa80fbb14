"""Pages written for the story tests: a dock strike at an invented port, a follow-up the next
day by another outlet, and a second strike led by the same union leader at another port a few
days later, with its own follow-up."""

from __future__ import annotations

import html


def page(outlet: str, published: str, headline: str, standfirst: str | None,
         paragraphs: list[str]) -> bytes:
    """An HTML news page with the outlet's name and the publication time in its metadata (and
    no standfirst paragraph when ``standfirst`` is None)."""
    lead = f'<p class="standfirst">{html.escape(standfirst)}</p>\n' if standfirst else ""
    body = lead + "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{html.escape(headline)} | {outlet}</title>
<meta property="og:site_name" content="{outlet}">
<meta property="article:published_time" content="{published}">
</head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>{html.escape(headline)}</h1>
{body}
</article><footer>Copyright {outlet}</footer></body></html>""".encode()


STRIKE = page(
    "The Harbour Wire", "2025-03-03T09:15:00+00:00",
    "Dockers walk out at Port Ellery over pay",
    "Hundreds of port workers stopped work after talks with the operator broke down.",
    ["About 400 dockers at Port Ellery walked off the job on Monday, halting cargo traffic "
     "after pay talks with operator Ellery Harbour Holdings collapsed.",
     "“Our members have had enough of promises,” said Mara Quist, general secretary of the "
     "Coastal Workers Union.",
     "Ellery Harbour Holdings said in a statement that it regretted the action and remained "
     "open to talks."])

FOLLOW_UP = page(
    "The Midvale Courier", "2025-03-04T11:40:00+00:00",
    "Ships queue off Port Ellery as dock strike goes on",
    "No new talks are planned between the union and the port operator.",
    ["Container ships were anchored off Port Ellery on Tuesday as the dockers' walkout over "
     "pay went into a second day.",
     "Mara Quist of the Coastal Workers Union said the workers had not been invited back to "
     "the table.",
     "“We are losing money every hour the cranes stand still,” a spokesperson for Ellery "
     "Harbour Holdings said."])

OTHER_PORT = page(
    "Daily Clarion", "2025-03-08T08:05:00+00:00",
    "Strike shuts Dunmore Bay docks",
    "A second port is hit by walkouts as the union widens its campaign.",
    ["Cargo handling at Dunmore Bay came to a standstill on Saturday when 250 port workers "
     "went on strike over a pay offer from Sefton Marine Logistics.",
     "“Our members at Dunmore Bay deserve the same as everyone else,” said Mara Quist, "
     "general secretary of the Coastal Workers Union.",
     "Sefton Marine Logistics said the offer was the best it could afford."])

OTHER_PORT_FOLLOW_UP = page(
    "The Harbour Wire", "2025-03-09T16:20:00+00:00",
    "Dunmore Bay dock strike enters second day",
    "Lorries are backed up on the approach road to the Dunmore Bay terminal.",
    ["The strike at Dunmore Bay entered its second day on Sunday with no talks scheduled "
     "between the union and Sefton Marine Logistics.",
     "Hauliers reported lorries backed up on the approach road to the Dunmore Bay docks.",
     "Mara Quist told reporters at the Dunmore Bay picket line that the workers would stay "
     "out."])

#: in the order they arrive
PAGES = [STRIKE, FOLLOW_UP, OTHER_PORT, OTHER_PORT_FOLLOW_UP]
