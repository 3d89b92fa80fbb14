"""A feed that is no feed is named as unreadable, never read as a feed of no pages, and a feed
with no entries is no failure (session 9's trial: `dateline ingest --feed` of an empty file, or
of a well-formed home page, said "0 pages" with exit status 0; a valid RSS file without items
failed as "not a readable RSS/Atom feed or sitemap: no Content-type specified")."""

from __future__ import annotations

import pytest

from dateline.cli import main
from dateline.errors import UnreadableInputError
from dateline.sources.feeds import feed_links

HOME_PAGE = (b"<html><head><title>The Kelby Echo</title></head><body>"
             b"<h1>Latest news</h1><p><a href='/a'>Kelby ferry returns</a></p></body></html>")
EMPTY_RSS = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>Kelby Echo</title>'
             b"</channel></rss>")


@pytest.mark.parametrize(("data", "reason"), [
    (b"", "the file is empty"),
    (HOME_PAGE, "no RSS, Atom or sitemap element in it (a web page?)"),
])
def test_a_document_that_is_no_feed_is_unreadable(data, reason):
    with pytest.raises(UnreadableInputError) as caught:
        feed_links(data, "https://kelby.example/")
    assert str(caught.value) == ("https://kelby.example/ is not a readable RSS/Atom feed or "
                                 f"sitemap: {reason}")


def test_a_feed_without_entries_lists_no_page():
    assert feed_links(EMPTY_RSS, "https://kelby.example/rss") == ([], [])


def test_ingest_of_an_empty_feed_file_records_its_failure(tmp_path, capsys):
    feed = tmp_path / "feed.xml"
    feed.write_bytes(b"")
    db = str(tmp_path / "d.db")
    status = main(["ingest", "--db", db, "--no-progress", "--no-nlp", "--feed", str(feed)])
    err = capsys.readouterr().err
    assert status == 3
    assert (f"FAILED {feed}: unreadable: {feed} is not a readable RSS/Atom feed or sitemap: "
            "the file is empty") in err.splitlines()
