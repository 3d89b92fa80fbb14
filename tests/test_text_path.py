"""The plain-text path on the repository's own sample scrapes (values worked out by hand)."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.extract.boilerplate import classify_blocks
from dateline.extract.result import Extraction
from dateline.extract.text import extract_text
from dateline.model import Article, Image, Source

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def _record(name: str) -> Extraction:
    return extract_text((SAMPLES / name).read_text(encoding="utf-8"))


def _kinds(record: Extraction) -> dict[str, str]:
    return {b.text: b.kind for b in record.boilerplate}


def test_harbour_metadata() -> None:
    r = _record("harbour-council-vote.txt")
    assert r.headline == "Harbour council votes to close Pellworth ferry terminal after 80 years"
    assert r.standfirst == (
        "Residents say the decision leaves the island without a winter crossing")
    assert r.authors == ["Marta Okonkwo-Reyes", "Daniel Frisby"]
    assert r.published == "2023-03-09T18:42:00+00:00"
    assert r.updated is None
    assert r.images == [Image(
        caption="Ferry passengers queue at the Pellworth terminal on the last Saturday of the "
                "summer timetable",
        credit="Ledger Photo/Ines Calloway", url=None)]


def test_harbour_body() -> None:
    paragraphs = _record("harbour-council-vote.txt").paragraphs
    assert len(paragraphs) == 8
    assert paragraphs[0].startswith("Pellworth harbour council voted on Wednesday night")
    assert paragraphs[-1].endswith("A spokesperson declined to comment further.")
    assert not any("donation" in p or "comment" in p.lower()[:40] for p in paragraphs)


def test_harbour_boilerplate_kinds() -> None:
    r = _record("harbour-council-vote.txt")
    kinds = _kinds(r)
    assert kinds["Get breaking news alerts from The Coastal Ledger"] == "notification_prompt"
    assert kinds["You can turn off notifications at any time in your browser settings."] == \
        "notification_prompt"
    assert kinds["Comments"] == "comments"
    assert kinds["Independent journalism needs you"] == "donation_appeal"
    assert kinds["Donate now"] == "donation_appeal"
    appeal = [t for t in kinds if t.startswith("Readers like you")]
    assert appeal and kinds[appeal[0]] == "donation_appeal"
    assert kinds["Join the conversation"] == "comments"
    assert kinds["Log in to comment"] in {"login", "comments"}
    assert kinds["Sign in with your Ledger account or register for free to join the discussion."] \
        == "login"
    assert kinds["Most read"] == "related"
    assert kinds["1. Lifeboat crew honoured for winter rescue"] == "related"
    # every non-blank line is one block, in page order: fields (headline, standfirst, byline,
    # timestamp), the image's two lines, body or boilerplate
    text = (SAMPLES / "harbour-council-vote.txt").read_text(encoding="utf-8")
    non_blank = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    assert [b.text for b in r.blocks] == non_blank
    assert [b.line for b in r.blocks] == list(range(len(non_blank)))
    kinds = [b.kind for b in r.blocks]
    assert (kinds.count("metadata"), kinds.count("caption"), kinds.count("body")) == (4, 2, 8)


def test_northfield_record() -> None:
    r = _record("northfield-library-reopens.txt")
    assert r.headline == "Northfield library to reopen after flood repairs"
    assert r.standfirst == (
        "Volunteers rescued 12,000 books from the basement archive in February")
    assert r.authors == ["Priya Castellanos"]
    assert r.published == "2024-06-14T07:15:00+01:00"
    assert r.updated == "2024-06-14T11:02:00+01:00"
    assert r.images == [Image(
        caption="Volunteers carry boxes of books out of the flooded basement of Northfield "
                "library", credit="Courier Photo/Tom Ashby", url=None)]
    assert len(r.paragraphs) == 7
    assert r.paragraphs[0].startswith("Northfield's central library will reopen on Monday")
    assert r.paragraphs[-1].endswith("are on the council's website.")
    kinds = _kinds(r)
    assert kinds["Skip to main content"] == "navigation"
    assert kinds["* Sport"] == "navigation"
    assert kinds["Share on Facebook"] == "social"
    assert kinds["Related articles"] == "related"
    assert kinds["* Council approves budget for new school roof"] == "related"
    assert kinds["Sign up to the Courier Daily newsletter for the morning's top stories in your "
                 "inbox."] == "newsletter"
    assert kinds["© 2024 The Northfield Courier. All rights reserved."] == "other"


def test_records_validate_as_articles() -> None:
    for name in ("harbour-council-vote.txt", "northfield-library-reopens.txt"):
        r = _record(name)
        article = r.article(id="x", source=Source(uri=name, format="text", sha256="x"))
        Article.model_validate(article.model_dump())
        assert article.paragraphs == r.paragraphs and article.images == r.images


def test_empty_and_blank_pages() -> None:
    assert extract_text("").paragraphs == []
    assert extract_text("\n \n\t\n").boilerplate == []


def test_classify_blocks() -> None:
    kinds = classify_blocks([
        "The council voted on Wednesday night to close the island's ferry terminal at the end "
        "of the year, ending a service that has run since 1943.",
        "Sign up to our morning newsletter",
        "Thornbury said the council would spend the savings on a new slipway at Dunmore Point, "
        "three miles up the coast, and that work would start in the spring.",
        "Donate now",
        "",
    ])
    assert kinds == [None, "newsletter", None, "donation_appeal", "other"]
    assert classify_blocks([]) == []


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=80), st.sampled_from(
    ["", "By Jane Doe", "Comments", "Donate now", "12 May 2021 09:30 BST",
     "A long enough sentence that reads like the prose of an article body, with a full stop."])),
    max_size=30))
def test_never_raises_and_is_deterministic(parts: list[str]) -> None:
    text = "\n".join(parts)
    first = extract_text(text)
    assert asdict(extract_text(text)) == asdict(first)
    first.article(id="x", source=Source(uri="-", format="text", sha256="x"))


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400))
def test_any_text_never_raises(text: str) -> None:
    record = extract_text(text)
    assert asdict(extract_text(text)) == asdict(record)
    assert all(b.text.strip() for b in record.boilerplate)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(max_size=120), max_size=12))
def test_classify_blocks_never_raises(blocks: list[str]) -> None:
    kinds = classify_blocks(blocks)
    assert len(kinds) == len(blocks)
    assert all(k is None or isinstance(k, str) for k in kinds)


def test_strong_phrases_need_short_lines() -> None:
    from dateline.extract.boilerplate import strong_kind

    assert strong_kind("Comments") == "comments"
    assert strong_kind("Donate now") == "donation_appeal"
    assert strong_kind("Thank you for registering") == "login"
    assert strong_kind("You can turn off notifications at any time in your browser settings.") \
        == "notification_prompt"
    # a one-word phrase in a sentence of the article does not make it chrome
    assert strong_kind("The department did not respond to a request for comment.") is None
    assert strong_kind("He said he would donate the prize money to the lifeboat crew.") is None
