"""The day rules (domain/days.py): a day is stretched or a rest day, never both in what a user
sees; a session hides a rest day rather than deleting it; ids are never given twice."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stretchlog.domain.days import check_entry, repeated_rest_days
from stretchlog.domain.sessions import Hold, Session
from stretchlog.errors import BadValue
from stretchlog.storage.store import Store
from tests.conftest import Run
from tests.oracles import shown
from tests.test_guided import guided_env

TODAY = date(2026, 11, 25)


def kinds(ok: Run, *args: str) -> list[tuple[str, str, str | None]]:
    return [(e["kind"], e["date"], e["note"]) for e in ok("history", "--json", *args).json()]


def test_a_guided_session_on_a_rest_day_hides_it(ok: Run) -> None:
    ok("rest", "--note", "travel")
    env, _ = guided_env()
    assert "Today is no longer a rest day." in ok("start", "pigeon", "--prep", "0", env=env).stdout
    assert kinds(ok) == [("session", "2026-11-25", None)]
    streak = ok("streak", "--json").json()
    assert (streak["today_done"], streak["today_rest"]) == (True, False)
    assert ok("stats", "--json").json()["rest_days"] == 0


@pytest.mark.parametrize(
    "take_back",
    [("undo", "--yes"), ("delete", "2", "--yes"), ("edit", "2", "--date", "today")],
    ids=["undo", "delete", "edit --date"],
)
def test_the_rest_day_and_its_note_come_back_when_its_session_goes(
    ok: Run, take_back: tuple[str, ...]
) -> None:
    ok("rest", "--date", "yesterday", "--note", "flu")
    assert "is no longer a rest day" in ok("log", "pigeon", "--date", "yesterday").stdout
    assert kinds(ok) == [("session", "2026-11-24", None)]
    assert "Yesterday is a rest day again." in ok(*take_back).stdout
    expected = [("rest", "2026-11-24", "flu")]
    if take_back[0] == "edit":
        expected = [("session", "2026-11-25", None), *expected]
    assert kinds(ok) == expected
    assert ok("streak", "--json").json()["current"] == (1 if take_back[0] == "edit" else 0)


def test_moving_a_session_onto_a_rest_day_hides_it_and_off_it_shows_it(ok: Run) -> None:
    ok("rest", "--date", "yesterday", "--note", "hike")
    ok("log", "pigeon")
    assert "Yesterday is no longer a rest day." in ok("edit", "2", "--date", "yesterday").stdout
    assert kinds(ok) == [("session", "2026-11-24", None)]
    ok("edit", "2", "--date", "today")
    assert kinds(ok) == [("session", "2026-11-25", None), ("rest", "2026-11-24", "hike")]


def test_a_day_has_one_rest_day_and_none_once_stretched(ok: Run, fails: Run) -> None:
    ok("rest")
    assert "is already a rest day (id 1)" in fails("rest")
    ok("log", "pigeon", "--date", "yesterday")
    assert "you stretched on 2026-11-24" in fails("rest", "--date", "yesterday")
    assert "you stretched on 2026-11-24" in fails("edit", "1", "--date", "yesterday")


def test_ids_are_never_given_twice(ok: Run, db_path: Path) -> None:
    ok("log", "pigeon")
    ok("log", "bridge")
    ok("undo", "--yes")
    assert "Logged session 3 " in ok("log", "couch").stdout
    ok("delete", "3", "--yes")
    ok("rest", "--date", "yesterday")
    assert [e["id"] for e in ok("history", "--json").json()] == [1, 4]
    with sqlite3.connect(db_path) as conn:  # even after outside SQL took a higher id
        conn.execute(
            "INSERT INTO sessions (id, uid, day, logged_at, source) VALUES (9, 'x', '2026-11-01', '2026-11-01T08:00:00Z', 'sql')"
        )
        conn.execute("DELETE FROM sessions WHERE id = 9")
    assert "Logged session 10 " in ok("log", "pigeon").stdout


def test_undo_takes_the_entry_stored_last_whatever_the_clocks_say(ok: Run) -> None:
    """A session imported from a device whose clock ran ahead is not 'the one logged last'."""
    ok("log", "pigeon")
    ahead = {
        "stretchlog_export": 1,
        "sessions": [
            {
                "uid": "ahead", "date": "2026-11-20", "logged_at": "2026-11-25T23:59:00Z",
                "kind": "session", "source": "manual", "note": None, "tightness": None,
                "tightness_before": None,
                "stretches": [{"id": "pigeon", "side": "left", "seconds": 30, "reps": 1}],
            }
        ],
    }  # fmt: skip
    ok("log", "bridge")
    path = Path("ahead.json").absolute()
    path.write_text(json.dumps(ahead))
    try:
        ok("import", str(path))
        assert "Removed session 3." in ok("undo", "--yes").stdout
    finally:
        path.unlink()
    assert "Removed session 2." in ok("undo", "--yes").stdout


def test_an_export_with_a_hidden_rest_day_imports_and_exports_the_same(
    ok: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok("rest", "--date", "yesterday", "--note", "flu")
    ok("log", "pigeon", "--date", "yesterday")
    exported = ok("export").stdout
    assert '"kind": "rest"' in exported
    monkeypatch.setenv("STRETCHLOG_DB", str(tmp_path / "other.db"))
    (tmp_path / "export.json").write_text(exported)
    ok("import", str(tmp_path / "export.json"))
    assert ok("export").stdout == exported
    assert kinds(ok) == [("session", "2026-11-24", None)]
    ok("undo", "--yes")
    assert kinds(ok) == [("rest", "2026-11-24", "flu")]


def test_importing_a_second_rest_day_for_a_day_skips_it(ok: Run, tmp_path: Path) -> None:
    ok("rest", "--date", "yesterday")
    rest = {
        "uid": "other-rest", "date": "2026-11-24", "logged_at": "2026-11-24T08:00:00Z",
        "kind": "rest", "source": "manual", "note": None, "tightness": None,
        "tightness_before": None, "stretches": [],
    }  # fmt: skip
    file = tmp_path / "rest.json"
    file.write_text(json.dumps({"stretchlog_export": 1, "sessions": [rest]}))
    assert "1 rest day skipped: that day is a rest day already." in ok("import", str(file)).stdout
    assert len(ok("history", "--json").json()) == 1


# The rules themselves, and the store's SQL holding to them


def entry(offset: int, kind: str, number: int) -> Session:
    holds = () if kind == "rest" else (Hold("pigeon", "left", 30, 1),)
    return Session(
        day=TODAY - timedelta(days=offset),
        logged_at=datetime(2026, 11, 25, 8, tzinfo=UTC) + timedelta(minutes=number),
        note=None,
        tightness=None,
        source="manual",
        holds=holds,
        uid=f"u{number}",
        kind=kind,
    )


def test_check_entry_allows_sessions_and_one_rest_day() -> None:
    rest, session = entry(0, "rest", 1), entry(0, "session", 2)
    check_entry(session, [rest, session])
    check_entry(rest, [session])
    with pytest.raises(BadValue, match="already a rest day"):
        check_entry(entry(0, "rest", 3), [rest])


def test_repeated_rest_days_keep_the_first_of_each_day() -> None:
    first, again, other = entry(1, "rest", 1), entry(1, "rest", 2), entry(2, "rest", 3)
    assert repeated_rest_days([first, again, other], []) == [again]
    assert repeated_rest_days([other], [other.day]) == [other]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 6), st.sampled_from(["session", "rest"])), max_size=25))
def test_history_shows_what_the_day_rules_show(
    tmp_path_factory: pytest.TempPathFactory, entries: list[tuple[int, str]]
) -> None:
    store = Store(tmp_path_factory.mktemp("days") / "s.db")
    kept: list[Session] = []
    with store.transaction():
        for number, (offset, kind) in enumerate(entries):
            draft = entry(offset, kind, number)
            try:
                check_entry(draft, [e for e in kept if e.day == draft.day])
            except BadValue:
                continue
            kept.append(store.add_session(draft))
    expected = {
        e.uid for day in {e.day for e in kept} for e in shown([k for k in kept if k.day == day])
    }
    assert {e.uid for e in store.sessions()} == expected
    assert {e.uid for e in store.sessions(hidden=True)} == {e.uid for e in kept}
    rested = {e.day for e in kept if e.is_rest} - {e.day for e in kept if not e.is_rest}
    assert store.totals(None, TODAY).rest_days == len(rested)
    latest = store.latest_logged()
    visible = [e for e in kept if e.uid in expected]
    assert latest == (max(visible, key=lambda e: e.id) if visible else None)
    store.close()
