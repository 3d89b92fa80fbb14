"""The plain-text path (placeholder: every non-blank line is body; replaced by the line model)."""

from __future__ import annotations


def extract_text(text: str) -> dict:
    """Return article fields for a plain-text scrape."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    return {"headline": lines[0] if lines else None, "paragraphs": lines[1:]}
