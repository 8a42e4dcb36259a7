"""Writing views out: Rich on an interactive terminal, stable plain text in a pipe or under NO_COLOR.

Every string passes through `inert` on its way out, so text from users (notes, names, imported
files) can never carry markup or escape sequences to the terminal.
"""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Iterable, Sequence
from typing import IO, TYPE_CHECKING, Any

from stretchlog.ui.views import Bar, Block, Cell, Column, Items, Line, Panel, Span, Table

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.text import Text

_UNSAFE = r"[\x00-\x1f\x7f-\x9f\u200b\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff]"
"""Controls, bidirectional overrides and invisible characters. The zero-width (non-)joiners are
not among them: they hold emoji sequences like 🧘‍♀️ and some scripts together."""
_RICH_STYLES = {
    "good": "green",
    "warn": "yellow",
    "bad": "bold red",
    "dim": "dim",
    "accent": "bold cyan",
    "strong": "bold",
    "": "",
    # The calendar's shades. Each stands out 3:1 or more from a black and from a white
    # background alike (a test holds them to it), so the colour alone cannot say "more": the
    # glyphs do, denser for more minutes (░ ▒ ▓ █), and the greens deepen along with them.
    "heat0": "#6e7681",
    "heat1": "#4c8f5a",
    "heat2": "#2f8f46",
    "heat3": "#1f883d",
    "heat4": "#1a7f37",
    "rest": "#0969da",
    "today": "bold #9a6700",
}


def inert(text: str) -> str:
    """`text` with control, bidirectional and invisible characters shown as visible escapes."""
    if text.isprintable():  # none of them is printable: the common case skips the regex
        return text
    return re.sub(_UNSAFE, _escape, text)


def inert_lines(text: str) -> str:
    """`text` made inert line by line, its line breaks kept: a file's contents on a terminal."""
    return "\n".join(inert(line.removesuffix("\r")) for line in text.split("\n"))


def exit_on_output_failure(error: BaseException) -> int | None:
    """When writing the output itself failed (`> /dev/full`, a full disk, a reader gone from
    the pipe): say so in one line (nothing for a closed pipe: the reader chose to stop) and give
    the exit status, 1 or 0. The output is then silenced, so Python adds no noise of its own at
    exit. None for any other error, which is the caller's to handle."""

    failure = _output_failure(error)
    if failure is None:
        return None
    if failure:
        to_stderr(error_line(failure))
    return 1 if failure else 0


def _output_failure(error: BaseException) -> str | None:
    import errno
    import os
    import sys

    failed = (errno.ENOSPC, errno.EPIPE, errno.EIO, errno.EFBIG, errno.EDQUOT)
    if not isinstance(error, OSError) or error.filename is not None or error.errno not in failed:
        return None
    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    if error.errno == errno.EPIPE:
        return ""
    return (
        f"cannot write the output ({error.strerror}); the command itself ran, so check"
        " before running it again"
    )


def to_stderr(line: str) -> None:
    """Print a message line on stderr. On a terminal it breaks between words, indented under
    its start, rather than wherever the terminal's edge falls; anywhere else it stays one line,
    for whoever reads it."""
    import sys

    if sys.stderr.isatty():
        import shutil
        import textwrap

        width = shutil.get_terminal_size().columns
        line = textwrap.fill(
            line, width - 1, subsequent_indent="  ", break_long_words=False, break_on_hyphens=False
        )
    print(line, file=sys.stderr)


def note_line(message: str) -> str:
    """A line on stderr saying what happened beside the output (so --json stays clean)."""
    return f"stretchlog: {inert(message)}"


def warning_line(message: str) -> str:
    """A line on stderr for something the user should fix, while the command goes on."""
    return f"stretchlog: warning: {inert(message)}"


def error_line(message: str) -> str:
    """The one line a failure prints: user text in it (a mistyped name, a bad date) is shown
    inert, so it can never break the line in two or reach the terminal as an escape."""
    return f"stretchlog: error: {inert(message)}"


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char == "\n":
        return " ⏎ "
    if char == "\t":
        return " "
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"


def to_json(data: Any) -> str:
    import json  # only for --json output

    # ASCII-only JSON keeps lone surrogates and C1 controls from ever reaching a terminal raw.
    return json.dumps(data, indent=2, ensure_ascii=True)


class Output:
    """Where a command's results go; built once per command from what the terminal supports."""

    def __init__(self, stream: IO[str], *, rich: bool, width: int | None = None) -> None:
        self.stream = stream
        self.rich = rich
        self.width = width

    def show(self, *blocks: Block) -> None:
        if self.rich:
            _RichWriter(self.stream, self.width).write(blocks)
        else:
            self.stream.write(plain_text(blocks))
        self.stream.flush()

    def bell(self) -> None:
        self.stream.write("\a")
        self.stream.flush()

    def page(self, blocks: Sequence[Block], height: int) -> None:
        """Show `blocks`; on a terminal, through a pager when they are taller than its `height`
        rows, as git does: $PAGER, or `less` told to keep colour (LESS=FRX unless set)."""
        if not self.rich:
            self.show(*blocks)
            return
        buffer = io.StringIO()
        _RichWriter(buffer, self.width).write(blocks)
        text = buffer.getvalue()
        if text.count("\n") < height or not _through_pager(text):
            self.stream.write(text)
            self.stream.flush()

    def live(self) -> LiveRegion:
        """A region redrawn in place; only for Rich output on a terminal."""
        return LiveRegion(_RichWriter(self.stream, self.width))

    def json(self, data: Any) -> None:
        self.stream.write(to_json(data) + "\n")

    def picture(self, blocks: Sequence[Block], kind: str) -> str:
        """`blocks` as Rich draws them in colour, as the text of an SVG or HTML file."""
        writer = _RichWriter(
            io.StringIO(), self.width or 100, record=True, color_system="truecolor"
        )
        writer.write(blocks)
        recorder = writer.console
        if kind == "svg":
            return recorder.export_svg(title="stretchlog")
        return recorder.export_html(inline_styles=True)


class LiveRegion:
    """The bottom of the terminal redrawn in place (Rich Live); `show` prints lines above it.

    It vanishes when the block ends, so what stays on screen is what was shown above it.
    """

    def __init__(self, writer: _RichWriter) -> None:
        from rich.live import Live

        self._writer = writer
        self._live = Live(
            console=writer.console,
            auto_refresh=False,
            transient=True,
            redirect_stdout=False,
            redirect_stderr=False,
        )

    def __enter__(self) -> LiveRegion:
        self._live.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._live.stop()

    def update(self, *blocks: Block) -> None:
        from rich.console import Group

        self._live.update(Group(*(self._writer.renderable(b) for b in blocks)), refresh=True)

    def show(self, *blocks: Block) -> None:
        self._writer.write(blocks)

    def bell(self) -> None:
        self._writer.console.bell()


def _through_pager(text: str) -> bool:
    """Hand `text` to the pager; False when there is none to run (then it is printed)."""
    import os
    import shlex
    import subprocess

    command = shlex.split(os.environ.get("PAGER") or "less")
    if not command:
        return False
    environment = {**os.environ, "LESS": os.environ.get("LESS", "FRX")}
    try:
        pager = subprocess.Popen(command, stdin=subprocess.PIPE, env=environment)
    except OSError:
        return False
    assert pager.stdin is not None
    with contextlib.suppress(BrokenPipeError):  # the reader quit before the end: fine
        pager.stdin.write(text.encode("utf-8", errors="replace"))
    with contextlib.suppress(BrokenPipeError):
        pager.stdin.close()
    pager.wait()
    return True


# Plain text


def plain_text(blocks: Iterable[Block]) -> str:
    return "".join(line + "\n" for block in blocks for line in _plain_lines(block))


def _plain_lines(block: Block) -> list[str]:
    if isinstance(block, Line):
        return [inert(block.text)]
    if isinstance(block, Items):
        return [f"{inert(block.heading)}:"] + [
            f"  {f'{number}.' if block.numbered else '-'} {inert(item)}"
            for number, item in enumerate(block.items, 1)
        ]
    if isinstance(block, Bar):
        return [_plain_bar(block)]
    if isinstance(block, Panel):
        lines = [inert(block.title)]
        if block.subtitle:
            lines.append(inert(block.subtitle))
        for inner in block.body:
            lines.extend(_plain_lines(inner))
        return lines
    return _plain_table(block)


def _plain_table(table: Table) -> list[str]:
    rows = [[inert(_cell_text(cell)) for cell in row] for row in table.rows]
    if table.header:
        rows.insert(0, [inert(column.header) for column in table.columns])
    widths = [max((_width(row[i]) for row in rows), default=0) for i in range(len(table.columns))]
    lines = [inert(table.title)] if table.title else []
    for row in rows:
        cells = [
            _pad(text, width, column)
            for text, width, column in zip(row, widths, table.columns, strict=True)
        ]
        lines.append("  ".join(cells).rstrip())
    return lines


def _plain_bar(bar: Bar) -> str:
    filled = round(bar.width * min(bar.completed / bar.total, 1.0)) if bar.total else bar.width
    return f"[{'#' * filled}{'-' * (bar.width - filled)}] {inert(bar.label)}".rstrip()


def _cell_text(cell: Cell) -> str:
    return cell.text if isinstance(cell, Span) else cell


def _width(text: str) -> int:
    """Columns `text` takes in a monospace terminal: wide East Asian characters take two."""
    if text.isascii():
        return len(text)
    import unicodedata  # only for text beyond ASCII

    return sum(
        0 if unicodedata.combining(char) else 2 if unicodedata.east_asian_width(char) in "WF" else 1
        for char in text
    )


def _pad(text: str, width: int, column: Column) -> str:
    room = " " * (width - _width(text))
    return room + text if column.justify == "right" else text + room


# Rich


class _RichWriter:
    def __init__(self, stream: IO[str], width: int | None, **options: Any) -> None:
        from rich.console import Console

        self.console = Console(
            file=stream,
            width=width,
            force_terminal=True,
            highlight=False,
            emoji=False,
            markup=False,
            **options,
        )

    def write(self, blocks: Iterable[Block]) -> None:
        for block in blocks:
            self.console.print(self.renderable(block))

    def renderable(self, block: Block) -> RenderableType:
        if isinstance(block, Line):
            return _text(*block.spans)
        if isinstance(block, Items):
            return self._items(block)
        if isinstance(block, Panel):
            return self._panel(block)
        if isinstance(block, Bar):
            return self._bar(block)
        return self._table(block)

    def _bar(self, bar: Bar) -> RenderableType:
        from rich.progress_bar import ProgressBar
        from rich.table import Table as RichTable

        grid = RichTable.grid(padding=(0, 1))
        grid.add_row(
            ProgressBar(
                total=bar.total,
                completed=bar.completed,
                width=bar.width,
                complete_style=_RICH_STYLES[bar.style],
                finished_style=_RICH_STYLES[bar.style],
            ),
            _text(Span(bar.label, "strong")),
        )
        return grid

    def _items(self, items: Items) -> RenderableType:
        from rich.console import Group
        from rich.table import Table as RichTable

        marker = "{}." if items.numbered else "•"
        grid = RichTable.grid(padding=(0, 1))
        grid.add_column(justify="right", style="dim", min_width=3)
        grid.add_column(style=_RICH_STYLES[items.style])
        for number, item in enumerate(items.items, 1):
            grid.add_row(marker.format(number), _text(Span(item)))
        return Group(_text(Span(items.heading, "strong")), grid)

    def _panel(self, panel: Panel) -> RenderableType:
        from rich.console import Group
        from rich.panel import Panel as RichPanel

        return RichPanel(
            Group(*(self.renderable(block) for block in panel.body)),
            title=_text(Span(panel.title, "accent")),
            subtitle=_text(Span(panel.subtitle, "dim")) if panel.subtitle else None,
            title_align="left",
            subtitle_align="left",
            padding=(0, 1),
            expand=False,
        )

    def _table(self, table: Table) -> RenderableType:
        from rich import box
        from rich.table import Table as RichTable

        rich_table = RichTable(
            title=_text(Span(table.title, "strong")) if table.title else None,
            title_justify="left",
            show_header=table.header,
            header_style="bold",
            box=box.SIMPLE_HEAD if table.header else None,
            pad_edge=False,
        )
        wholes = _wholes_that_fit(table, self.console.width)
        for index, column in enumerate(table.columns):
            widest = max(
                (_width(inert(_cell_text(row[index]))) for row in table.rows),
                default=0,
            )
            whole = index in wholes
            rich_table.add_column(
                inert(column.header),
                justify=column.justify,
                style=_RICH_STYLES[column.style],
                max_width=column.max_width,
                overflow="ellipsis" if column.clip else "fold",
                # a clipped column must stay wrapable for Rich to narrow it first; its cells
                # are one line each all the same (below)
                no_wrap=whole,
                # a whole column keeps room for its widest cell: the others give way (unless
                # that leaves them none: see _wholes_that_fit)
                min_width=max(widest, _width(column.header)) if whole else None,
            )
        for row in table.rows:
            cells = [_text(Span(cell) if isinstance(cell, str) else cell) for cell in row]
            for cell, column in zip(cells, table.columns, strict=True):
                if column.clip:
                    cell.no_wrap, cell.overflow = True, "ellipsis"
            rich_table.add_row(*cells)
        return rich_table


_LEAST = 4
"""The fewest columns a column that may wrap is counted as needing."""


def _wholes_that_fit(table: Table, room: int) -> set[int]:
    """The indexes of the whole columns that keep their widest cell unbroken on a terminal `room`
    columns wide. Where they would leave the other columns no room, Rich drops those columns
    without a word (a 40-letter routine name hid every streak); so the widest whole columns
    wrap after all, one by one, until the rest fit."""

    def widest(index: int) -> int:
        cells = (_width(inert(_cell_text(row[index]))) for row in table.rows)
        return max(_width(table.columns[index].header), *cells)

    count = len(table.columns)
    wholes = {index for index, column in enumerate(table.columns) if column.whole}
    room -= 3 * (count - 1) + 2  # the gaps between columns and at the edges
    while wholes and sum(widest(i) if i in wholes else _LEAST for i in range(count)) > room:
        wholes.discard(max(wholes, key=widest))
    return wholes


def _text(*spans: Span) -> Text:
    from rich.text import Text

    text = Text()
    for span in spans:
        text.append(inert(span.text), style=_RICH_STYLES[span.style])
    return text
