"""Registry number masks: a small, safe placeholder language (DOMAIN.md, "Numbering formats").

A mask is literal text with placeholders in braces: `{seq}`, `{seq:05}` (zero-padded to five
digits), `{yyyy}`, `{yy}`, `{mm}`, `{dd}`, `{unit}`, `{class}`, `{register}`. `{{` and `}}`
stand for literal braces. Nothing is ever evaluated: a mask is parsed into tokens once and
rendered by substitution, so a mask can never run code or reach an attribute.

    render("RPW/{seq}/{yyyy}", seq=123, on=date(2026, 11, 21)) == "RPW/123/2026"
    render("{seq}/{dd}.{mm}.{yyyy}", ...) == "123/21.11.2026"
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

PLACEHOLDERS = ("seq", "yyyy", "yy", "mm", "dd", "unit", "class", "register")
_TOKEN = re.compile(r"\{\{|\}\}|\{([a-z]+)(?::(0[1-9]))?\}|[{}]")
MAX_LENGTH = 80


@dataclass(frozen=True)
class Placeholder:
    name: str
    width: int = 0


Token = str | Placeholder


@lru_cache(maxsize=256)
def parse(mask: str) -> tuple[Token, ...]:
    """The tokens of a mask; ValidationError naming the problem when it is not well formed."""
    if not mask or len(mask) > MAX_LENGTH:
        raise ValidationError(
            _("A number mask has 1 to %(max)d characters."), params={"max": MAX_LENGTH}
        )
    tokens: list[Token] = []
    position = 0
    literal = ""
    for match in _TOKEN.finditer(mask):
        literal += mask[position : match.start()]
        position = match.end()
        text = match.group(0)
        if text in ("{{", "}}"):
            literal += text[0]
            continue
        name = match.group(1)
        if name is None:
            raise ValidationError(
                _("Unbalanced brace at position %(pos)d of the mask."),
                params={"pos": match.start() + 1},
            )
        if name not in PLACEHOLDERS:
            raise ValidationError(
                _("Unknown placeholder {%(name)s}; use one of: %(known)s."),
                params={"name": name, "known": ", ".join("{" + p + "}" for p in PLACEHOLDERS)},
            )
        if match.group(2) and name != "seq":
            raise ValidationError(_("Only {seq} takes a width, as in {seq:05}."))
        if literal:
            tokens.append(literal)
            literal = ""
        tokens.append(Placeholder(name, int(match.group(2) or 0)))
    literal += mask[position:]
    if literal:
        tokens.append(literal)
    if not any(isinstance(t, Placeholder) and t.name == "seq" for t in tokens):
        raise ValidationError(_("A number mask must contain {seq}."))
    return tuple(tokens)


def validate_mask(mask: str) -> None:
    parse(mask)


def render(
    mask: str,
    *,
    seq: int,
    on: date,
    unit: str = "",
    file_class: str = "",
    register: str = "",
) -> str:
    values = {
        "yyyy": f"{on.year:04d}",
        "yy": f"{on.year % 100:02d}",
        "mm": f"{on.month:02d}",
        "dd": f"{on.day:02d}",
        "unit": unit,
        "class": file_class,
        "register": register,
    }
    parts = []
    for token in parse(mask):
        if isinstance(token, str):
            parts.append(token)
        elif token.name == "seq":
            parts.append(str(seq).zfill(token.width))
        else:
            parts.append(values[token.name])
    return "".join(parts)
