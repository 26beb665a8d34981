"""The one colour scale of the framework's levels, for every chart, table tag, download and print.

The colours are the dark part of viridis (from green to deep purple), spread over however many
levels the framework's scale has: readable with every common colour-vision deficiency and in
grey, because each level is darker than the one below it. Every fill is at least 3:1 against
white, which is the page, the gaps between cells and bars, and "Not submitted": so an absence
(white, outlined or hatched, with its words) can never be mistaken for a pale level. Text on a
fill is black or white, whichever is at least 4.5:1.

The Sass (assets/scss/_levels.scss) is written from here: `python -m selfeval.framework.colours
> assets/scss/_levels.scss`, then `bash assets/build.sh`; a test keeps the two the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from selfeval.framework.model import Scale

# viridis at 0.0, 0.1, ... 0.6 (matplotlib's values, the last a shade darker: viridis's own
# #22a884 is 2.999:1 against white); beyond it viridis is too pale against white.
VIRIDIS = ("#440154", "#482475", "#414487", "#355f8d", "#2a788e", "#21918c", "#21a685")
BLACK, WHITE = "#000000", "#ffffff"
ABSENT_LINE = "#505a5f"  # the outline and hatching of "Not submitted": 7:1 against white
ABSENT_CLASS = "app-level-none"
MOST_LEVELS = 7  # the Sass has tag classes for scales of 2 to this many levels


@dataclass(frozen=True)
class LevelStyle:
    fill: str
    text: str  # the colour of words drawn on the fill
    css_class: str  # the table tag's class, defined in the Sass


def _values(scale: Scale | Sequence[int]) -> tuple[int, ...]:
    return scale.values if isinstance(scale, Scale) else tuple(int(v) for v in scale)


def _rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)


def _hex(rgb: Sequence[float]) -> str:
    return "#" + "".join(f"{round(c):02x}" for c in rgb)


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance."""
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    """WCAG 2 contrast ratio, 1 to 21."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _viridis(position: float) -> str:
    """The colour at `position` from 0 (the palest used) to 1 (the darkest)."""
    at = (1 - position) * (len(VIRIDIS) - 1)
    low = min(int(at), len(VIRIDIS) - 2)
    part = at - low
    a, b = _rgb(VIRIDIS[low]), _rgb(VIRIDIS[low + 1])
    return _hex([x + (y - x) * part for x, y in zip(a, b, strict=True)])


def _style(count: int, index: int) -> LevelStyle:
    fill = _viridis(index / max(count - 1, 1))
    text = BLACK if contrast(fill, BLACK) >= contrast(fill, WHITE) else WHITE
    return LevelStyle(fill, text, f"app-level-{index + 1}-of-{count}")


def level_styles(scale: Scale | Sequence[int]) -> dict[int, LevelStyle]:
    """Each level's style, lowest level palest. Past MOST_LEVELS the tag classes stop, and the
    tags fall back to the outline of an absence; the charts still get a colour per level."""
    return dict(_styles_of(_values(scale)))


@cache  # asked for every cell of a table or download: the colours of a scale never change
def _styles_of(values: tuple[int, ...]) -> tuple[tuple[int, LevelStyle], ...]:
    return tuple((value, _style(len(values), n)) for n, value in enumerate(values))


def level_style(scale: Scale | Sequence[int], value) -> LevelStyle | None:
    """The style of one level, or None for a value off the scale (or no value)."""
    try:
        level = int(value)
    except (TypeError, ValueError):
        return None
    return next((style for v, style in _styles_of(_values(scale)) if v == level), None)


def level_colours(scale: Scale | Sequence[int]) -> list[str]:
    """The fills in the scale's order, for charts."""
    return [style.fill for style in level_styles(scale).values()]


def level_class(scale: Scale | Sequence[int], value) -> str:
    """The table tag's classes for a level; an absence when there is no level."""
    style = level_style(scale, value)
    if style is None or len(_values(scale)) > MOST_LEVELS:
        return f"app-level {ABSENT_CLASS}"
    return f"app-level {style.css_class}"


def sass() -> str:
    """The Sass partial of the tag classes, for every scale size the framework files may have."""
    lines = ["// Written by `python -m selfeval.framework.colours`: do not edit by hand.",
             "// The tag of each level, for scales of 2 to " f"{MOST_LEVELS} levels."]
    for count in range(2, MOST_LEVELS + 1):
        for index in range(count):
            style = _style(count, index)
            lines.append(f".{style.css_class} {{ color: {style.text}; background-color: {style.fill}; }}")
    lines += [f"$app-level-absent-line: {ABSENT_LINE};", f"$app-level-absent-text: {BLACK};", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    print(sass(), end="")
