"""Mark quotations and entity mentions in article text, safely.

The text is escaped first and ``<mark>`` elements are inserted around the escaped pieces, so no
character of the article can ever become markup. Spans are ``[start, end)`` **code-point offsets
into the unescaped string** (Python ``str`` indices, as in :class:`dateline.model.Span`).
Overlapping spans nest when one contains the other; when two cross, the later one is closed and
reopened around the boundary so the HTML stays well formed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup, escape

from dateline.model import Article, Event

_CLASS_OK = re.compile(r"^[a-z][a-z0-9-]*$")


@dataclass(frozen=True)
class Highlight:
    """One stretch to mark: ``text[start:end]`` gets ``<mark class=... title=...>``.

    ``classes`` are CSS class names (lower-case letters, digits and ``-`` only; others are
    dropped); ``title`` is plain text (escaped on output) shown as the tooltip.
    """

    start: int
    end: int
    classes: tuple[str, ...]
    title: str = ""


def _open_tag(h: Highlight) -> str:
    classes = " ".join(c for c in h.classes if _CLASS_OK.match(c))
    attrs = f' class="{classes}"' if classes else ""
    if h.title:
        attrs += f' title="{escape(h.title)}"'
    return f"<mark{attrs}>"


def highlight(text: str, spans: list[Highlight]) -> Markup:
    """Return ``text`` as escaped HTML with each span wrapped in a ``<mark>``.

    Spans outside the text are clipped; empty ones are ignored. The result is a ``Markup`` so
    Jinja2 does not escape it a second time.
    """
    n = len(text)
    marks = sorted(
        (Highlight(max(0, h.start), min(n, h.end), h.classes, h.title) for h in spans
         if min(n, h.end) > max(0, h.start)),
        key=lambda h: (h.start, -h.end),
    )
    bounds = sorted({0, n, *(h.start for h in marks), *(h.end for h in marks)})
    out: list[str] = []
    stack: list[Highlight] = []
    pending = list(marks)
    for i, pos in enumerate(bounds):
        # Close every mark ending here; marks opened after it are closed and reopened.
        ending = [i for i, h in enumerate(stack) if h.end == pos]
        if ending:
            low = ending[0]
            reopen = [h for h in stack[low:] if h.end > pos]
            out.append("</mark>" * (len(stack) - low))
            del stack[low:]
            for h in reopen:
                out.append(_open_tag(h))
                stack.append(h)
        while pending and pending[0].start == pos:
            h = pending.pop(0)
            out.append(_open_tag(h))
            stack.append(h)
        if i + 1 < len(bounds):
            out.append(str(escape(text[pos:bounds[i + 1]])))
    out.append("</mark>" * len(stack))
    return Markup("".join(out))


def _slug(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-") or "other"


def article_highlights(article: Article) -> dict[tuple[str, int], list[Highlight]]:
    """Collect the highlights of ``article`` keyed by ``(part, index)``.

    Quotes give ``quote quote-<kind>`` marks titled with the speaker ("Quote by Agnes
    Thornbury", or "Quote, speaker unknown"); a speaker's mention gets ``speaker``; every entity
    mention gets ``entity entity-<type>`` titled "<TYPE>: <canonical name>"; every event's
    trigger words get ``event event-<type>`` titled as :func:`_event_title` says.
    """
    out: dict[tuple[str, int], list[Highlight]] = {}

    def add(part: str, index: int, h: Highlight) -> None:
        out.setdefault((part, index), []).append(h)

    for q in article.quotes:
        who = q.speaker.name if q.speaker else None
        title = f"Quote by {who}" if who else "Quote, speaker unknown"
        add(q.span.part, q.span.index,
            Highlight(q.span.start, q.span.end, ("quote", f"quote-{_slug(q.kind)}"), title))
        if q.speaker and q.speaker.mention:
            m = q.speaker.mention
            add(m.part, m.index, Highlight(m.start, m.end, ("speaker",), f"Speaker: {who}"))
    for ev in article.events:
        t = ev.trigger_span
        add(t.part, t.index, Highlight(t.start, t.end, ("event", f"event-{_slug(ev.type)}"),
                                       _event_title(ev)))
    for ent in article.entities:
        for m in ent.mentions:
            add(m.part, m.index, Highlight(
                m.start, m.end, ("entity", f"entity-{_slug(ent.type)}"),
                f"{ent.type}: {ent.name}"))
    return out


def _event_title(ev: Event) -> str:
    """"ACCUSE by Vladimir Putin of West, 2022-02-01": type, source, target and date (and
    "in <place>") of an event, the parts it has."""
    title: str = ev.type
    if ev.source is not None:
        title += f" by {ev.source.name}"
    if ev.target is not None:
        title += f" of {ev.target.name}"
    if ev.where is not None:
        title += f" in {ev.where.name}"
    return title + (f", {ev.when}" if ev.when else "")
