"""Server-side SVG charts. Each is drawn with its values written on it (never colour alone)
and shown beside a data table with the same figures."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape

# Government Analysis Function palette, first colour (dark blue) and a reference line colour.
BAR = "#12436D"
LINE = "#F46A25"


@dataclass
class Bar:
    label: str
    value: Decimal | None  # a rate from 0 to 1, or a share of the axis for counts
    text: str = ""  # written on the bar; the percentage when blank


def bar_chart_svg(
    bars: list[Bar],
    *,
    title: str,
    reference: Decimal | None = None,
    chart_id: str = "chart",
    axis_max: int | None = None,
) -> str:
    """Percent axis by default; `axis_max` labels the axis with counts from 0 to axis_max."""
    width, height, left, bottom, top = max(360, 56 * len(bars) + 60), 240, 48, 40, 16
    plot = height - bottom - top
    step = (width - left - 10) / max(len(bars), 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="vs-chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'font-family="GDS Transport, arial, sans-serif" aria-labelledby="{chart_id}-title">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
    ]
    for tick in (0, 50, 100):
        y = top + plot * (1 - tick / 100)
        label = f"{tick}%" if axis_max is None else f"{axis_max * tick // 100}"
        parts.append(
            f'<line x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" stroke="#b1b4b6" />'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="12">{label}</text>'
        )
    for i, bar in enumerate(bars):
        parts.append(_bar(bar, left + i * step, step, top, plot))
    if reference is not None:
        y = top + plot * (1 - float(reference))
        parts.append(
            f'<line x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" stroke="{LINE}" '
            f'stroke-dasharray="6 4" stroke-width="2" />'
        )
    parts.append("</svg>")
    return "".join(parts)


def _bar(bar: Bar, x: float, step: float, top: int, plot: int) -> str:
    label_y = top + plot + 16
    text = (
        f'<text x="{x + step / 2:.1f}" y="{label_y}" text-anchor="middle" font-size="12">'
        f"{escape(bar.label)}</text>"
    )
    if bar.value is None:
        return text
    h = plot * float(bar.value)
    y = top + plot - h
    value = escape(bar.text) or f"{(bar.value * 100).quantize(Decimal('1'))}%"
    return (
        text
        + f'<rect x="{x + step * 0.15:.1f}" y="{y:.1f}" width="{step * 0.7:.1f}" height="{h:.1f}" '
        f'fill="{BAR}" />'
        f'<text x="{x + step / 2:.1f}" y="{max(y - 4, 12):.1f}" text-anchor="middle" '
        f'font-size="12">{value}</text>'
    )
