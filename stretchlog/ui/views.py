"""What a screen shows, as plain data: lines, tables, lists and panels with named styles.

Views say *what* to show; `stretchlog.ui.console` decides *how* (Rich on a terminal, plain text in a
pipe), so the plain path never imports Rich and the two can never drift apart.

Value types across stretchlog are named tuples (`Record`, see domain/records.py) rather than
dataclasses: a CLI pays for defining its classes on every run, a frozen dataclass costs about ten
times as much to define, and `Record` a third less than typing.NamedTuple.
"""

from typing import Literal

from stretchlog.domain.records import Record

Style = Literal[
    "", "good", "warn", "bad", "dim", "accent", "strong",
    "heat0", "heat1", "heat2", "heat3", "heat4", "rest", "today",
]  # fmt: skip
Justify = Literal["left", "right", "center"]


class Span(Record):
    text: str
    style: Style = ""


Cell = str | Span


class Line(Record):
    spans: tuple[Span, ...]

    @classmethod
    def of(cls, *parts: Cell) -> "Line":
        return cls(tuple(Span(part) if isinstance(part, str) else part for part in parts))

    @property
    def text(self) -> str:
        return "".join(span.text for span in self.spans)

    def stripped(self) -> "Line":
        """The line without trailing blank spans, so no output line ends in spaces."""
        spans = list(self.spans)
        while spans and not spans[-1].text.strip():
            spans.pop()
        return Line(tuple(spans))


class Column(Record):
    header: str
    justify: Justify = "left"
    style: Style = ""
    max_width: int | None = None
    whole: bool = False
    """Never broken across lines (ids, which people type): the other columns give way."""
    clip: bool = False
    """One line, cut short with … when there is no room: for one-line-per-row listings."""


class Table(Record):
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    title: str | None = None
    header: bool = True


class Items(Record):
    """A headed list: numbered for steps, bulleted for cues and cautions."""

    heading: str
    items: tuple[str, ...]
    numbered: bool = False
    style: Style = ""


class Panel(Record):
    title: str
    body: tuple["Block", ...] = ()
    subtitle: str | None = None


class Bar(Record):
    """A progress bar with a label after it: how much of `total` is `completed`."""

    completed: float
    total: float
    label: str = ""
    style: Style = "good"
    width: int = 40


Block = Line | Table | Items | Panel | Bar
