"""WCAG 2.1 colour contrast, computed here (no dependency): relative luminance of an sRGB
colour, the contrast ratio of two colours, and the nearest darker shade of a colour that
reaches a ratio against white (same hue, every channel scaled down by one factor)."""

from __future__ import annotations

import re

HEX_COLOUR = re.compile(r"^#[0-9a-f]{6}$")
WHITE = "#ffffff"
AA_NORMAL_TEXT = 4.5


def _rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.lower()
    if not HEX_COLOUR.match(colour):
        raise ValueError(f"not a #rrggbb colour: {colour!r}")
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _hex(rgb: tuple[int, int, int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance: 0 for black, 1 for white."""
    r, g, b = (_linear(c) for c in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    """(L1 + 0.05) / (L2 + 0.05), the lighter over the darker: from 1 to 21."""
    a, b = relative_luminance(first), relative_luminance(second)
    lighter, darker = max(a, b), min(a, b)
    return (lighter + 0.05) / (darker + 0.05)


def _scaled(rgb: tuple[int, int, int], factor: float) -> tuple[int, int, int]:
    return tuple(int(channel * factor) for channel in rgb)  # type: ignore[return-value]


def darker_passing(colour: str, against: str = WHITE, ratio: float = AA_NORMAL_TEXT) -> str:
    """The lightest shade of `colour` (its channels scaled by one factor, so the hue stays)
    whose contrast with `against` reaches `ratio`. A colour that passes already is returned
    as it is. Black passes against white, so there is always an answer there."""
    rgb = _rgb(colour)
    if contrast_ratio(colour, against) >= ratio:
        return colour.lower()
    low, high = 0.0, 1.0  # low passes (black), high does not
    for _step in range(30):
        middle = (low + high) / 2
        if contrast_ratio(_hex(_scaled(rgb, middle)), against) >= ratio:
            low = middle
        else:
            high = middle
    found = _scaled(rgb, low)
    # Rounding down may have left a channel that could go up by one and still pass.
    return _hex(found)


def darker(colour: str, factor: float = 0.75) -> str:
    """A darker shade for hover and pressed states."""
    return _hex(_scaled(_rgb(colour), factor))
