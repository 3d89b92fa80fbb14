"""Events on the entity page (issue 11, item 5): what the entity did and what was done to it,
by PLOVER type, over time.

:func:`entity_events` gathers the page's figures from the store (``Store.event_counts`` and
``Store.events``); :func:`stacked_chart` draws one role's events per month as inline SVG, one
stacked bar a month, one segment per type (escaped labels, no script, nothing fetched; the
same frame as :func:`dateline.web.chart.bar_chart`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup, escape

from dateline.corpus.events import EVENT_TYPES, EventCount
from dateline.corpus.results import EventHit
from dateline.web.chart import HEIGHT, PAD_BOTTOM, PAD_LEFT, PAD_TOP, fill_months, frame

#: how many of the newest events of each role the page lists
RECENT = 10


@dataclass
class RoleEvents:
    """One role of an entity's events: ``counts`` per PLOVER type (most first, then in
    PLOVER's order), the ``chart`` of them per month, the ``recent`` events and how many
    there are in all (``total``)."""

    counts: list[tuple[str, int]] = field(default_factory=list)
    chart: Markup = field(default_factory=Markup)
    recent: list[EventHit] = field(default_factory=list)
    total: int = 0
    undated: int = 0


def _months(counts: list[EventCount]) -> list[tuple[str, dict[str, int]]]:
    """``[(YYYY-MM, {type: count})]`` from the first to the last month, gaps included."""
    by_month: dict[str, dict[str, int]] = {}
    for c in counts:
        if c.month is not None:
            cell = by_month.setdefault(c.month, {})
            cell[c.type] = cell.get(c.type, 0) + c.count
    months = fill_months({m: sum(v.values()) for m, v in by_month.items()})
    return [(m, by_month.get(m, {})) for m, _ in months]


def stacked_chart(series: list[tuple[str, dict[str, int]]], label: str = "events",
                  unit: str = "event") -> Markup:
    """Return an ``<svg>`` of stacked bars, one per ``(month, {type: count})`` of ``series``,
    or empty markup for no series. Segments are stacked in PLOVER's order of types, each a
    ``<rect class="bar event-<type>">`` with a ``<title>`` ("2023-03: 2 ACCUSE events", "1
    ACCUSE event": ``unit`` for one)."""
    if not series:
        return Markup("")
    top = max(sum(v.values()) for _, v in series) or 1
    parts, plot_h, slot, bar_w, every = frame(len(series), top, label)
    for i, (month, cell) in enumerate(series):
        x = PAD_LEFT + i * slot + (slot - bar_w) / 2
        base: float = PAD_TOP + plot_h
        for kind in (t for t in EVENT_TYPES if cell.get(t)):
            h = plot_h * cell[kind] / top
            base -= h
            parts.append(f'<rect class="bar event-{kind.lower()}" x="{x:.1f}" y="{base:.1f}" '
                         f'width="{bar_w:.1f}" height="{h:.1f}"><title>{escape(month)}: '
                         f'{cell[kind]} {kind} {escape(unit if cell[kind] == 1 else label)}'
                         '</title></rect>')
        if i % every == 0:
            parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{HEIGHT - PAD_BOTTOM + 16}" '
                         f'text-anchor="middle" class="tick">{escape(month)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _role(store, key: str, role: str, counts: list[EventCount]) -> RoleEvents:
    mine = [c for c in counts if c.role == role]
    per_type: dict[str, int] = {}
    for c in mine:
        per_type[c.type] = per_type.get(c.type, 0) + c.count
    order = sorted(per_type.items(), key=lambda kv: (-kv[1], EVENT_TYPES.index(kv[0])
                                                     if kv[0] in EVENT_TYPES else 99))
    recent, total = store.events(**{role: key}, limit=RECENT)
    return RoleEvents(counts=order, chart=stacked_chart(_months(mine)), recent=recent,
                      total=total, undated=sum(c.count for c in mine if c.month is None))


def entity_events(store, key: str) -> dict[str, RoleEvents]:
    """``{"did": ..., "done_to": ...}``: the :class:`RoleEvents` of the entity of corpus key
    ``key`` as source and as target of stored events."""
    counts = store.event_counts(key)
    return {"did": _role(store, key, "source", counts),
            "done_to": _role(store, key, "target", counts)}
