"""A breakdown drawn as a bar chart (server-side SVG, Analysis Function palette), with values
written on the bars; suppressed values are left out of the chart as they are of the table."""

from __future__ import annotations

from decimal import Decimal

from django.utils.text import slugify

from core.charts import Bar, bar_chart_svg
from reports.figures import Breakdown

SHORT = {
    "Early years": "EY",
    "Key stage 1": "KS1",
    "Key stage 2": "KS2",
    "Key stage 3": "KS3",
    "Key stage 4": "KS4",
    "Post-16": "16+",
    "Not of school age": "Other",
    "Education, health and care plan": "EHCP",
    "No special educational needs": "None",
    "SEN support": "Support",
    "Not recorded": "Unknown",
    "Requires improvement": "RI",
    "Not inspected or not known": "Unknown",
    "No school": "None",
}


def breakdown_svg(breakdown: Breakdown, threshold: int | None = None) -> str:
    if not breakdown.chart or not breakdown.rows:
        return ""
    bars = [_bar(row, breakdown.chart, threshold) for row in breakdown.rows]
    if breakdown.chart == "percent":
        return bar_chart_svg(bars, title=breakdown.title, chart_id=slugify(breakdown.key))
    top = max((row.count or 0) for row in breakdown.rows) or 1
    for bar, row in zip(bars, breakdown.rows, strict=True):
        if bar.value is not None:
            bar.value = Decimal(row.count or 0) / Decimal(top)
    return bar_chart_svg(bars, title=breakdown.title, chart_id=slugify(breakdown.key), axis_max=top)


def _bar(row, chart: str, threshold: int | None) -> Bar:
    label = SHORT.get(row.label, row.label[:10])
    if chart == "percent":
        hidden = row.percent_is_small(threshold) or row.percent is None
        return Bar(
            label, None if hidden else row.percent / 100, "" if hidden else f"{row.percent}%"
        )
    hidden = row.is_small(threshold)
    return Bar(label, None if hidden else Decimal(0), "" if hidden else f"{row.count}")
