"""A small bar chart drawn on the server as inline SVG (no script, nothing fetched).

Used by the entity page for "quotes over time": one bar per calendar month, months with no
quotes included so the time axis is even.
"""

from __future__ import annotations

from markupsafe import Markup, escape

WIDTH, HEIGHT = 640, 180
PAD_LEFT, PAD_BOTTOM, PAD_TOP = 28, 34, 10


def fill_months(counts: dict[str, int] | list) -> list[tuple[str, int]]:
    """Return ``[(YYYY-MM, count)]`` from the first to the last month, gaps filled with 0.

    ``counts`` maps ``"YYYY-MM"`` to a count, or is a list of ``(month, count)`` pairs or of
    ``{"month", "count"}`` dicts; malformed months are ignored.
    """
    if isinstance(counts, dict):
        pairs = list(counts.items())
    else:
        pairs = [(c["month"], c["count"]) if isinstance(c, dict) else tuple(c) for c in counts]
    data: dict[tuple[int, int], int] = {}
    for month, count in pairs:
        try:
            y, m = int(str(month)[:4]), int(str(month)[5:7])
        except ValueError:
            continue
        if 1 <= m <= 12:
            data[(y, m)] = data.get((y, m), 0) + int(count)
    if not data:
        return []
    (y, m), last = min(data), max(data)
    out = []
    while (y, m) <= last:
        out.append((f"{y:04d}-{m:02d}", data.get((y, m), 0)))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def frame(bars: int, top: int, label: str) -> tuple[list[str], float, float, float, int]:
    """The frame of a chart of ``bars`` bars up to ``top``: its opening SVG parts (the
    ``<svg>``, the axis, the ``top`` and 0 ticks), the plot's height, each bar's slot and
    width, and how many bars apart the axis labels go (at most about 8 labels)."""
    plot_w, plot_h = WIDTH - PAD_LEFT - 4, HEIGHT - PAD_BOTTOM - PAD_TOP
    slot = plot_w / bars
    bar_w = max(1.0, slot * 0.8)
    every = max(1, bars // 8)
    parts = [f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
             f'aria-label="{escape(label)} per month" xmlns="http://www.w3.org/2000/svg">',
             f'<line x1="{PAD_LEFT}" y1="{PAD_TOP + plot_h}" x2="{WIDTH - 4}" '
             f'y2="{PAD_TOP + plot_h}" class="axis"/>',
             f'<text x="{PAD_LEFT - 4}" y="{PAD_TOP + 8}" text-anchor="end" '
             f'class="tick">{top}</text>',
             f'<text x="{PAD_LEFT - 4}" y="{PAD_TOP + plot_h}" text-anchor="end" '
             f'class="tick">0</text>']
    return parts, plot_h, slot, bar_w, every


def bar_chart(series: list[tuple[str, int]], label: str = "quotes") -> Markup:
    """Return an ``<svg>`` bar chart of ``series`` (``[(label, value)]``), or empty markup.

    Each bar carries a ``<title>`` ("2023-03: 4 quotes") for hovering; labels are escaped.
    """
    if not series:
        return Markup("")
    top = max(v for _, v in series) or 1
    parts, plot_h, slot, bar_w, every = frame(len(series), top, label)
    for i, (name, value) in enumerate(series):
        h = plot_h * value / top
        x = PAD_LEFT + i * slot + (slot - bar_w) / 2
        y = PAD_TOP + plot_h - h
        parts.append(f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" '
                     f'height="{h:.1f}"><title>{escape(name)}: {value} {escape(label)}</title>'
                     f'</rect>')
        if i % every == 0:
            parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{HEIGHT - PAD_BOTTOM + 16}" '
                         f'text-anchor="middle" class="tick">{escape(name)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
