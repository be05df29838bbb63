"""Server-side bar charts drawn as inline SVG: no script, no style attribute (the
page's CSP allows neither), colours from the stylesheet's classes. Pure geometry:
the template writes the elements, with the same figures in a table beneath.

Coordinates are plain strings so that the page's number format (a decimal comma in
Bahasa Indonesia) never reaches an SVG attribute."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

SLOT = 80  # a year's width, bar and gap
MIN_WIDTH = 320
HEIGHT = 240
TOP = 24  # room for a value above the highest bar
BOTTOM = 28  # room for the year under each bar
LEFT = 8


@dataclass(frozen=True)
class Bar:
    """One year's bar; `value` None draws no bar, only its label."""

    label: str
    value: Decimal | None
    x: str
    y: str
    width: str
    height: str
    label_x: str
    value_y: str


@dataclass(frozen=True)
class BarChart:
    bars: tuple[Bar, ...]
    width: str
    height: str = str(HEIGHT)
    baseline: str = str(HEIGHT - BOTTOM)
    label_y: str = str(HEIGHT - BOTTOM + 18)


def _coordinate(value: float) -> str:
    return f"{value:.1f}"


def bar_chart(
    points: Sequence[tuple[str, Decimal | None]], *, ceiling: Decimal | None = None
) -> BarChart:
    """Bars of `points` (label, value ≥ 0), scaled so that the highest value, or
    the ceiling if higher (100 for a share in %), fills the plotting area."""
    values = [value for _, value in points if value is not None]
    highest = max([*values, *([ceiling] if ceiling is not None else [])], default=None)
    plot = HEIGHT - TOP - BOTTOM
    slot = SLOT
    bars = []
    for index, (label, value) in enumerate(points):
        share = float(value / highest) if value is not None and highest else 0.0
        tall = max(0.0, share) * plot
        left = LEFT + index * slot
        bars.append(
            Bar(
                label=label,
                value=value,
                x=_coordinate(left + slot * 0.15),
                y=_coordinate(HEIGHT - BOTTOM - tall),
                width=_coordinate(slot * 0.7),
                height=_coordinate(tall),
                label_x=_coordinate(left + slot / 2),
                value_y=_coordinate(HEIGHT - BOTTOM - tall - 6),
            )
        )
    width = max(MIN_WIDTH, 2 * LEFT + slot * len(points))
    return BarChart(bars=tuple(bars), width=str(width))
