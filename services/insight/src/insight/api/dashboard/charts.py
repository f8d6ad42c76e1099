"""Bar charts drawn as inline SVG: the geometry here, the markup in `templates/charts.html`.

Nothing is fetched by the browser (no script, no CDN): the page is whole as served.
"""

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 760
LABEL_WIDTH = 230
NOTE_WIDTH = 120
ROW = 30
BAR = 20
TOP = 8


@dataclass(frozen=True)
class Bar:
    label: str
    note: str
    x: float
    y: float
    width: float
    height: float
    text_y: float
    note_x: float


@dataclass(frozen=True)
class Chart:
    title: str
    width: int
    height: int
    label_width: int
    bars: list[Bar]


def horizontal(
    title: str,
    items: Sequence[tuple[str, float | None, str]],
    *,
    width: int = WIDTH,
    label_width: int = LABEL_WIDTH,
) -> Chart:
    """One bar per (label, value, note), scaled to the largest value; unknown values draw none.

    A narrower chart (the outcomes' small multiples) keeps its text legible when scaled down.
    """
    largest = max((value for _, value, _ in items if value), default=0.0)
    room = width - label_width - NOTE_WIDTH
    bars = []
    for index, (name, value, note) in enumerate(items):
        y = TOP + index * ROW
        length = room * (value or 0.0) / largest if largest else 0.0
        bars.append(
            Bar(
                label=name,
                note=note,
                x=label_width,
                y=y,
                # A reached stage of zero still shows where its bar would start.
                width=round(max(length, 1.0), 1),
                height=BAR,
                text_y=y + BAR * 0.75,
                note_x=round(label_width + max(length, 1.0) + 8, 1),
            )
        )
    return Chart(title, width, TOP * 2 + ROW * len(items), label_width, bars)
