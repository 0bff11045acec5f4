"""Small server-rendered SVG bar charts: geometry computed here, drawn by
templates/insights/_chart.html with classes only (the CSP allows no inline styles). Every
chart carries its title and a text summary; the same data follows it as a table."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 48, 8, 16, 40


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: str
    label_x: float


@dataclass
class Chart:
    id: str
    title: str
    summary: str
    bars: list[Bar] = field(default_factory=list)
    ticks: list[dict[str, Any]] = field(default_factory=list)
    width: int = WIDTH
    height: int = HEIGHT
    baseline: float = HEIGHT - BOTTOM
    left: int = LEFT
    right_edge: int = WIDTH - RIGHT
    empty: bool = False


def _nice_top(value: float) -> float:
    """The top of the scale: four equal grid steps of a round size."""
    if value <= 0:
        return 4
    magnitude = 10 ** max(len(str(int(value / 4))) - 1, 0)
    for factor in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if magnitude == 1 and factor % 1:
            continue  # whole numbers on a scale of a few documents
        if value <= 4 * factor * magnitude:
            return 4 * factor * magnitude
    return 40 * magnitude


def bar_chart(
    *,
    id: str,
    title: str,
    summary: str,
    points: list[tuple[str, float | None]],
    percent: bool = False,
) -> Chart:
    """A bar per point (label, value); None draws no bar (no data, or a suppressed group)."""
    chart = Chart(id=id, title=title, summary=summary)
    values = [v for _label, v in points if v is not None]
    if not values:
        chart.empty = True
        return chart
    top = 1.0 if percent else _nice_top(max(values))
    plot_height = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT - RIGHT) / max(len(points), 1)
    for i, (label, value) in enumerate(points):
        x = LEFT + i * slot
        shown = "" if value is None else (f"{value:.0%}" if percent else f"{value:g}")
        height = 0.0 if value is None else plot_height * (value / top)
        chart.bars.append(
            Bar(
                x=round(x + slot * 0.15, 1),
                y=round(TOP + plot_height - height, 1),
                width=round(slot * 0.7, 1),
                height=round(height, 1),
                label=label,
                value=shown,
                label_x=round(x + slot / 2, 1),
            )
        )
    for step in range(5):
        share = step / 4
        chart.ticks.append(
            {
                "y": round(TOP + plot_height * (1 - share), 1),
                "label": f"{share:.0%}" if percent else f"{top * share:g}",
            }
        )
    return chart
