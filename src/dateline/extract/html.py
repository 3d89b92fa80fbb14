"""The HTML path (placeholder: trafilatura's text; replaced by the full HTML extractor)."""

from __future__ import annotations

import trafilatura


def extract_html(html: str, url: str | None = None) -> dict:
    """Return article fields for an HTML page."""
    text = trafilatura.extract(html, url=url) or ""
    return {"paragraphs": [p for p in text.split("\n") if p.strip()]}
