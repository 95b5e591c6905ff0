"""Accessible charts rendered on the server as SVG. Always shown with their numbers in a table.

Made for a phone first: 320 units wide, each label on its own lines above its bar, wrapped (never cut
short) and 16 units high, so it is at least 14 CSS px where the chart is squeezed into a 320 px screen
(about 290 px once the page's margins are taken off). Wider screens show it at its own size.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

WIDTH = 320
FONT_SIZE = 16
LINE_HEIGHT = 20
# Characters on one label line: 30 of the widest letters of a sans-serif font at 16 units fit in 320.
LABEL_CHARS = 30
BAR_HEIGHT = 18
# Room beside the longest bar for its number ("fewer than 5", "1,234 (100.0%)").
BAR_AREA = 175
ROW_GAP = 12


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str


def label_lines(label: str) -> list[str]:
    """The label wrapped into lines that fit the chart; every character kept."""
    return textwrap.wrap(label, LABEL_CHARS, break_on_hyphens=False) or [""]


def bar_chart_context(bars: list[Bar], title: str) -> dict:
    """Geometry for templates/components/bar_chart.html: per item, its label lines, then its bar and number."""
    top = max((b.value for b in bars), default=0) or 1
    rows = []
    y = 0
    for bar in bars:
        lines = label_lines(bar.label)
        bar_y = len(lines) * LINE_HEIGHT + 4
        width = round(BAR_AREA * bar.value / top) if bar.value > 0 else 0
        rows.append(
            {
                "label": bar.label,
                "lines": [{"text": line, "y": FONT_SIZE + i * LINE_HEIGHT} for i, line in enumerate(lines)],
                "y": y,
                "bar_y": bar_y,
                "width": width,
                "text": bar.text,
                "text_x": width + 6,
                "text_y": bar_y + BAR_HEIGHT - 3,
            }
        )
        y += bar_y + BAR_HEIGHT + ROW_GAP
    return {
        "bars": rows,
        "title": title,
        "width": WIDTH,
        "height": max(y - ROW_GAP, LINE_HEIGHT),
        "font_size": FONT_SIZE,
        "bar_height": BAR_HEIGHT,
    }
