"""Server-rendered SVG charts: readable without JavaScript, with a table as the text alternative.

Pure: given counts, return markup. Colours are SVG presentation attributes, not
inline styles, so the strict CSP (no inline style) holds.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from html import escape
from typing import Iterable

# Okabe–Ito colours: distinguishable with the common colour-vision deficiencies
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#F0E442", "#999999")
OTHER = "Other outlets"


@dataclass(frozen=True)
class Coverage:
    days: tuple[date, ...]
    outlets: tuple[str, ...]  # most articles first; the rest folded into OTHER
    counts: dict[tuple[date, str], int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def daily_coverage(rows: Iterable[tuple[datetime, str, int]], today: date, days: int = 30,
                   max_outlets: int = len(PALETTE) - 1) -> Coverage:
    span = tuple(today - timedelta(days=d) for d in range(days - 1, -1, -1))
    first = span[0]
    per_outlet: Counter[str] = Counter()
    raw: Counter[tuple[date, str]] = Counter()
    for when, outlet, n in rows:
        day = when.date()
        if first <= day <= today:
            raw[(day, outlet)] += n
            per_outlet[outlet] += n
    ranked = [o for o, _ in sorted(per_outlet.items(), key=lambda kv: (-kv[1], kv[0]))]
    kept = ranked[:max_outlets] if len(ranked) > max_outlets + 1 else ranked
    counts: dict[tuple[date, str], int] = defaultdict(int)
    for (day, outlet), n in raw.items():
        counts[(day, outlet if outlet in kept else OTHER)] += n
    outlets = tuple(kept) + ((OTHER,) if len(kept) < len(ranked) else ())
    return Coverage(span, outlets, dict(counts))


def coverage_svg(cov: Coverage, title: str, width: int = 640, height: int = 180) -> str:
    """A stacked bar per day, a colour per outlet, with a legend; the figure's table says the same."""
    pad_left, pad_bottom, pad_top = 28, 22, 8
    plot_w, plot_h = width - pad_left - 4, height - pad_bottom - pad_top
    peak = max([sum(cov.counts.get((d, o), 0) for o in cov.outlets) for d in cov.days] + [1])
    bar_w = plot_w / len(cov.days)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
             f'aria-labelledby="chart-title" class="chart"><title id="chart-title">{escape(title)}</title>',
             f'<line x1="{pad_left}" y1="{pad_top + plot_h}" x2="{width - 4}" y2="{pad_top + plot_h}" '
             f'stroke="currentColor" stroke-width="1"/>',
             f'<text x="{pad_left - 4}" y="{pad_top + 8}" text-anchor="end" font-size="10" fill="currentColor">{peak}</text>']
    for i, day in enumerate(cov.days):
        y = pad_top + plot_h
        for k, outlet in enumerate(cov.outlets):
            n = cov.counts.get((day, outlet), 0)
            if not n:
                continue
            h = plot_h * n / peak
            y -= h
            parts.append(f'<rect x="{pad_left + i * bar_w + 1:.1f}" y="{y:.1f}" width="{max(bar_w - 2, 1):.1f}" '
                         f'height="{h:.1f}" fill="{PALETTE[k % len(PALETTE)]}"><title>{escape(outlet)}, '
                         f'{day.isoformat()}: {n}</title></rect>')
        if i % 7 == (len(cov.days) - 1) % 7:  # every week, ending on today
            anchor = "end" if i == len(cov.days) - 1 else "middle"
            x = pad_left + (i + 1) * bar_w if anchor == "end" else pad_left + i * bar_w + bar_w / 2
            parts.append(f'<text x="{x:.1f}" y="{height - 6}" text-anchor="{anchor}" '
                         f'font-size="10" fill="currentColor">{day.strftime("%d %b")}</text>')
    parts.append("</svg>")
    return "".join(parts)


def legend(cov: Coverage) -> list[tuple[str, str]]:
    return [(outlet, PALETTE[k % len(PALETTE)]) for k, outlet in enumerate(cov.outlets)]
