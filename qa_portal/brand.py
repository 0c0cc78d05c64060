"""An authority's brand (name, logo, colour, address, signatory, marking) is data; these are its rules.

The brand colour is the header's background behind white text and the colour of headings in documents, so it
must reach WCAG 2.2 AA contrast (4.5:1) against white.
"""

import re

from django.core.exceptions import ValidationError

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
MINIMUM_CONTRAST = 4.5
WHITE = "#ffffff"


def _channel(value: int) -> float:
    srgb = value / 255
    return srgb / 12.92 if srgb <= 0.03928 else ((srgb + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    red, green, blue = (int(colour[index : index + 2], 16) for index in (1, 3, 5))
    return 0.2126 * _channel(red) + 0.7152 * _channel(green) + 0.0722 * _channel(blue)


def contrast_ratio(first: str, second: str) -> float:
    """The WCAG contrast ratio of two #rrggbb colours, from 1 to 21."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def validate_brand_colour(value: str) -> None:
    if not HEX_COLOUR.match(value or ""):
        raise ValidationError("Enter the colour as a hex code, like #1d70b8", code="invalid")
    ratio = contrast_ratio(value, WHITE)
    if ratio < MINIMUM_CONTRAST:
        raise ValidationError(
            "Choose a darker colour: white text on %(colour)s has a contrast of %(ratio).1f:1, and it must be at "
            "least 4.5:1",
            code="low_contrast",
            params={"colour": value, "ratio": ratio},
        )
