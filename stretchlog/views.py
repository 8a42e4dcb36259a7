"""What a screen shows, as plain data: lines, tables, lists and panels with named styles.

Views say *what* to show; `stretchlog.console` decides *how* (Rich on a terminal, plain text in a
pipe), so the plain path never imports Rich and the two can never drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Style = Literal["", "good", "warn", "bad", "dim", "accent", "strong"]
Justify = Literal["left", "right", "center"]


@dataclass(frozen=True)
class Span:
    text: str
    style: Style = ""


Cell = str | Span


@dataclass(frozen=True)
class Line:
    spans: tuple[Span, ...]

    @classmethod
    def of(cls, *parts: Cell) -> Line:
        return cls(tuple(Span(part) if isinstance(part, str) else part for part in parts))

    @property
    def text(self) -> str:
        return "".join(span.text for span in self.spans)


@dataclass(frozen=True)
class Column:
    header: str
    justify: Justify = "left"
    style: Style = ""
    max_width: int | None = None


@dataclass(frozen=True)
class Table:
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    title: str | None = None
    header: bool = True


@dataclass(frozen=True)
class Items:
    """A headed list: numbered for steps, bulleted for cues and cautions."""

    heading: str
    items: tuple[str, ...]
    numbered: bool = False
    style: Style = ""


@dataclass(frozen=True)
class Panel:
    title: str
    body: tuple[Block, ...] = field(default_factory=tuple)
    subtitle: str | None = None


Block = Line | Table | Items | Panel
