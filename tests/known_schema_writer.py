"""Writes stretchlog/storage/known_schema.py from a database made fresh by the migrations."""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path

from stretchlog.storage import migrations

MODULE = Path(__file__).resolve().parent.parent / "stretchlog" / "storage" / "known_schema.py"


def fresh_schema() -> tuple[list[tuple[str, str, str]], dict[str, str]]:
    """(type, name, table) of every object, and the SQL of every trigger and view, as this
    version's migrations make them."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fresh.db"
        with sqlite3.connect(path) as conn:
            migrations.apply(conn)  # directly: the store would check the schema being written
            rows = conn.execute(
                "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
            ).fetchall()
    objects = [(kind, name, table) for kind, name, table, _ in rows]
    code = {name: sql for kind, name, _, sql in rows if kind in ("trigger", "view")}
    return objects, code


def module_text() -> str:
    objects, code = fresh_schema()
    lines = [
        '"""The schema this version of stretchlog makes: every table, index, trigger and view, and',
        "the code of each trigger and view. A database holding anything else is refused, so that a",
        "crafted file cannot plant behaviour. Written by tests/known_schema_writer.py; a test",
        'keeps it true (refresh it with UPDATE_SCHEMA=1 python -m pytest tests/test_database.py)."""',
        "",
        "OBJECTS = frozenset(",
        "    {",
        *(f"        {entry!r}," for entry in objects),
        "    }",
        ")",
        "CODE = {",
        *(f"    {name!r}: {sql!r}," for name, sql in code.items()),
        "}",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    MODULE.write_text(module_text(), encoding="utf-8")
