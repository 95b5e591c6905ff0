"""Accessible charts rendered on the server as SVG. Always shown with their numbers in a table."""

from __future__ import annotations

from dataclasses import dataclass

BAR_HEIGHT = 22
LABEL_WIDTH = 170
BAR_AREA = 170


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str


def bar_chart_context(bars: list[Bar], title: str) -> dict:
    """Geometry for templates/components/bar_chart.html: one horizontal bar per item."""
    top = max((b.value for b in bars), default=0) or 1
    rows = []
    for i, bar in enumerate(bars):
        width = round(BAR_AREA * bar.value / top) if bar.value > 0 else 0
        rows.append(
            {"label": bar.label, "y": i * BAR_HEIGHT, "width": width, "text": bar.text, "text_x": LABEL_WIDTH + width + 4}
        )
    return {"bars": rows, "title": title, "height": max(BAR_HEIGHT, len(bars) * BAR_HEIGHT)}
