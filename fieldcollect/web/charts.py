"""Small charts drawn on the server as inline SVG: numbers in, escaped markup out.

A phone on a poor network gets a few hundred bytes of SVG instead of a charting library, and the
chart reads without JavaScript. Every chart scales to its container (a viewBox and width 100%),
names itself for screen readers (role="img" and a title), and carries its own legend; every text
passes through markupsafe.escape, since labels are region and round names. No flask here: the
functions take plain values, so they are tested with plain data.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH = 360  # viewBox units; the SVG is drawn at the width of its container
ON_TIME, LATE, TRACK, INK, MUTED = "#1e6b34", "#b35c00", "#e4e4e0", "#1a1a1a", "#4a4a4a"
SERIES_COLOURS = ("#0b57a4", "#b35c00", "#1e6b34")
SERIES_DASHES = ("", "6 4", "2 3")  # a second way to tell lines apart than colour
FONT = 'font-family="system-ui, sans-serif"'


@dataclass(frozen=True)
class Bar:
    label: str
    expected: int
    on_time: int
    late: int


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]  # one per x label; None leaves a gap


def percent(rate: float | None) -> str:
    """Return a rate as a whole percentage, or a dash when there is none."""
    return "—" if rate is None else f"{round(rate * 100)}%"


def completion_bars(bars: Sequence[Bar], title: str, legend: tuple[str, str]) -> Markup:
    """Return horizontal bars of completion, each stacked on time then late, with a legend.

    legend holds the names of the two parts (on time, late); a bar of a region that expected
    nothing is an empty track with a dash.
    """
    row, top, track_width = 40, 32, WIDTH - 52
    parts = [_legend([(legend[0], ON_TIME, ""), (legend[1], LATE, "")], 4)]
    for index, bar in enumerate(bars):
        y = top + index * row
        parts.append(_text(0, y + 13, bar.label, MUTED))
        parts.append(f'<rect x="0" y="{y + 18}" width="{track_width}" height="14" fill="{TRACK}"/>')
        on_time, late = _share(bar.on_time, bar.expected), _share(bar.late, bar.expected)
        parts.append(_rect(0, y + 18, track_width * on_time, ON_TIME))
        parts.append(_rect(track_width * on_time, y + 18, track_width * late, LATE))
        rate = (bar.on_time + bar.late) / bar.expected if bar.expected else None
        parts.append(_text(WIDTH, y + 30, percent(rate), INK, anchor="end"))
    return _svg(title, top + row * len(bars), parts)


def line_chart(labels: Sequence[str], series: Sequence[Series], title: str,
               formatter: Callable[[float], str], ceiling: float | None = None) -> Markup:
    """Return a line chart of one or more series over the labels, each point marked and labelled.

    ceiling is the value at the top of the chart (1.0 for rates); by default the largest value
    plus a margin, so that labels above the points stay inside.
    """
    height, top, bottom, left = 176, 40, 144, 8
    values = [value for line in series for value in line.values if value is not None]
    high = ceiling if ceiling is not None else max([0.0, *values]) * 1.15 or 1.0
    low = min([0.0, *values])
    step = (WIDTH - 2 * left) / max(len(labels), 1)

    def point(index: int, value: float) -> tuple[float, float]:
        return left + step * (index + 0.5), bottom - (value - low) / ((high - low) or 1) * (bottom - top)

    keys = [(line.name, SERIES_COLOURS[i % 3], SERIES_DASHES[i % 3]) for i, line in enumerate(series)]
    parts = [_legend(keys, 4) if len(series) > 1 else "",
             f'<line x1="0" y1="{bottom}" x2="{WIDTH}" y2="{bottom}" stroke="{MUTED}" stroke-width="1"/>']
    for index, label in enumerate(labels):
        parts.append(_text(point(index, low)[0], height - 8, label, MUTED, anchor="middle", size=11))
    for number, line in enumerate(series):
        colour, dash = SERIES_COLOURS[number % 3], SERIES_DASHES[number % 3]
        points = [(point(i, v), v) for i, v in enumerate(line.values) if v is not None]
        parts.extend(_polyline([xy for xy, _ in run], colour, dash) for run in _runs(line.values, point))
        for (x, y), value in points:
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}"/>')
            # The first series is labelled above its points, the second below where there is room;
            # a third, or a label that would cross the axis, is left to the table under the chart.
            label_y = y - 8 if number == 0 else y + 16
            if number == 0 or (number == 1 and label_y < bottom - 4):
                parts.append(_text(x, label_y, formatter(value), INK, anchor="middle", size=11))
    return _svg(title, height, parts)


def _runs(values: Sequence[float | None], point) -> list[list[tuple[tuple[float, float], float]]]:
    """Split a series at its gaps into runs of consecutive points."""
    runs: list[list] = [[]]
    for index, value in enumerate(values):
        if value is None:
            runs.append([])
        else:
            runs[-1].append((point(index, value), value))
    return [run for run in runs if len(run) > 1]


def _polyline(points: list[tuple[float, float]], colour: str, dash: str) -> str:
    coordinates = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    dashes = f' stroke-dasharray="{dash}"' if dash else ""
    return f'<polyline points="{coordinates}" fill="none" stroke="{colour}" stroke-width="2"{dashes}/>'


def _share(part: int, whole: int) -> float:
    return min(max(part / whole, 0.0), 1.0) if whole else 0.0


def _rect(x: float, y: float, width: float, colour: str) -> str:
    if width <= 0:
        return ""
    return f'<rect x="{x:.1f}" y="{y}" width="{width:.1f}" height="14" fill="{colour}"/>'


def _text(x: float, y: float, content: str, colour: str, anchor: str = "start", size: int = 13) -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" fill="{colour}" {FONT} '
            f'text-anchor="{anchor}">{escape(content)}</text>')


def _legend(keys: Sequence[tuple[str, str, str]], y: float) -> str:
    """Return a row of legend keys (name, colour, dash pattern) at the top of a chart."""
    parts, x = [], 0.0
    for name, colour, dash in keys:
        if dash:
            dashes = f' stroke-dasharray="{dash}"'
            parts.append(f'<line x1="{x:.1f}" y1="{y + 8}" x2="{x + 18:.1f}" y2="{y + 8}" stroke="{colour}" '
                         f'stroke-width="2"{dashes}/>')
        else:
            parts.append(f'<rect x="{x:.1f}" y="{y + 2}" width="14" height="12" fill="{colour}"/>')
        parts.append(_text(x + 22, y + 13, name, INK))
        x += 22 + 14 * len(name) + 16  # CJK glyphs are about one font size wide
    return "".join(parts)


def _svg(title: str, height: float, parts: Sequence[str]) -> Markup:
    label = escape(title)
    body = "".join(parts)
    return Markup(f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}" '
                  f'width="100%" role="img" aria-label="{label}"><title>{label}</title>{body}</svg>')
