"""Databases stretchlog must refuse, and left exactly as they were."""

from __future__ import annotations

import contextlib
import re
import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from stretchlog.domain.insight import Totals
from stretchlog.domain.pauses import Pause
from stretchlog.domain.sessions import Hold, Session
from stretchlog.errors import BadValue, DatabaseError
from stretchlog.storage import migrations
from stretchlog.storage.pauses import Pauses
from stretchlog.storage.store import Store
from tests.conftest import NOW, Run

READ_AND_WRITE = [
    ("streak",),
    ("history",),
    ("fav", "list"),
    ("log", "pigeon"),
    ("fav", "add", "pigeon"),
]


def _assert_refused(fails: Run, path: Path, message: str) -> None:
    before = path.read_bytes()
    for args in READ_AND_WRITE:
        line = fails(*args)
        assert message in line and str(path) in line
    assert path.read_bytes() == before


def test_a_file_that_is_not_sqlite_is_refused_untouched(fails: Run, db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_text("my shopping list\n" * 100)
    _assert_refused(fails, db_path, "is not a usable stretchlog database")


def test_another_programs_sqlite_file_is_refused_untouched(fails: Run, db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    with sqlite3.connect(db_path) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    _assert_refused(fails, db_path, "SQLite database of another program")


def test_a_database_from_a_newer_stretchlog_is_refused_untouched(
    ok: Run, fails: Run, db_path: Path
) -> None:
    ok("log", "pigeon")
    with sqlite3.connect(db_path) as conn:
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES (?, ?, ?)",
            ["stretchlog", "m999_from_the_future", "2030-01-01"],
        )
    _assert_refused(fails, db_path, "written by a newer stretchlog")


def test_a_directory_is_refused(fails: Run, tmp_path: Path) -> None:
    assert "is a directory" in fails("--db", str(tmp_path), "log", "pigeon")
    assert "is a directory" in fails("--db", str(tmp_path), "streak")


def test_an_uncreatable_location_is_explained(fails: Run, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert "cannot create the database" in fails(
        "--db", str(blocker / "sub" / "x.db"), "log", "pigeon"
    )


def _draft(day: date) -> Session:
    return Session(
        day,
        datetime(2026, 11, 25, tzinfo=UTC),
        None,
        None,
        "manual",
        (Hold("pigeon", None, 30, 1),),
    )


def test_a_failed_transaction_writes_nothing(db_path: Path) -> None:
    store = Store(db_path)
    with store.transaction():
        store.add_session(_draft(date(2026, 11, 24)))
    with pytest.raises(RuntimeError), store.transaction():
        store.add_session(_draft(date(2026, 11, 25)))
        store.replace_favourites(["pigeon"])
        raise RuntimeError("power cut")
    assert [s.day for s in store.sessions()] == [date(2026, 11, 24)]
    assert store.favourite_ids() == []


def test_migrating_twice_changes_nothing(db_path: Path) -> None:
    store = Store(db_path)
    with store.transaction():
        store.add_session(_draft(date(2026, 11, 24)))
    store.close()
    reopened = Store(db_path)
    with reopened.transaction():
        pass
    assert len(reopened.sessions()) == 1
    with sqlite3.connect(db_path) as conn:
        names = [row[0] for row in conn.execute("SELECT name FROM _sqlite_migrations")]
    assert names == list(migrations.NAMES)


def first_release_database(path: Path, planted: str = "") -> None:
    """A database as the first release made it (schema m001), with three sessions."""
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

    path.parent.mkdir(parents=True, exist_ok=True)
    first_release = Migrations(migrations.MIGRATION_SET)
    first_release()(migrations.m001_core)
    db = Database(path)
    first_release.apply(db)
    for uid, day in (("u1", "2026-11-20"), ("u2", "2026-11-21"), ("u3", "2026-11-24")):
        db.execute(
            "INSERT INTO sessions (uid, day, logged_at, source) VALUES (?, ?, ?, 'manual')",
            [uid, day, f"{day}T08:00:00Z"],
        )
    if planted:
        db.executescript(planted)
    db.conn.commit()
    db.close()


def test_a_database_from_an_older_stretchlog_is_upgraded_keeping_its_sessions(
    db_path: Path, ok: Run
) -> None:
    first_release_database(db_path)
    sessions = ok("history", "--json").json()
    assert [(s["date"], s["tightness_before"]) for s in sessions][-1] == ("2026-11-20", None)
    # the tables later steps keep were filled from the history already there
    streak = ok("streak", "--json").json()
    assert (streak["current"], streak["longest"], streak["longest_start"]) == (1, 2, "2026-11-20")
    assert ok("stats", "--json").json()["days_done"] == 3
    with sqlite3.connect(db_path) as conn:
        names = [row[0] for row in conn.execute("SELECT name FROM _sqlite_migrations")]
    assert names == list(migrations.NAMES)


def test_foreign_keys_cascade_deletes(db_path: Path) -> None:
    store = Store(db_path)
    with store.transaction():
        session = store.add_session(_draft(date(2026, 11, 24)))
    with store.transaction():
        store.delete_session(session.id)
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM session_stretches").fetchone()[0] == 0


def test_database_errors_are_stretchlog_errors(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError):
        Store(tmp_path).sessions()


def test_docs_data_documents_the_real_schema(ok: Run, db_path: Path) -> None:
    """Every table and view, with each column and its declared type in order, as docs/data.md
    lists them under "## The database" (one "### `name`" heading and table each)."""
    page = Path(__file__).resolve().parent.parent / "docs" / "data.md"
    [section] = [
        part
        for part in re.split(r"^## ", page.read_text(encoding="utf-8"), flags=re.MULTILINE)
        if part.startswith("The database\n")
    ]
    documented: dict[str, list[tuple[str, str]]] = {}
    for block in re.split(r"^### ", section, flags=re.MULTILINE)[1:]:
        name = block.split("`")[1]
        assert name not in documented, f"{name} is documented twice"
        rows = [line for line in block.splitlines() if line.startswith("| `")]
        documented[name] = [
            (cells[1].strip().strip("`"), cells[2].strip())
            for cells in (row.split("|") for row in rows)
        ]
    ok("log", "pigeon")  # creates the database with every migration
    with sqlite3.connect(db_path) as conn:
        names = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')"
                " AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        actual = {
            name: [(row[1], row[2]) for row in conn.execute(f"PRAGMA table_info({name})")]
            for name in names
        }
    assert documented == actual


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["log", "delete", "edit", "move"]),
            st.lists(
                st.sampled_from(["pigeon", "couch", "bridge"]), min_size=1, max_size=3, unique=True
            ),
            st.integers(0, 5),
        ),
        max_size=12,
    )
)
def test_totals_and_days_kept_by_triggers_always_match_the_sessions(
    tmp_path_factory: pytest.TempPathFactory, steps: list
) -> None:  # type: ignore[type-arg]
    """The triggers keep stretch_totals equal to a full count, whatever is logged, edited, deleted."""
    from stretchlog.domain.sessions import plan_holds
    from stretchlog.storage.catalog_files import load_catalog

    catalog = load_catalog()
    store = Store(tmp_path_factory.mktemp("totals") / "s.db")
    for action, names, pick in steps:
        stretches = catalog.resolve_all(names)
        with store.transaction():
            ids = [s.id for s in store.sessions()]
            if action == "log" or not ids:
                day = date(2026, 11, 18 + pick % 3)
                store.add_session(_draft(day)._replace(holds=plan_holds(stretches)))
            elif action == "delete":
                store.delete_session(ids[pick % len(ids)])
            else:
                session = store.session(ids[pick % len(ids)])
                assert session is not None
                edited = session._replace(holds=plan_holds(stretches))
                if action == "move":
                    edited = edited._replace(day=date(2026, 11, 18 + (pick + 1) % 3))
                store.replace_session(session.id, edited)
    kept = sorted(store.stretch_totals())
    counted = sorted(
        (stretch_id, len({s.id for s in store.sessions() if stretch_id in s.stretch_ids}),
         sum(h.seconds for s in store.sessions() for h in s.holds if h.stretch_id == stretch_id))
        for stretch_id in {h.stretch_id for s in store.sessions() for h in s.holds}
    )  # fmt: skip
    assert [tuple(t) for t in kept] == counted
    assert [tuple(t) for t in sorted(store.stretch_totals(since=date(2000, 1, 1)))] == counted
    done = {stretch_id for stretch_id, _, _ in store.stretch_streaks(date(2100, 1, 1))}
    assert sorted(done) == [stretch_id for stretch_id, _, _ in counted]


START = date(2026, 11, 1)
STRETCHES = ["pigeon", "couch-stretch", "glute-bridge"]


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(
                ["log", "log", "delete", "move", "rest", "unrest", "outside", "pause", "unpause"]
            ),
            st.lists(st.sampled_from(STRETCHES), min_size=1, max_size=2, unique=True),
            st.integers(0, 9),
            st.integers(0, 100),
        ),
        max_size=25,
    ),
    st.integers(0, 11),
)
@example(  # a rest day marked afterwards joins the runs around it, for each stretch too
    [("log", ["pigeon"], 1, 0), ("log", ["pigeon"], 3, 0), ("rest", ["pigeon"], 2, 0)], 4
)
@example(  # a pause added, ended and deleted joins and splits the runs around it
    [
        ("log", ["pigeon"], 1, 0),
        ("log", ["pigeon"], 5, 0),
        ("pause", ["pigeon"], 2, 4),
        ("log", ["couch-stretch"], 9, 0),
        ("pause", ["pigeon"], 6, 5),
        ("unpause", ["pigeon"], 0, 0),
    ],
    9,
)
def test_kept_runs_always_match_a_walk_over_every_day(
    tmp_path_factory: pytest.TempPathFactory,
    steps: list,  # type: ignore[type-arg]
    today_offset: int,
) -> None:
    """Whatever is logged, moved, deleted, rested, unrested, paused (open, for some days, or
    ended) or unpaused, the runs table (settled at each
    commit) gives the same streaks, overall and per stretch, as walking every day logged; so
    do reads while a change made outside stretchlog is not settled yet, and with days after
    `today`. The day totals and the totals stats reads agree with a count of the sessions too."""
    from stretchlog.domain.sessions import plan_holds
    from stretchlog.storage.catalog_files import load_catalog
    from tests.oracles import runs, summarize

    catalog = load_catalog()
    path = tmp_path_factory.mktemp("runs") / "s.db"
    store = Store(path)
    today = START + timedelta(days=today_offset)
    for step, (action, names, offset, pick) in enumerate(steps):
        day = START + timedelta(days=offset)
        settled = action != "outside"
        with store.transaction():
            sessions = store.sessions(hidden=True)
            rested = any(entry.is_rest for entry in store.on_day(day))
            if action == "log" or (action in ("delete", "move") and not sessions):
                draft = _draft(day)._replace(holds=plan_holds(catalog.resolve_all(names)))
                store.add_session(draft)
            elif action == "delete":
                store.delete_session(sessions[pick % len(sessions)].id)
            elif action == "move":
                session = sessions[pick % len(sessions)]
                with contextlib.suppress(BadValue):  # a rest day never moves onto a stretched day
                    store.replace_session(session.id, session._replace(day=day))
            elif action == "rest" and not rested:
                store.add_session(_draft(day)._replace(holds=(), kind="rest"))
            elif action == "pause":  # open, or `pick` % 5 - 1 days after `day`; ended below
                length = pick % 5
                last = None if length == 4 else day + timedelta(days=length)
                with contextlib.suppress(BadValue):  # pauses never overlap
                    Pauses(store).add(Pause(day, last, None), NOW)
            elif action == "unpause" and (pauses := Pauses(store).all()):
                pause = pauses[pick % len(pauses)]
                if pause.last is None and pick % 2 and day > pause.first:
                    Pauses(store).end(pause.id, day - timedelta(days=1))
                else:
                    Pauses(store).delete(pause.id)
            elif action == "unrest":
                for entry in store.on_day(day):
                    if entry.is_rest:
                        store.delete_session(entry.id)
        if not settled:  # someone's own SQL, which no stretchlog write has settled yet
            with sqlite3.connect(path) as conn:
                conn.execute(
                    "INSERT INTO sessions (uid, day, logged_at, source) VALUES (?, ?, ?, 'sql')",
                    [
                        f"outside-{step}",
                        day.isoformat(),
                        "2026-11-25T08:00:00Z",
                    ],
                )
        sessions = store.sessions(hidden=True)
        rest = {s.day for s in sessions if s.is_rest}
        done = {s.day for s in sessions if not s.is_rest}
        pauses = [(pause.first, pause.last) for pause in Pauses(store).all()]
        assert store.streak(today) == summarize(done, today, rest, pauses)
        by_stretch = {
            stretch_id: {s.day for s in sessions if stretch_id in s.stretch_ids}
            for stretch_id in STRETCHES
        }
        expected = {
            stretch_id: (
                summarize(days, today, rest, pauses),
                max(d for d in days if d <= today),
            )
            for stretch_id, days in by_stretch.items()
            if any(d <= today for d in days)
        }
        found = store.stretch_streaks(today)
        assert {stretch_id: (summary, last) for stretch_id, summary, last in found} == expected
        done_by_today = [s for s in sessions if not s.is_rest and s.day <= today]
        days_by_today = {s.day for s in done_by_today}
        assert store.totals(None, today) == Totals(
            sessions=len(done_by_today),
            days=len(days_by_today),
            seconds=sum(s.seconds for s in done_by_today),
            rest_days=len({day for day in rest if day <= today} - done),
            weekdays=tuple(sum(1 for day in days_by_today if day.weekday() == w) for w in range(7)),
        )
        logged = [s.day for s in sessions if s.day <= today]
        assert store.first_logged(today) == (min(logged) if logged else None)
        assert store.last_logged(today) == (max(logged) if logged else None)
        week = today - timedelta(days=6)
        assert store.logged_days(week, today) == sorted({day for day in logged if day >= week})
        with sqlite3.connect(path) as conn:
            kept_days = conn.execute("SELECT * FROM day_totals ORDER BY day_number").fetchall()
        assert kept_days == [
            (
                day.toordinal(),
                sum(1 for s in sessions if s.day == day and not s.is_rest),
                sum(s.seconds for s in sessions if s.day == day and not s.is_rest),
            )
            for day in sorted(done)
        ]
        if settled:
            with sqlite3.connect(path) as conn:
                kept = conn.execute("SELECT series, first_day, last_day, days FROM runs")
                kept_runs = sorted(kept.fetchall())
            walked = [
                (series, run.start.toordinal(), run.end.toordinal(), run.days)
                for series, days in {"": done, **by_stretch}.items()
                for run in runs(days, rest, pauses)
            ]
            assert kept_runs == sorted(walked)


@pytest.mark.parametrize("name", ["file:x.db?mode=memory", "a#b%3f.db", "file:y.db"])
def test_a_database_name_is_a_path_even_when_it_looks_like_a_uri(
    ok: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.chdir(tmp_path)
    ok("--db", name, "log", "pigeon")
    assert (tmp_path / name).is_file()
    assert len(ok("--db", name, "history", "--json").json()) == 1


def test_the_known_schema_is_what_the_migrations_make() -> None:
    """Refresh stretchlog/storage/known_schema.py with UPDATE_SCHEMA=1 after a new migration."""
    import os

    from stretchlog.storage import known_schema
    from tests.known_schema_writer import MODULE, fresh_schema, module_text

    objects, code = fresh_schema()
    if os.environ.get("UPDATE_SCHEMA"):
        MODULE.write_text(module_text(), encoding="utf-8")
    assert (frozenset(objects), code) == (known_schema.OBJECTS, known_schema.CODE)


PLANTED = {
    "a trigger": "CREATE TRIGGER wipe AFTER INSERT ON sessions BEGIN DELETE FROM sessions"
    " WHERE id != NEW.id; END",
    "a view": "CREATE VIEW extra AS SELECT 1",
    "a changed trigger": "DROP TRIGGER day_totals_add; CREATE TRIGGER day_totals_add AFTER"
    " INSERT ON sessions BEGIN DELETE FROM sessions; END",
    "a table": "CREATE TABLE notes (x)",
}


@pytest.mark.parametrize("planted", PLANTED.values(), ids=PLANTED.keys())
def test_a_file_with_planted_code_is_refused_by_every_way_in(
    ok: Run, fails: Run, tmp_path: Path, db_path: Path, planted: str
) -> None:
    ok("log", "pigeon", "--date", "yesterday")
    crafted = tmp_path / "crafted.db"
    ok("backup", str(crafted))
    with sqlite3.connect(crafted) as conn:
        conn.executescript(planted)
    before = crafted.read_bytes()
    assert "that stretchlog did not write" in fails("--db", str(crafted), "log", "pigeon")
    assert len(ok("--db", str(crafted), "history", "--json").json()) == 1  # reading runs nothing
    assert "that stretchlog did not write" in fails("restore", str(crafted), "--yes")
    assert crafted.read_bytes() == before
    assert len(ok("history", "--json").json()) == 1  # the live database is untouched


def test_statistics_from_analyze_are_not_planted_code(ok: Run, db_path: Path) -> None:
    ok("log", "pigeon")
    with sqlite3.connect(db_path) as conn:
        conn.execute("ANALYZE")
    ok("log", "bridge")
    assert len(ok("history", "--json").json()) == 2


TAMPERED = {
    "a day that is no date": "UPDATE sessions SET day = '25/11/2026'",
    "a blob note": "UPDATE sessions SET note = x'00ff'",
    "text for tightness": "UPDATE sessions SET tightness = 'tight'",
    "a tightness of 99": "UPDATE sessions SET tightness = 99",
    "text for a side": "UPDATE sessions SET tightness_left = 'tight', tightness_right = 4",
    "a side of 11": "UPDATE sessions SET tightness_left = 4, tightness_right = 11",
    "a side before of -1": "UPDATE sessions SET tightness_before_left = -1, tightness_before_right = 4",
    "one side alone": "UPDATE sessions SET tightness_left = 4",
    "one side alone before": "UPDATE sessions SET tightness_before_right = 4",
    "an unknown kind": "UPDATE sessions SET kind = 'party'",
    "a negative hold": "UPDATE session_stretches SET seconds = -5",
}


@pytest.mark.parametrize("tampering", TAMPERED.values(), ids=TAMPERED.keys())
def test_restore_refuses_tampered_values_and_reads_never_crash(
    ok: Run, run: Run, fails: Run, tmp_path: Path, tampering: str
) -> None:
    ok("log", "pigeon", "--tightness", "4")
    copy = tmp_path / "copy.db"
    ok("backup", str(copy))
    with sqlite3.connect(copy) as conn:  # as a forger would: the triggers out of the way
        triggers = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
        ).fetchall()
        for name, _ in triggers:
            conn.execute(f"DROP TRIGGER {name}")
        conn.execute(tampering)
        for _, sql in triggers:
            conn.execute(sql)
    assert "holds a damaged entry" in fails("restore", str(copy), "--yes")
    for command in (["history"], ["stats"], ["streak"], ["export"], ["today"]):
        result = run("--db", str(copy), *command)
        assert "unexpected" not in result.stderr and "Traceback" not in result.stderr, command
        assert result.exit_code in (0, 1), (command, result.stderr)


def test_restore_takes_a_sound_backup(ok: Run, tmp_path: Path) -> None:
    ok("log", "pigeon", "--tightness", "4", "--note", "fine")
    ok("rest", "--date", "yesterday")
    copy = tmp_path / "copy.db"
    ok("backup", str(copy))
    ok("log", "bridge")
    assert "Restored 2 entries" in ok("restore", str(copy), "--yes").stdout


def test_an_old_backup_with_planted_code_is_refused_before_it_replaces_anything(
    ok: Run, fails: Run, tmp_path: Path
) -> None:
    ok("log", "pigeon")
    crafted = tmp_path / "old.db"
    first_release_database(crafted, planted=PLANTED["a trigger"])
    before = crafted.read_bytes()
    assert "that stretchlog did not write" in fails("restore", str(crafted), "--yes")
    assert crafted.read_bytes() == before
    assert len(ok("history", "--json").json()) == 1
    first_release_database(tmp_path / "sound.db")
    assert "Restored 3 entries" in ok("restore", str(tmp_path / "sound.db"), "--yes").stdout


def test_a_foreign_database_with_a_pending_log_is_left_as_it_was(
    fails: Run, tmp_path: Path
) -> None:
    live = tmp_path / "live" / "other.db"
    live.parent.mkdir()
    writer = sqlite3.connect(live)
    writer.execute("PRAGMA journal_mode = WAL")
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("CREATE TABLE notes (text)")
    writer.execute("INSERT INTO notes VALUES ('mine')")
    writer.commit()
    foreign = tmp_path / "foreign.db"  # the files as another program left them, log pending
    for suffix in ("", "-wal"):
        Path(f"{foreign}{suffix}").write_bytes(Path(f"{live}{suffix}").read_bytes())
    writer.close()
    before = {s: Path(f"{foreign}{s}").read_bytes() for s in ("", "-wal")}
    assert before["-wal"], "the log must be pending for this test to mean anything"
    assert "another program" in fails("--db", str(foreign), "log", "pigeon")
    assert {s: Path(f"{foreign}{s}").read_bytes() for s in ("", "-wal")} == before


def test_an_absurd_hold_in_a_hand_edited_database_is_one_line(
    ok: Run, fails: Run, db_path: Path
) -> None:
    ok("log", "pigeon")
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE session_stretches SET seconds = 9223372036854775807")
    for command in (["edit", "1", "--note", "ok"], ["history"], ["undo", "--yes"]):
        assert "holds an entry stretchlog cannot read" in fails(*command)


_KEPT = ("stretch_days", "stretch_totals", "day_totals", "runs", "runs_stale")


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 40),
            st.lists(st.sampled_from(STRETCHES), max_size=3, unique=True),
            st.integers(1, 3),
        ),
        max_size=30,
    ),
    st.integers(0, 6),
)
def test_stretches_added_in_bulk_keep_the_same_tables_as_one_by_one(
    tmp_path_factory: pytest.TempPathFactory,
    entries: list[tuple[int, list[str], int]],
    already: int,
) -> None:
    """An import of years sets the per-row triggers aside and adds their work up afterwards
    (store.BULK_HOLDS): every kept table must come out as the triggers would have left it,
    and the triggers must be back, unchanged, for the next write."""
    from stretchlog.storage import store as store_module
    from stretchlog.storage.database import check_known_schema

    drafts = [
        _draft(START + timedelta(days=day))._replace(
            uid=f"u{number}",
            kind="session" if names else "rest",
            holds=tuple(Hold(name, None, 30 * reps, reps) for name in names),
        )
        for number, (day, names, reps) in enumerate(entries)
    ]
    tables = []
    for bulk in (False, True):
        path = tmp_path_factory.mktemp("bulk") / "s.db"
        store = Store(path)
        with store.transaction():  # some history first, written one by one
            store.add_checked(drafts[:already])
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(store_module, "BULK_HOLDS", 1 if bulk else 10**9)
            with store.transaction():
                store.add_checked(drafts[already:])
        with store.transaction():  # and the triggers keep the totals again afterwards
            store.add_checked(
                [_draft(START)._replace(uid="after", holds=(Hold("pigeon", None, 5, 1),))]
            )
        with sqlite3.connect(path) as conn:
            check_known_schema(conn, str(path))
            tables.append({name: sorted(conn.execute(f"SELECT * FROM {name}")) for name in _KEPT})
        conn.close()
        store.close()
    assert tables[0] == tables[1]
