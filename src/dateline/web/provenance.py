"""Quote provenance on the web (issue 10 item 3): ``GET /api/v1/quotes/{id}/provenance`` and the
page ``/quotes/{id}``, the timeline of a quotation with its wording differences marked word by
word (:func:`dateline.corpus.quote_variants.word_diff`; the template escapes every word)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from dateline.corpus.provenance import Provenance, report_time
from dateline.corpus.quote_variants import Segment, word_diff
from dateline.web.pages import render

router = APIRouter()

#: What each variant is called on the page.
VARIANT_LABELS = {"verbatim": "verbatim", "misquote": "misquoted", "truncated": "truncated",
                  "paraphrase": "paraphrased", "conflicting_speaker": "another speaker"}


def _provenance(request: Request, quote_id: int) -> Provenance:
    found = request.app.state.store.quote_provenance(quote_id)
    if found is None:
        raise HTTPException(404, "no such quotation")
    return found


@router.get("/api/v1/quotes/{quote_id}/provenance", response_model=Provenance,
            tags=["quotes"], summary="Where a quotation came from",
            responses={404: {"description": "no such quotation"}})
def quote_provenance(request: Request, quote_id: int):
    """A quotation (``quote_id`` as in quote lookup), its first report (earliest publication,
    compared in UTC; then earliest stored) and its other occurrences across the store, earliest
    first, each with its variant: verbatim, misquote, truncated, paraphrase or
    conflicting_speaker (the same words given to another speaker)."""
    return _provenance(request, quote_id)


@router.get("/quotes/{quote_id}", response_class=HTMLResponse, include_in_schema=False)
def quote_page(request: Request, quote_id: int):
    """The timeline of a quotation: every report, earliest first, its wording marked word by
    word against the quotation asked about (not for paraphrases: reported speech)."""
    found = _provenance(request, quote_id)
    quote = found.quote
    reports: list[dict[str, Any]] = [{"quote_id": quote.quote_id, "article_id": quote.article_id,
                "headline": quote.headline, "publisher": quote.publisher,
                "published": quote.published, "speaker": quote.speaker, "kind": quote.kind,
                "variant": None, "label": "this quotation", "segments": word_diff(
                    quote.text, quote.text)}]
    for occ in found.occurrences:
        # reported speech says the content in other words: its words are not compared
        segments = [Segment("same", occ.text)] if occ.variant == "paraphrase" else \
            word_diff(quote.text, occ.text)
        reports.append({**occ.model_dump(), "label": VARIANT_LABELS[occ.variant],
                        "segments": segments})
    # the first report first, then by time (stable: this quotation before its ties)
    first_id = found.first_report.quote_id
    timeline = sorted(reports, key=lambda r: (r["quote_id"] != first_id,
                                              report_time(r["published"])))
    return render(request, "quote.html", p=found, q=quote, timeline=timeline,
                  first_id=first_id)

